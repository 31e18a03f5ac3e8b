// Merging a change made to db.json from outside (by hand, by git) with the changes this process
// made since its last snapshot. The unit of comparison is one record: a checkpoint with its
// writes, one channel value, or one store item. We remember each record as it was in the
// snapshot the first time we change it; on reload, a record only the user changed takes the
// user's version, one only we changed keeps ours, and one both changed keeps ours (it was
// acknowledged to a caller) while the user's version is handed back as a conflict.

import type { CallRecord, JournalEntry, Json, StoreItemRecord, WriteRecord } from "./records";
import { itemTree } from "./format";
import type { DbState } from "./state";
import { checkpointNamespace, lowerBound, writeKey } from "./state";

export type Unit =
  | { kind: "checkpoint"; thread: string; ns: string; id: string }
  | { kind: "channel"; thread: string; ns: string; channel: string; version: string }
  | { kind: "item"; namespace: string; key: string };

// Units are remembered by a string key alone (one retained string per changed record, not an
// object): the tracker sits on the write path and holds an entry per record changed since the
// last snapshot.
const SEP = "\u0000";

function unitKey(unit: Unit): string {
  switch (unit.kind) {
    case "checkpoint":
      return ["checkpoint", unit.thread, unit.ns, unit.id].join(SEP);
    case "channel":
      return ["channel", unit.thread, unit.ns, unit.channel, unit.version].join(SEP);
    case "item":
      return `item${SEP}${unit.namespace}${SEP}${unit.key}`;
  }
}

function unitOfKey(key: string): Unit {
  const [kind, a, b, c, d] = key.split(SEP);
  if (kind === "item") return { kind, namespace: a, key: key.slice(kind.length + a.length + 2) };
  if (kind === "checkpoint") return { kind, thread: a, ns: b, id: c };
  return { kind: "channel", thread: a, ns: b, channel: c, version: d };
}

/** How a conflicting record is named to the user. */
function unitName(unit: Unit): string {
  switch (unit.kind) {
    case "checkpoint":
      return `thread ${JSON.stringify(unit.thread)}, checkpoint_ns ${JSON.stringify(unit.ns)}, checkpoint ${unit.id}`;
    case "channel":
      return `thread ${JSON.stringify(unit.thread)}, checkpoint_ns ${JSON.stringify(unit.ns)}, channel ${JSON.stringify(unit.channel)} version ${unit.version}`;
    case "item":
      return `store ${JSON.stringify(unit.namespace)} key ${JSON.stringify(unit.key)}`;
  }
}

function readUnit(state: DbState, unit: Unit): Json {
  if (unit.kind === "item") return state.store.get(unit.namespace)?.items.get(unit.key);
  const space = state.threads.get(unit.thread)?.get(unit.ns);
  if (unit.kind === "channel") return space?.channels.get(unit.channel)?.get(unit.version);
  const record = space?.checkpoints.get(unit.id);
  if (record === undefined) return undefined;
  const tree: Record<string, unknown> = {
    parent: record.parent,
    checkpoint: record.checkpoint,
    metadata: record.metadata,
    writes: [...record.writes.values()],
  };
  if (record.calls !== undefined && record.calls.length > 0) tree.calls = record.calls;
  return tree;
}

function writeUnit(state: DbState, unit: Unit, tree: Json): void {
  if (unit.kind === "item") {
    const key = unit.namespace;
    let space = state.store.get(key);
    if (tree === undefined) {
      space?.items.delete(unit.key);
      if (space?.items.size === 0) state.store.delete(key);
    } else {
      if (space === undefined) {
        space = { labels: unit.namespace.split("."), items: new Map() };
        state.store.set(key, space);
      }
      space.items.set(unit.key, tree as StoreItemRecord);
    }
    state.sortedNamespaces = undefined;
    return;
  }
  if (tree === undefined && checkpointNamespace(state, unit.thread, unit.ns) === undefined) return;
  const space = checkpointNamespace(state, unit.thread, unit.ns, true);
  if (unit.kind === "channel") {
    let byVersion = space.channels.get(unit.channel);
    if (byVersion === undefined) space.channels.set(unit.channel, (byVersion = new Map()));
    if (tree === undefined) byVersion.delete(unit.version);
    else byVersion.set(unit.version, tree);
    return;
  }
  const at = lowerBound(space.ids, unit.id);
  if (tree === undefined) {
    space.checkpoints.delete(unit.id);
    if (space.ids[at] === unit.id) space.ids.splice(at, 1);
    return;
  }
  const record = tree as { parent: string | null; checkpoint: Json; metadata: Json; writes: WriteRecord[]; calls?: CallRecord[] };
  space.checkpoints.set(unit.id, {
    parent: record.parent,
    checkpoint: record.checkpoint,
    metadata: record.metadata,
    writes: new Map(record.writes.map((write) => [writeKey(write.task, write.idx), write])),
    ...(record.calls !== undefined ? { calls: record.calls } : {}),
  });
  if (space.ids[at] !== unit.id) space.ids.splice(at, 0, unit.id);
}

/** The records an entry is about to change (a deleted thread changes all of its records). */
function unitsOf(state: DbState, entry: JournalEntry): Unit[] {
  switch (entry.op) {
    case "checkpoint": {
      const units: Unit[] = [{ kind: "checkpoint", thread: entry.thread, ns: entry.ns, id: entry.id }];
      for (const [channel, versions] of Object.entries(entry.values)) {
        for (const version of Object.keys(versions)) units.push({ kind: "channel", thread: entry.thread, ns: entry.ns, channel, version });
      }
      return units;
    }
    case "writes":
    case "calls":
      return [{ kind: "checkpoint", thread: entry.thread, ns: entry.ns, id: entry.id }];
    case "deleteThread": {
      const units: Unit[] = [];
      for (const [ns, space] of state.threads.get(entry.thread) ?? []) {
        for (const id of space.ids) units.push({ kind: "checkpoint", thread: entry.thread, ns, id });
        for (const [channel, versions] of space.channels) {
          for (const version of versions.keys()) units.push({ kind: "channel", thread: entry.thread, ns, channel, version });
        }
      }
      return units;
    }
    case "storePut":
    case "storeDelete":
      return [{ kind: "item", namespace: entry.namespace, key: entry.key }];
    case "storeMove":
      return [
        { kind: "item", namespace: entry.namespace, key: entry.key },
        { kind: "item", namespace: entry.toNamespace, key: entry.toKey },
      ];
  }
}

/** What each record we changed looked like in the last snapshot. */
export class ChangeTracker {
  /** Checkpoints and channel values, as JSON text ("" = absent): a checkpoint's writes change in place. */
  private readonly base = new Map<string, string>();
  /**
   * Store items, as a flat log of (namespace key, key, record before the change) in the order of
   * the changes; the first entry of an item holds its snapshot version (undefined = absent).
   * A stored item record is never changed in place, so keeping it rather than its text, and
   * appending to an array rather than a map, keeps this nearly free on the put path.
   */
  private readonly items: Array<string | StoreItemRecord | undefined> = [];

  /** True when nothing changed since the last snapshot. */
  get empty(): boolean {
    return this.base.size === 0 && this.items.length === 0;
  }

  /** Call before applying `entry` to `state`. */
  noteBefore(state: DbState, entry: JournalEntry): void {
    if (entry.op === "storePut" || entry.op === "storeDelete") {
      this.items.push(entry.namespace, entry.key, state.store.get(entry.namespace)?.items.get(entry.key));
      return;
    }
    if (entry.op === "storeMove") {
      this.items.push(entry.namespace, entry.key, state.store.get(entry.namespace)?.items.get(entry.key));
      this.items.push(entry.toNamespace, entry.toKey, state.store.get(entry.toNamespace)?.items.get(entry.toKey));
      return;
    }
    for (const unit of unitsOf(state, entry)) {
      const key = unitKey(unit);
      if (!this.base.has(key)) this.base.set(key, textOf(readUnit(state, unit)));
    }
  }

  clear(): void {
    this.base.clear();
    this.items.length = 0;
  }

  /** Takes in the changes `later` noted after this tracker's (each record keeps its earliest version). */
  absorb(later: ChangeTracker): void {
    for (const [key, text] of later.base) if (!this.base.has(key)) this.base.set(key, text);
    for (const value of later.items) this.items.push(value);
  }

  /**
   * Carries our changes into `theirs` (the state just read from the edited file).
   * Returns the user's versions of the records both sides changed, keyed by a readable name.
   */
  mergeInto(theirs: DbState, ours: DbState): Record<string, Json> {
    const conflicts: Record<string, Json> = {};
    const merge = (unit: Unit, baseText: string) => {
      const theirTree = readUnit(theirs, unit);
      const theirText = textOf(theirTree);
      const ourTree = readUnit(ours, unit);
      if (theirText === textOf(ourTree)) return;
      // As db.json shows it (an item's times as ISO text).
      if (theirText !== baseText)
        conflicts[unitName(unit)] = theirTree === undefined ? null : unit.kind === "item" ? (itemTree(theirTree as StoreItemRecord) as Json) : theirTree;
      writeUnit(theirs, unit, ourTree);
    };
    for (const [key, baseText] of this.base) merge(unitOfKey(key), baseText);
    const seen = new Set<string>();
    for (let i = 0; i < this.items.length; i += 3) {
      const namespace = this.items[i] as string;
      const key = this.items[i + 1] as string;
      const id = unitKey({ kind: "item", namespace, key });
      if (seen.has(id)) continue;
      seen.add(id);
      merge({ kind: "item", namespace, key }, textOf(this.items[i + 2]));
    }
    return conflicts;
  }
}

function textOf(tree: Json): string {
  return tree === undefined ? "" : JSON.stringify(tree);
}
