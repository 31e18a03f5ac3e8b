// A LangGraph server's thread history (threads.getHistory: ThreadState, newest first) as the
// views' summaries and details. The server gives what LangGraph's getStateHistory gives: values,
// next nodes, metadata, parent and the tasks with their writes; writers follow from the lineage
// (writersOf), as for the other backends.

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
  const pendingWrites: CheckpointDetail["pendingWrites"] = [];
  for (const task of state.tasks ?? []) {
    const result = task.result;
    if (typeof result === "object" && result !== null && !Array.isArray(result))
      for (const [channel, value] of Object.entries(result)) pendingWrites.push({ taskId: task.id, node: task.name, channel, value });
    if (task.interrupts.length > 0) pendingWrites.push({ taskId: task.id, node: task.name, channel: "__interrupt__", value: task.interrupts });
  }
  return { ...summary, threadId, values, metadata: { ...(state.metadata ?? {}) }, pendingWrites };
}

export function checkpointIdOf(state: ThreadState): string {
  return state.checkpoint.checkpoint_id ?? "";
}

function described(state: ThreadState): { step: number; source: string } {
  const metadata = (state.metadata ?? {}) as { step?: unknown; source?: unknown };
  return { step: typeof metadata.step === "number" ? metadata.step : 0, source: typeof metadata.source === "string" ? metadata.source : "loop" };
}
