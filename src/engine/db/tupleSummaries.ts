// Checkpoint summaries from LangGraph's CheckpointTuple (decoded by any checkpointer's getTuple),
// for backends whose stored form the engine does not read itself (Postgres). The same summary
// as checkpointSummaries.ts derives from the workspace database's records: next nodes from the
// channels, writers from the metadata or the lineage (writersOf).

import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { writersOf } from "../../protocol/checkpointNames";
import type { CheckpointSummary } from "../../protocol/engine";

/** LangGraph's channel of pending `Send` packets (PUSH tasks). */
const TASKS = "__pregel_tasks";
/** Channels that trigger a node (LangGraph 1.x): holding a value ⇔ the node runs next. */
const BRANCH_TO = "branch:to:";

/** Reads a checkpoint of the same thread and namespace by id (for the lineage). */
export type TupleReader = (checkpointId: string) => Promise<CheckpointTuple | undefined>;

export async function summarizeTuple(tuple: CheckpointTuple, read: TupleReader): Promise<CheckpointSummary> {
  const { step, source } = described(tuple);
  const parentCheckpointId = parentIdOf(tuple);
  return {
    checkpointId: tuple.checkpoint.id,
    ...(parentCheckpointId !== undefined ? { parentCheckpointId } : {}),
    step,
    source,
    writers: await writersOfTuple(tuple, read),
    next: nextOfTuple(tuple),
    ...(typeof tuple.checkpoint.ts === "string" ? { createdAt: tuple.checkpoint.ts } : {}),
  };
}

/** `Send` targets first (LangGraph prepares PUSH tasks first), then triggered nodes, then `__start__` for unprocessed input. */
export function nextOfTuple(tuple: CheckpointTuple): string[] {
  const values = tuple.checkpoint.channel_values;
  return nextOfChannels(Object.keys(values), values[TASKS]);
}

/** The same from the names of the channels holding a value and the pending sends (the `__pregel_tasks` value). */
export function nextOfChannels(channels: readonly string[], sends: unknown): string[] {
  const next = new Set<string>();
  if (Array.isArray(sends)) {
    for (const send of sends) {
      const node = (send as { node?: unknown } | null)?.node;
      if (typeof node === "string") next.add(node);
    }
  }
  for (const channel of channels) if (channel.startsWith(BRANCH_TO)) next.add(channel.slice(BRANCH_TO.length));
  if (channels.includes("__start__")) next.add("__start__");
  return [...next];
}

/** The graph id its metadata names, if any. */
export function graphIdOfTuple(tuple: CheckpointTuple): string | undefined {
  const id = (tuple.metadata as { graph_id?: unknown } | undefined)?.graph_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

function parentIdOf(tuple: CheckpointTuple): string | undefined {
  const id = tuple.parentConfig?.configurable?.checkpoint_id;
  return typeof id === "string" ? id : undefined;
}

function described(tuple: CheckpointTuple): { step: number; source: string } {
  const metadata = (tuple.metadata ?? {}) as { step?: unknown; source?: unknown };
  return { step: typeof metadata.step === "number" ? metadata.step : 0, source: typeof metadata.source === "string" ? metadata.source : "loop" };
}

/** Metadata `writes` (LangGraph < 1), else what the lineage says: up the chain of edits until a loop or input checkpoint. */
async function writersOfTuple(tuple: CheckpointTuple, read: TupleReader): Promise<string[]> {
  const writes = (tuple.metadata as { writes?: unknown } | undefined)?.writes;
  if (typeof writes === "object" && writes !== null) return Object.keys(writes);
  const self = described(tuple);
  if (self.source === "input") return ["__start__"];
  const parentId = parentIdOf(tuple);
  const parent = parentId !== undefined ? await read(parentId) : undefined;
  if (!parent) return [];
  const parentStep = described(parent).step;
  const needsParentWriters = self.source !== "loop" && !(self.source === "fork" && parentStep !== self.step - 1);
  return writersOf(self, { step: parentStep, next: nextOfTuple(parent), writers: needsParentWriters ? await writersOfTuple(parent, read) : [] });
}
