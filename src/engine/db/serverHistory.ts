// A LangGraph server's thread history (threads.getHistory: ThreadState, newest first) as the
// views' summaries and details. The server gives what LangGraph's getStateHistory gives: values,
// next nodes, metadata, parent and the tasks with their writes; writers follow from the lineage
// (writersOf), as for the other backends.

import type { CheckpointMetadata, CheckpointPendingWrite, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { ThreadState } from "@langchain/langgraph-sdk";
import { writersOf } from "../../protocol/checkpointNames";
import type { CheckpointDetail, CheckpointSummary } from "../../protocol/engine";
import { isInternalChannel } from "./checkpointSummaries";

/** The summaries of a whole history (newest first), in the same order. */
export function summarizeHistory(history: readonly ThreadState[]): CheckpointSummary[] {
  const byId = new Map<string, CheckpointSummary>();
  // Oldest first: a checkpoint's writers may need its parent's.
  for (const state of [...history].reverse()) {
    const { step, source } = described(state);
    const parentCheckpointId = state.parent_checkpoint?.checkpoint_id ?? undefined;
    const parent = parentCheckpointId !== undefined ? byId.get(parentCheckpointId) : undefined;
    byId.set(checkpointIdOf(state), {
      checkpointId: checkpointIdOf(state),
      ...(parentCheckpointId ? { parentCheckpointId } : {}),
      step,
      source,
      writers: writersOf({ step, source }, parent),
      next: [...state.next],
      ...(state.created_at ? { createdAt: state.created_at } : {}),
    });
  }
  return history.map((state) => byId.get(checkpointIdOf(state))!);
}

/** A checkpoint's detail: its values without LangGraph's own channels, and its tasks' writes and interrupts as pending writes. */
export function detailOfState(summary: CheckpointSummary, threadId: string, state: ThreadState): CheckpointDetail {
  const values: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries((state.values ?? {}) as Record<string, unknown>)) if (!isInternalChannel(channel)) values[channel] = value;
  return { ...summary, threadId, values, metadata: { ...(state.metadata ?? {}) }, pendingWrites: pendingWritesOf(state) };
}

export function checkpointIdOf(state: ThreadState): string {
  return state.checkpoint.checkpoint_id ?? "";
}

/**
 * A history (newest first) as LangGraph checkpoint tuples, oldest first, for copying the thread
 * into a backend that runs graphs (copyThread.ts). The API gives states, not checkpoints, so
 * what a checkpoint holds beyond the state is rebuilt: a `branch:to:<node>` trigger per next
 * node (`__start__` holds the input), one channel version per checkpoint, no versions seen, and
 * the tasks' writes as pending writes. The copy's history reads the same in the views; a
 * subgraph's own checkpoints are not in the API's history and are not copied.
 */
export function tuplesOfHistory(history: readonly ThreadState[], threadId: string): CheckpointTuple[] {
  return [...history].reverse().map((state, index) => {
    const version = index + 1;
    const channelValues: Record<string, unknown> = { ...((state.values ?? {}) as Record<string, unknown>) };
    const writes = pendingWritesOf(state);
    for (const node of state.next) {
      if (node === "__start__") channelValues.__start__ = state.tasks.find((task) => task.name === "__start__")?.result ?? null;
      else channelValues[`branch:to:${node}`] = null;
    }
    const parentId = state.parent_checkpoint?.checkpoint_id;
    const config = (checkpointId: string) => ({ configurable: { thread_id: threadId, checkpoint_ns: "", checkpoint_id: checkpointId } });
    return {
      config: config(checkpointIdOf(state)),
      checkpoint: {
        v: 4,
        id: checkpointIdOf(state),
        ts: state.created_at ?? new Date(0).toISOString(),
        channel_values: channelValues,
        channel_versions: Object.fromEntries(Object.keys(channelValues).map((channel) => [channel, version])),
        versions_seen: {},
      },
      metadata: { ...(state.metadata ?? {}) } as CheckpointMetadata,
      ...(parentId ? { parentConfig: config(parentId) } : {}),
      pendingWrites: writes.map(({ taskId, channel, value }): CheckpointPendingWrite => [taskId, channel, value]),
    };
  });
}

function pendingWritesOf(state: ThreadState): CheckpointDetail["pendingWrites"] {
  const writes: CheckpointDetail["pendingWrites"] = [];
  for (const task of state.tasks ?? []) {
    const result = task.result;
    if (typeof result === "object" && result !== null && !Array.isArray(result))
      for (const [channel, value] of Object.entries(result)) writes.push({ taskId: task.id, node: task.name, channel, value });
    if (task.interrupts.length > 0) writes.push({ taskId: task.id, node: task.name, channel: "__interrupt__", value: task.interrupts });
  }
  return writes;
}

function described(state: ThreadState): { step: number; source: string } {
  const metadata = (state.metadata ?? {}) as { step?: unknown; source?: unknown };
  return { step: typeof metadata.step === "number" ? metadata.step : 0, source: typeof metadata.source === "string" ? metadata.source : "loop" };
}
