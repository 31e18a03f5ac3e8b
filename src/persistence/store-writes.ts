// Each step's store writes: the versions of store items (storeHistory.ts) that a debug session's
// nodes wrote in a step, found by the checkpoint the step ran from (writtenBy.checkpointId),
// each with the version it replaced; a subgraph's writes count for the steps of the graphs
// above it too. Only the items the step-write index names are read, not every item's history.

import type { StoreVersion } from "./records";
import type { DbState } from "./state";
import { StepWriteIndex } from "./step-write-index";
import { itemAddressOf, versionOf } from "./storeHistory";

export type StoreChange = "added" | "changed" | "deleted";

/** One put or delete of a step, as the database keeps it (values still encoded). */
export interface StepWrite {
  namespace: string[];
  key: string;
  change: StoreChange;
  /** The version the write replaced; undefined when the item did not exist (or that version is no longer kept). */
  before?: StoreVersion;
  after: StoreVersion;
}

/**
 * The store writes of thread `threadId`'s nodes, by the checkpoint each step ran from, every
 * list ordered by namespace and key. Writes recorded before writers named a checkpoint are left out.
 */
export function stepWritesOf(state: DbState, threadId: string): Map<string, StepWrite[]> {
  const steps = stepWriteIndex(state).stepsOf(threadId);
  return writesOf(state, threadId, steps, new Set(steps.keys()));
}

/** The store writes of the step of thread `threadId` that ran from `checkpointId` (see stepWritesOf). */
export function stepWritesAt(state: DbState, threadId: string, checkpointId: string): StepWrite[] {
  const steps = stepWriteIndex(state).stepsOf(threadId);
  // Its own writes, and those of the subgraph steps that ran inside it.
  const wanted = new Set([checkpointId]);
  for (const [subgraphCheckpointId, parents] of subgraphParents(state, threadId)) {
    if (steps.has(subgraphCheckpointId) && parents.includes(checkpointId)) wanted.add(subgraphCheckpointId);
  }
  return writesOf(state, threadId, steps, wanted).get(checkpointId) ?? [];
}

/** The index of the items each step wrote, built from the whole state the first time. */
function stepWriteIndex(state: DbState): StepWriteIndex {
  if (state.stepWrites !== undefined) return state.stepWrites;
  const index = new StepWriteIndex();
  for (const [nsKey, space] of state.store) for (const [key, item] of space.items) index.note(nsKey, key, item.writtenBy);
  for (const [id, versions] of state.storeHistory.entries()) {
    const [nsKey, key] = itemAddressOf(id);
    for (const version of versions) index.note(nsKey, key, version.writtenBy);
  }
  state.stepWrites = index;
  return index;
}

/** The writes of the `wanted` steps (by checkpoint), reading only the items the index names for them. */
function writesOf(state: DbState, threadId: string, steps: ReadonlyMap<string, ReadonlySet<string>>, wanted: ReadonlySet<string>): Map<string, StepWrite[]> {
  const byCheckpoint = new Map<string, StepWrite[]>();
  const found = (checkpointId: string, nsKey: string, key: string, after: StoreVersion, replaced: StoreVersion | undefined) => {
    const before = replaced !== undefined && !replaced.deleted ? publicVersion(replaced) : undefined;
    const write: StepWrite = {
      namespace: nsKey.split("."),
      key,
      change: after.deleted ? "deleted" : before ? "changed" : "added",
      after: publicVersion(after),
    };
    if (before) write.before = before;
    const writes = byCheckpoint.get(checkpointId);
    if (writes) writes.push(write);
    else byCheckpoint.set(checkpointId, [write]);
  };
  /** The checkpoint the version's step ran from, when one of the wanted steps of this thread wrote it. */
  const stepOf = (version: StoreVersion) => {
    const checkpointId = version.writtenBy?.threadId === threadId ? version.writtenBy.checkpointId : undefined;
    return checkpointId !== undefined && wanted.has(checkpointId) ? checkpointId : undefined;
  };
  const items = new Set<string>();
  for (const checkpointId of wanted) for (const id of steps.get(checkpointId) ?? []) items.add(id);
  // Each version against the one before it, oldest first; no copies unless it is one of the wanted steps'.
  for (const id of items) {
    const [nsKey, key] = itemAddressOf(id);
    const item = state.store.get(nsKey)?.items.get(key);
    const earlier = state.storeHistory.versions(nsKey, key);
    const current = item?.writtenBy === undefined ? undefined : versionOf(item, 0);
    for (let i = 0; i <= earlier.length; i++) {
      const version = i < earlier.length ? earlier[i] : current;
      const checkpointId = version && stepOf(version);
      if (version !== undefined && checkpointId !== undefined) found(checkpointId, nsKey, key, version, earlier[i - 1]);
    }
  }
  addSubgraphWrites(state, threadId, byCheckpoint);
  for (const writes of byCheckpoint.values()) writes.sort(byAddress);
  return byCheckpoint;
}

/** A version without the journal seq that history keeps with it. */
function publicVersion(version: StoreVersion & { seq?: number }): StoreVersion {
  const { seq: _seq, ...rest } = version;
  return rest;
}

/**
 * A subgraph's step runs inside a step of each graph above it: its writes are also theirs. A
 * subgraph checkpoint's metadata `parents` (LangGraph's checkpoint_map when the subgraph ran)
 * names, by namespace, the checkpoint each enclosing graph's step ran from.
 */
function addSubgraphWrites(state: DbState, threadId: string, byCheckpoint: Map<string, StepWrite[]>): void {
  const own = new Map(byCheckpoint);
  for (const [checkpointId, parents] of subgraphParents(state, threadId)) {
    const writes = own.get(checkpointId);
    if (writes === undefined) continue;
    for (const parentId of parents) {
      const theirs = byCheckpoint.get(parentId);
      if (theirs) theirs.push(...writes);
      else byCheckpoint.set(parentId, [...writes]);
    }
  }
}

/** Each subgraph checkpoint of the thread with the checkpoints its enclosing graphs' steps ran from. */
function* subgraphParents(state: DbState, threadId: string): Generator<[string, string[]]> {
  for (const [ns, space] of state.threads.get(threadId) ?? []) {
    if (ns === "") continue;
    for (const [checkpointId, record] of space.checkpoints) {
      const parents = (record.metadata as { parents?: unknown } | null)?.parents;
      if (typeof parents !== "object" || parents === null) continue;
      const ids = Object.values(parents).filter((parentId): parentId is string => typeof parentId === "string" && parentId !== checkpointId);
      if (ids.length > 0) yield [checkpointId, ids];
    }
  }
}

function byAddress(a: StepWrite, b: StepWrite): number {
  const left = `${a.namespace.join("\u0000")}\u0001${a.key}`;
  const right = `${b.namespace.join("\u0000")}\u0001${b.key}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
