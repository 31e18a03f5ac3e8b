// The model, tool and HTTP calls recorded during debug sessions (CallRecord), kept with the
// checkpoints of their thread: a run's calls go on the checkpoint their step produced, so each
// branch of a forked thread keeps its own, and a call whose step never produced one (an error,
// an interrupt, Stop) stays on the checkpoint it ran from. Deleting a thread deletes its calls.

import type { WorkspaceDatabase } from "./database";
import type { CallRecord, NewJournalEntry } from "./records";
import type { CheckpointNamespace } from "./state";
import { checkpointNamespace } from "./state";

/** A recorded call and where it sits: its checkpoint namespace and checkpoint. */
export interface LocatedCall {
  ns: string;
  checkpointId: string;
  call: CallRecord;
}

/** A call a run made, before it is placed: in the checkpoint namespace of its step. */
export interface NewCall {
  ns: string;
  call: CallRecord;
}

export class WorkspaceCallLog {
  constructor(private readonly db: WorkspaceDatabase) {}

  /**
   * Saves the calls a run made. Each goes on the checkpoint its step produced: the child of
   * `call.from` written after the call started (a re-run from the same checkpoint writes a new
   * child, so the newest such is this run's); none yet means the step did not finish.
   */
  async record(threadId: string, calls: readonly NewCall[]): Promise<void> {
    if (calls.length === 0) return;
    await this.db.commitInOrder(() => {
      const byCheckpoint = new Map<string, { ns: string; id: string; calls: CallRecord[] }>();
      for (const { ns, call } of calls) {
        const space = checkpointNamespace(this.db.state, threadId, ns);
        if (space?.checkpoints.has(call.from) !== true) continue;
        const id = producedBy(space, call.from, call.startedAt) ?? call.from;
        const key = `${ns}\u0000${id}`;
        let entry = byCheckpoint.get(key);
        if (entry === undefined) byCheckpoint.set(key, (entry = { ns, id, calls: [] }));
        entry.calls.push(call);
      }
      return [...byCheckpoint.values()].map(({ ns, id, calls: records }): NewJournalEntry => ({ op: "calls", thread: threadId, ns, id, calls: records }));
    });
  }

  /** Every call recorded in the thread, in every namespace, oldest checkpoint first. */
  list(threadId: string): LocatedCall[] {
    const located: LocatedCall[] = [];
    for (const [ns, space] of this.db.state.threads.get(threadId) ?? []) {
      for (const id of space.ids) {
        for (const call of space.checkpoints.get(id)!.calls ?? []) located.push({ ns, checkpointId: id, call });
      }
    }
    return located;
  }

  /** The calls recorded on one checkpoint. */
  at(threadId: string, ns: string, checkpointId: string): CallRecord[] {
    return checkpointNamespace(this.db.state, threadId, ns)?.checkpoints.get(checkpointId)?.calls ?? [];
  }

  /** `checkpointId` and its ancestors in its namespace, nearest first. */
  lineage(threadId: string, ns: string, checkpointId: string): string[] {
    const space = checkpointNamespace(this.db.state, threadId, ns);
    const ids: string[] = [];
    for (let id: string | null | undefined = checkpointId; id && !ids.includes(id); id = space?.checkpoints.get(id)?.parent) ids.push(id);
    return ids;
  }

  /**
   * Keeps `edited` (a copy of a recorded call with the response the user wrote) beside the call
   * it edits: the original stays as it was.
   */
  async addEdited(threadId: string, ns: string, checkpointId: string, edited: CallRecord): Promise<void> {
    await this.db.commitInOrder(() => [{ op: "calls", thread: threadId, ns, id: checkpointId, calls: [edited] }]);
  }
}

/** The child of `from` written after `since` (ISO), the first such if several. */
function producedBy(space: CheckpointNamespace, from: string, since: string): string | undefined {
  for (const id of space.ids) {
    const record = space.checkpoints.get(id)!;
    if (record.parent !== from) continue;
    const ts = (record.checkpoint as { ts?: unknown }).ts;
    if (typeof ts === "string" && ts >= since) return id;
  }
  return undefined;
}
