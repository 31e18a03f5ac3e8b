// Each step's store writes: the versions of store items (storeHistory.ts) that a debug session's
// nodes wrote in a step, found by the checkpoint the step ran from (writtenBy.checkpointId),
// each with the version it replaced; a subgraph's writes count for the steps of the graphs
// above it too. A scan of every item's versions: for views, not hot paths.

import type { StoreVersion } from "./records";
import type { DbState } from "./state";
import { itemAddressOf, itemId, versionOf } from "./storeHistory";

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
  /** The checkpoint the version's step ran from, when one of this thread's steps wrote it. */
  const stepOf = (version: StoreVersion) => (version.writtenBy?.threadId === threadId ? version.writtenBy.checkpointId : undefined);
  // Each version against the one before it, oldest first; no copies unless it is one of the thread's.
  const visit = (nsKey: string, key: string, current: StoreVersion | undefined, earlier: readonly StoreVersion[]) => {
    for (let i = 0; i <= earlier.length; i++) {
      const version = i < earlier.length ? earlier[i] : current;
      const checkpointId = version && stepOf(version);
      if (version !== undefined && checkpointId !== undefined) found(checkpointId, nsKey, key, version, earlier[i - 1]);
    }
  };
  const history = state.storeHistory;
  const visited = new Set<string>();
  for (const [nsKey, space] of state.store) {
    for (const [key, item] of space.items) {
      const earlier = history.versions(nsKey, key);
      if (earlier.length > 0) visited.add(itemId(nsKey, key));
      visit(nsKey, key, item.writtenBy === undefined ? undefined : versionOf(item, 0), earlier);
    }
  }
  // Items deleted since: only their earlier versions are left.
  for (const [id, earlier] of history.entries()) {
    if (visited.has(id)) continue;
    const [nsKey, key] = itemAddressOf(id);
    visit(nsKey, key, undefined, earlier);
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
  for (const [ns, space] of state.threads.get(threadId) ?? []) {
    if (ns === "") continue;
    for (const [checkpointId, record] of space.checkpoints) {
      const writes = own.get(checkpointId);
      if (writes === undefined) continue;
      const parents = (record.metadata as { parents?: unknown } | null)?.parents;
      if (typeof parents !== "object" || parents === null) continue;
      for (const parentId of Object.values(parents)) {
        if (typeof parentId !== "string" || parentId === checkpointId) continue;
        const theirs = byCheckpoint.get(parentId);
        if (theirs) theirs.push(...writes);
        else byCheckpoint.set(parentId, [...writes]);
      }
    }
  }
}

function byAddress(a: StepWrite, b: StepWrite): number {
  const left = `${a.namespace.join("\u0000")}\u0001${a.key}`;
  const right = `${b.namespace.join("\u0000")}\u0001${b.key}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
