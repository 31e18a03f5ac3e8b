// The database held in memory: every read is served from here, every change is applied here
// first (by `applyEntry`, the single place that defines what a journal entry means).

import type { CallRecord, JournalEntry, Json, StoreItemRecord, WriteRecord } from "./records";
import type { StepWriteIndex } from "./step-write-index";
import type { KeptVersion } from "./storeHistory";
import { StoreHistory, versionOf } from "./storeHistory";

export interface CheckpointRecord {
  parent: string | null;
  /** The serialized checkpoint without the channel values that live in `channels`. */
  checkpoint: Json;
  metadata: Json;
  /** Pending writes keyed by `task \0 idx`, in arrival order. */
  writes: Map<string, WriteRecord>;
  /** Model, tool and HTTP calls recorded on this checkpoint (CallRecord), oldest first. */
  calls?: CallRecord[];
}

/** One `(thread_id, checkpoint_ns)`: its checkpoints and its channel values per version. */
export interface CheckpointNamespace {
  /** Checkpoint ids in ascending order (uuid6: creation order). */
  ids: string[];
  checkpoints: Map<string, CheckpointRecord>;
  /** channel → String(version) → serialized value. */
  channels: Map<string, Map<string, Json>>;
}

export interface StoreNamespace {
  labels: string[];
  items: Map<string, StoreItemRecord>;
}

export interface DbState {
  threads: Map<string, Map<string, CheckpointNamespace>>;
  /** Keyed by the labels joined with "." (labels never contain "."). */
  store: Map<string, StoreNamespace>;
  /** The earlier versions of store items. */
  storeHistory: StoreHistory;
  /** Sorted namespace keys, rebuilt lazily when namespaces come and go. */
  sortedNamespaces?: string[];
  /** The items each step wrote (step-write-index.ts): built on first use, then kept up to date here. */
  stepWrites?: StepWriteIndex;
}

export function emptyState(): DbState {
  return { threads: new Map(), store: new Map(), storeHistory: new StoreHistory() };
}

export function writeKey(task: string, idx: number): string {
  return `${task}\u0000${idx}`;
}

export function namespaceKey(labels: readonly string[]): string {
  return labels.join(".");
}

export function checkpointNamespace(state: DbState, thread: string, ns: string, create: true): CheckpointNamespace;
export function checkpointNamespace(state: DbState, thread: string, ns: string, create?: false): CheckpointNamespace | undefined;
export function checkpointNamespace(state: DbState, thread: string, ns: string, create = false): CheckpointNamespace | undefined {
  let namespaces = state.threads.get(thread);
  if (namespaces === undefined) {
    if (!create) return undefined;
    namespaces = new Map();
    state.threads.set(thread, namespaces);
  }
  let found = namespaces.get(ns);
  if (found === undefined && create) {
    found = { ids: [], checkpoints: new Map(), channels: new Map() };
    namespaces.set(ns, found);
  }
  return found;
}

/** Index of the first id >= `id` (binary search over the ascending ids). */
export function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertId(ids: string[], id: string): void {
  // Ids are time-ordered, so the common case is an append.
  if (ids.length === 0 || ids[ids.length - 1] < id) {
    ids.push(id);
    return;
  }
  const at = lowerBound(ids, id);
  if (ids[at] !== id) ids.splice(at, 0, id);
}

/** Applies one journal entry. Entries carry outcomes, not intentions, so applying twice is harmless. */
export function applyEntry(state: DbState, entry: JournalEntry): void {
  switch (entry.op) {
    case "checkpoint": {
      const space = checkpointNamespace(state, entry.thread, entry.ns, true);
      const existing = space.checkpoints.get(entry.id);
      space.checkpoints.set(entry.id, {
        parent: entry.parent,
        checkpoint: entry.checkpoint,
        metadata: entry.metadata,
        writes: existing?.writes ?? new Map(),
        ...(existing?.calls ? { calls: existing.calls } : {}),
      });
      if (existing === undefined) insertId(space.ids, entry.id);
      for (const [channel, versions] of Object.entries(entry.values)) {
        let byVersion = space.channels.get(channel);
        if (byVersion === undefined) {
          byVersion = new Map();
          space.channels.set(channel, byVersion);
        }
        for (const [version, value] of Object.entries(versions)) byVersion.set(version, value);
      }
      return;
    }
    case "writes": {
      const record = state.threads.get(entry.thread)?.get(entry.ns)?.checkpoints.get(entry.id);
      // Writes to a checkpoint deleted later in the journal have nothing to attach to.
      if (record === undefined) return;
      for (const write of entry.writes) record.writes.set(writeKey(write.task, write.idx), write);
      return;
    }
    case "calls": {
      const record = state.threads.get(entry.thread)?.get(entry.ns)?.checkpoints.get(entry.id);
      if (record === undefined) return;
      const calls = (record.calls ??= []);
      for (const call of entry.calls) if (!calls.some((kept) => kept.id === call.id)) calls.push(call);
      return;
    }
    case "deleteThread":
      state.threads.delete(entry.thread);
      return;
    case "storePut": {
      const replaced = state.store.get(entry.namespace)?.items.get(entry.key);
      if (replaced !== undefined) state.storeHistory.add(entry.namespace, entry.key, versionOf(replaced, entry.seq), true);
      putItem(state, entry.namespace, entry.key, entry.item);
      state.stepWrites?.note(entry.namespace, entry.key, entry.item.writtenBy);
      return;
    }
    case "storeDelete": {
      const deleted = state.store.get(entry.namespace)?.items.get(entry.key);
      if (deleted === undefined) return;
      state.storeHistory.add(entry.namespace, entry.key, versionOf(deleted, entry.seq), false);
      const deletion: KeptVersion = { at: entry.at ?? deleted.updatedAt, seq: entry.seq, deleted: true };
      if (entry.writtenBy !== undefined) deletion.writtenBy = entry.writtenBy;
      if (entry.origin !== undefined) deletion.origin = entry.origin;
      state.storeHistory.add(entry.namespace, entry.key, deletion, false);
      state.stepWrites?.note(entry.namespace, entry.key, entry.writtenBy);
      deleteItem(state, entry.namespace, entry.key);
      return;
    }
    case "storeMove": {
      const moved = state.store.get(entry.namespace)?.items.get(entry.key);
      // Its earlier versions go with it, the value it had until now being the newest of them.
      if (moved !== undefined) {
        state.storeHistory.move([entry.namespace, entry.key], [entry.toNamespace, entry.toKey]);
        state.storeHistory.add(entry.toNamespace, entry.toKey, versionOf(moved, entry.seq), true);
      }
      deleteItem(state, entry.namespace, entry.key);
      putItem(state, entry.toNamespace, entry.toKey, entry.item);
      state.stepWrites?.noteMoved([entry.toNamespace, entry.toKey], state.storeHistory, entry.item.writtenBy);
      return;
    }
  }
}

function putItem(state: DbState, namespace: string, key: string, item: StoreItemRecord): void {
  let space = state.store.get(namespace);
  if (space === undefined) {
    space = { labels: namespace.split("."), items: new Map() };
    state.store.set(namespace, space);
    state.sortedNamespaces = undefined;
  }
  space.items.set(key, item);
}

function deleteItem(state: DbState, namespace: string, key: string): void {
  const space = state.store.get(namespace);
  if (space === undefined) return;
  space.items.delete(key);
  if (space.items.size === 0) {
    state.store.delete(namespace);
    state.sortedNamespaces = undefined;
  }
}
