// A debug session's record and replay of model, tool and HTTP calls (src/calls), kept in the
// workspace database with the thread's checkpoints.
//
// Which recordings a call may replay: the calls of the same thread, node, kind and number
// (call 2 of call_model), except those whose step already ran on the way to the present one.
// A recording sits on the checkpoint its step produced; if that checkpoint is the step's own
// checkpoint or one before it, the step it records is history on this branch, not the step
// being run again (a loop's second call with the same prompt is a new call). Re-running from a
// past checkpoint, a fork, an edit, a resumed interrupt or a retried node finds the recordings
// of the branch it left: the calls there are replayed, the rest go live and are recorded.

import type { LocatedCall, NewCall, WorkspaceCallLog } from "../../persistence/calls";
import type { CallRecord } from "../../persistence/records";
import { RecordingHandler, type Candidate, type ReplayNotice, type ReplayMode, type TaskPosition } from "../../calls/recordingHandler";

export class SessionCallRecorder extends RecordingHandler {
  private pending: NewCall[] = [];
  /** The thread's recordings by kind, node and number; read at the first call of a run. */
  private recordings: Map<string, LocatedCall[]> | undefined;

  constructor(
    readonly log: WorkspaceCallLog | undefined,
    private readonly threadId: string,
    mode: ReplayMode,
    private readonly say: (text: string) => void,
  ) {
    super(mode);
  }

  /**
   * Whether the session's runs hand their calls to this recorder: not when it has nowhere to
   * record them and nothing to replay, except in strict mode, which fails every call then.
   */
  get handlesCalls(): boolean {
    return this.log !== undefined || this.mode === "strict";
  }

  override startRun(): void {
    super.startRun();
    this.recordings = undefined;
  }

  protected candidates(position: TaskPosition, kind: CallRecord["kind"], index: number): Candidate[] {
    if (!this.log) return [];
    this.recordings ??= byCall(this.log.list(this.threadId));
    const found = this.recordings.get(callKey(kind, position.node, index)) ?? [];
    if (found.length === 0) return [];
    const lineage = this.log.lineage(this.threadId, position.ns, position.from);
    return found.filter((located) => replayable(located, position, lineage)).map(({ call }) => ({ call, sameCheckpoint: call.from === position.from }));
  }

  protected keep(position: TaskPosition, record: CallRecord): void {
    if (this.log) this.pending.push({ ns: position.ns, call: record });
  }

  protected override replayed(notice: ReplayNotice): void {
    this.say(`↺ replayed ${notice.call.name} call ${notice.call.index} of ${notice.call.node} (recorded at step ${notice.of.step ?? "?"})\n`);
  }

  /** Saves the run's calls, each on the checkpoint its step produced. */
  async flush(): Promise<void> {
    await this.settled();
    const calls = this.pending;
    this.pending = [];
    if (this.log && calls.length > 0) await this.log.record(this.threadId, calls);
  }
}

function callKey(kind: string, node: string, index: number): string {
  return `${kind}\u0000${node}\u0000${index}`;
}

function byCall(calls: readonly LocatedCall[]): Map<string, LocatedCall[]> {
  const map = new Map<string, LocatedCall[]>();
  for (const located of calls) {
    const key = callKey(located.call.kind, located.call.node, located.call.index);
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(located);
  }
  return map;
}

/**
 * Whether a recording answers a call made from `position` (`lineage`: its checkpoint and the
 * ancestors, nearest first): not when the step it records already ran on this branch.
 */
function replayable(located: LocatedCall, position: TaskPosition, lineage: readonly string[]): boolean {
  // Another subgraph run's namespace: never on this branch's lineage.
  if (located.ns !== position.ns) return true;
  const unfinished = located.checkpointId === located.call.from;
  // An unfinished step (error, interrupt) on this checkpoint is the one being run again.
  if (unfinished) return !lineage.slice(1).includes(located.checkpointId);
  return !lineage.includes(located.checkpointId);
}
