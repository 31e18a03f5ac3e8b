// Record and replay, apart from where recordings live: which task made a call (from LangGraph's
// runnable config), its number within the task, the choice between a recording and a live
// call by the replay mode, and the record kept of either. A debug session keeps records in the
// workspace database (engine/session/callRecorder.ts); a regression test reads them from its
// recordings file (src/testing).

import { randomUUID } from "node:crypto";
import type { CallRecord } from "../persistence/records";
import type { ReplayMode } from "../protocol/engine";
import { enclosingNs, nodePathOf, qualify } from "../protocol/nodePaths";
import type { CallConfig, CallHandler, CallOutcome, CallSite, CallTicket } from "./callHandler";
import { requestDifferences, requestHash } from "./requests";

export type { ReplayMode };

export const REPLAY_MODES: readonly ReplayMode[] = ["auto", "strict", "off"];

/** Where a call was made: the task, its node and step, and the checkpoint its step ran from. */
export interface TaskPosition {
  task: string;
  node: string;
  step?: number;
  /** The checkpoint namespace of the graph the node runs in ("" at the top). */
  ns: string;
  from: string;
}

/**
 * The node a runnable config runs, named as sessions name nodes (`polish:tidy` inside the
 * subgraph node `polish`), its step, the checkpoint namespace of its graph, and the checkpoint
 * its step ran from. LangGraph prepares every task of a superstep from the loop's current
 * checkpoint and puts that checkpoint's id in the task's `checkpoint_map`, under the namespace
 * of the graph the task runs in (pregel/algo: `[parentNamespace]: checkpoint.id`), while it
 * clears the task's own `checkpoint_id`; on a forked thread each branch runs its step from its
 * own checkpoint. Undefined outside a node. Also what a store write names as its writer
 * (engine/session/storeWriters.ts).
 */
export function nodePositionOf(config: CallConfig): { node: string; ns: string; step?: number; from?: string } | undefined {
  const metadata = config?.metadata ?? {};
  const configurable = config?.configurable ?? {};
  const node = metadata.langgraph_node;
  if (typeof node !== "string") return undefined;
  // The node's own namespace is `…|<node>:<task id>`; the namespace enclosing it names the subgraph path.
  const taskNs = metadata.langgraph_checkpoint_ns ?? configurable.checkpoint_ns;
  const ns = typeof taskNs === "string" ? enclosingNs(taskNs) : "";
  const position: { node: string; ns: string; step?: number; from?: string } = { node: qualify(nodePathOf(ns), node), ns };
  if (typeof metadata.langgraph_step === "number") position.step = metadata.langgraph_step;
  const map = configurable.checkpoint_map;
  const from = typeof map === "object" && map !== null ? (map as Record<string, unknown>)[ns] : undefined;
  if (typeof from === "string") position.from = from;
  return position;
}

/** The task a runnable config belongs to, or undefined outside a LangGraph node. */
export function taskPositionOf(config: CallConfig): TaskPosition | undefined {
  const task = config?.configurable?.__pregel_task_id;
  const position = nodePositionOf(config);
  if (typeof task !== "string" || position?.from === undefined) return undefined;
  return { ...position, task, from: position.from };
}

/** A recorded call that could answer a new one. */
export interface Candidate {
  call: CallRecord;
  /** Recorded when its step ran from the same checkpoint as the new call's. */
  sameCheckpoint: boolean;
}

/** A call answered from a recording (`of`) instead of a live call. */
export interface ReplayNotice {
  call: CallRecord;
  of: CallRecord;
}

export abstract class RecordingHandler implements CallHandler {
  /** Calls so far per task in this run, to number them. */
  private readonly counts = new Map<string, number>();
  /** Calls begun and not finished (an HTTP body still arriving), and who waits for none. */
  private open = 0;
  private idle: (() => void)[] = [];

  constructor(public mode: ReplayMode) {}

  /** Recorded calls of the same node, kind and number that this one may replay (any request). */
  protected abstract candidates(position: TaskPosition, kind: CallRecord["kind"], index: number): Candidate[];
  /** Keeps the record of a finished call. */
  protected abstract keep(position: TaskPosition, record: CallRecord): void;
  protected replayed(_notice: ReplayNotice): void {}

  /** A new run numbers its calls from 1 again. */
  startRun(): void {
    this.counts.clear();
  }

  /** Resolves when every call begun has finished, or after `limitMs` (a body nobody reads to its end). */
  protected settled(limitMs = 2000): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, limitMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  begin(site: CallSite, config: CallConfig): CallTicket {
    const position = taskPositionOf(config);
    // Outside a node (a store's embeddings, code at import): nothing to attribute it to.
    if (!position) return { finish: () => undefined };
    const index = (this.counts.get(position.task) ?? 0) + 1;
    this.counts.set(position.task, index);
    const hash = requestHash(site.request);
    const startedAt = new Date();
    const started = performance.now();
    let replayOf: CallRecord | undefined;
    if (this.mode !== "off") {
      const candidates = this.candidates(position, site.kind, index).filter(({ call }) => call.name === site.name);
      replayOf = pickRecording(candidates, hash, position.step);
      if (!replayOf && this.mode === "strict") throw strictReplayError(site, position, index, hash, candidates);
    }
    const record: CallRecord = {
      id: randomUUID(),
      from: position.from,
      task: position.task,
      node: position.node,
      ...(position.step !== undefined ? { step: position.step } : {}),
      index,
      kind: site.kind,
      name: site.name,
      ...(site.model ? { model: site.model } : {}),
      request: site.request,
      requestHash: hash,
      startedAt: startedAt.toISOString(),
      latencyMs: 0,
    };
    if (replayOf) {
      record.replayedFrom = replayOf.id;
      this.replayed({ call: record, of: replayOf });
    }
    this.open++;
    let finished = false;
    return {
      replay: replayOf?.response,
      finish: (outcome: CallOutcome) => {
        if (finished) return;
        finished = true;
        if (--this.open === 0) for (const wake of this.idle.splice(0)) wake();
        record.latencyMs = replayOf ? 0 : Math.round((performance.now() - started) * 10) / 10;
        if (outcome.response !== undefined) record.response = outcome.response;
        if (outcome.error !== undefined) record.error = describeCallError(outcome.error);
        if (outcome.usage) record.usage = outcome.usage;
        if (outcome.unreplayable) record.unreplayable = true;
        this.keep(position, record);
      },
    };
  }
}

/**
 * The recording to replay: one with the same request that answered (no error), preferring one
 * recorded from the same checkpoint, then an edited one, then one of the same step, then the newest.
 */
export function pickRecording(candidates: readonly Candidate[], hash: string, step?: number): CallRecord | undefined {
  const usable = candidates.filter(({ call }) => call.requestHash === hash && call.error === undefined && call.response !== undefined && !call.unreplayable);
  usable.sort(
    (a, b) =>
      Number(b.sameCheckpoint) - Number(a.sameCheckpoint) ||
      Number(b.call.editedFrom !== undefined) - Number(a.call.editedFrom !== undefined) ||
      Number(b.call.step === step) - Number(a.call.step === step) ||
      (a.call.startedAt < b.call.startedAt ? 1 : a.call.startedAt > b.call.startedAt ? -1 : 0),
  );
  return usable[0]?.call;
}

/** The error a strict replay fails a node with: the closest recording and how the request differs. */
export function strictReplayError(site: CallSite, position: TaskPosition, index: number, hash: string, candidates: readonly Candidate[]): Error {
  const what = `${site.name} call ${index} of ${position.node}`;
  const closest = [...candidates]
    .filter(({ call }) => call.requestHash !== hash)
    .map(({ call }) => ({ call, differences: requestDifferences(call.request, site.request, 50).length }))
    .sort((a, b) => a.differences - b.differences)[0]?.call;
  if (!closest) {
    return new Error(
      `replay "strict": no recording of ${what} (step ${position.step ?? "?"}). The recorded run made no such call here: run with replay "auto" to call out and record it.`,
    );
  }
  const lines = requestDifferences(closest.request, site.request).map((line) => `  ${line}`);
  return new Error(
    `replay "strict": no recording of ${what} matches its request. The closest, recorded at step ${closest.step ?? "?"}, differs:\n${lines.join("\n")}\n` +
      `If the change is intended, run with replay "auto" to record the new answer.`,
  );
}

function describeCallError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
