// What the debugger view reads of a thread's checkpoints, from the view's database (db/*
// requests): every checkpoint of the timeline in pages, a checkpoint with the one its diff is
// against, and a node's last run. Reads only: the host decides what to post and when.

import type { CheckpointDetail, CheckpointSummary, EngineResult } from "../../protocol/engine";
import type { DbMethod, DbParams } from "../workspaceDb";

/** The requests of the view's database (its DatabaseLink) the reads make. */
export interface DatabaseRequests {
  request<M extends DbMethod>(method: M, params: DbParams<M>): Promise<EngineResult<M>>;
}

/** Checkpoints or threads asked for per db/* request; the engine pages by 100 when not told. */
const PAGE = 5000;

/** The first page, then the rest of `total` at once. */
export async function allPages<T>(fetch: (page: { offset: number; limit: number }) => Promise<{ rows: T[]; total: number }>): Promise<T[]> {
  const first = await fetch({ offset: 0, limit: PAGE });
  if (first.rows.length >= first.total) return first.rows;
  const offsets: number[] = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) offsets.push(offset);
  const rest = await Promise.all(offsets.map((offset) => fetch({ offset, limit: PAGE })));
  return [...first.rows, ...rest.flatMap((page) => page.rows)];
}

/** Every checkpoint of a thread: the timeline is a tree, so it needs all the parent links. */
export function allCheckpoints(db: DatabaseRequests, threadId: string): Promise<CheckpointSummary[]> {
  return allPages((page) =>
    db.request("db/checkpoints", { threadId, ...page, storeWrites: true }).then(({ checkpoints, total }) => ({ rows: checkpoints, total })),
  );
}

/**
 * A checkpoint and the one its diff is against: the checkpoint `compareWith` when the user
 * compares, else its parent (the first checkpoint of a thread has none).
 */
export async function checkpointWithBase(
  db: DatabaseRequests,
  threadId: string,
  checkpointId: string,
  compareWith: string | undefined,
): Promise<{ checkpoint: CheckpointDetail; base: CheckpointDetail | undefined; compared: boolean }> {
  const compared = compareWith ? db.request("db/checkpoint", { threadId, checkpointId: compareWith }) : undefined;
  const checkpoint = await db.request("db/checkpoint", { threadId, checkpointId });
  const base = compared
    ? await compared
    : checkpoint.parentCheckpointId
      ? await db.request("db/checkpoint", { threadId, checkpointId: checkpoint.parentCheckpointId }).catch(() => undefined)
      : undefined;
  return { checkpoint, base, compared: compared !== undefined };
}

/** The newest checkpoint from `from` back along its lineage that `nodeId` wrote. */
export function lastRunOf(checkpoints: CheckpointSummary[], from: string, nodeId: string): CheckpointSummary | undefined {
  const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint]));
  let ran = byId.get(from);
  while (ran && !ran.writers.includes(nodeId)) ran = ran.parentCheckpointId ? byId.get(ran.parentCheckpointId) : undefined;
  return ran;
}

/** What a node wrote in its run: the pending writes of the checkpoint before it, by channel. */
export function nodeOutput(parent: CheckpointDetail, nodeId: string): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const write of parent.pendingWrites) if (write.node === nodeId && !write.channel.startsWith("__")) output[write.channel] = write.value;
  return output;
}
