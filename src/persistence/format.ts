// The workspace database's file format: db.json read into the in-memory state (checked, every
// problem a DB_CORRUPT error naming file and position) and written back from it, pretty-printed
// with keys in a stable order. The format itself, db.json, the journal and the side files, is
// documented for users in the README ("The workspace database"), the one description to keep
// up to date.

import { timeOfIso } from "./dates";
import { corruptFileError, lineAndColumn } from "./errors";
import type { CheckpointNamespace, DbState, StoreNamespace } from "./state";
import { emptyState, namespaceKey, writeKey } from "./state";
import type { CallRecord, JournalMark, StoreItemRecord, StoreOrigin, StoreWriter } from "./records";
import { writerRecord } from "./records";
import type { KeptVersion } from "./storeHistory";
import { itemAddressOf, itemId, StoreHistory } from "./storeHistory";

export const FORMAT_NAME = "langgraph-workspace-db";
export const JOURNAL_FORMAT_NAME = "langgraph-workspace-db-journal";

function sortedKeys<V>(map: Map<string, V>): string[] {
  return [...map.keys()].sort();
}

/**
 * An object to be written as JSON, keyed by names users choose (threads, channels, namespaces,
 * store keys): without a prototype, so "__proto__" or "toString" is a key like any other.
 */
function keyed(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

export function threadTree(namespaces: Map<string, CheckpointNamespace>): Record<string, unknown> {
  const tree = keyed();
  for (const ns of sortedKeys(namespaces)) {
    const space = namespaces.get(ns)!;
    const checkpoints = keyed();
    for (const id of space.ids) {
      const record = space.checkpoints.get(id)!;
      const checkpointTree: Record<string, unknown> = {
        parent: record.parent,
        checkpoint: record.checkpoint,
        metadata: record.metadata,
        writes: [...record.writes.values()],
      };
      if (record.calls !== undefined && record.calls.length > 0) checkpointTree.calls = record.calls;
      checkpoints[id] = checkpointTree;
    }
    const channels = keyed();
    for (const channel of sortedKeys(space.channels)) {
      const byVersion = space.channels.get(channel)!;
      const versions = keyed();
      for (const version of sortedKeys(byVersion)) versions[version] = byVersion.get(version);
      channels[channel] = versions;
    }
    tree[ns] = { checkpoints, channels };
  }
  return tree;
}

/** A store item as db.json holds it. */
export function itemTree(item: StoreItemRecord, vectorSlot?: (vector: number[]) => string): Record<string, unknown> {
  const tree: Record<string, unknown> = {
    value: item.value,
    createdAt: new Date(item.createdAt).toISOString(),
    updatedAt: new Date(item.updatedAt).toISOString(),
  };
  if (item.writtenBy !== undefined) tree.writtenBy = writerRecord(item.writtenBy);
  if (item.origin !== undefined) tree.origin = item.origin;
  if (item.vectors !== undefined) {
    const vectors = keyed();
    for (const field of Object.keys(item.vectors).sort()) {
      vectors[field] = vectorSlot ? vectorSlot(item.vectors[field]) : item.vectors[field];
    }
    tree.vectors = vectors;
  }
  return tree;
}

/** The earlier versions of store items as db.json holds them: namespace → key → versions, oldest first. */
function historyTree(history: StoreHistory): Record<string, unknown> | undefined {
  const byItem = [...history.entries()].filter(([, versions]) => versions.length > 0);
  if (byItem.length === 0) return undefined;
  byItem.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tree = keyed();
  for (const [id, versions] of byItem) {
    const [ns, key] = itemAddressOf(id);
    const items = (tree[ns] ??= keyed()) as Record<string, unknown>;
    items[key] = versions.map((version) => {
      const versionTree: Record<string, unknown> = { at: new Date(version.at).toISOString(), seq: version.seq };
      if (version.deleted) versionTree.deleted = true;
      else versionTree.value = version.value;
      if (version.writtenBy !== undefined) versionTree.writtenBy = writerRecord(version.writtenBy);
      if (version.origin !== undefined) versionTree.origin = version.origin;
      return versionTree;
    });
  }
  return tree;
}

/**
 * The snapshot text: pretty-printed, keys sorted, each vector on one line. `unchangedThreads`
 * are threads not in `state`, given as the text this function wrote for them before (their
 * value in the previous db.json): they are copied as they are, not parsed and formatted again.
 */
export function formatSnapshot(state: DbState, journal: JournalMark, unchangedThreads?: ReadonlyMap<string, string>): string {
  // Vectors and unchanged threads are replaced by unique placeholders, then spliced in: a
  // 1,536-number vector spread over 1,536 lines would bury the values a user came to read.
  const spliced: string[] = [];
  const nonce = Math.random().toString(36).slice(2);
  const slot = (text: string): string => `\u0000${nonce}:${spliced.push(text) - 1}`;
  const threads = keyed();
  for (const thread of [...state.threads.keys(), ...(unchangedThreads?.keys() ?? [])].sort()) {
    const copied = unchangedThreads?.get(thread);
    threads[thread] = copied === undefined ? threadTree(state.threads.get(thread)!) : slot(copied);
  }
  const store = keyed();
  for (const ns of sortedKeys(state.store)) {
    const space = state.store.get(ns)!;
    const items = keyed();
    for (const key of sortedKeys(space.items)) items[key] = itemTree(space.items.get(key)!, (vector) => slot(JSON.stringify(vector)));
    store[ns] = items;
  }
  // Last in the file: a reader through the index leaves it unread up to the end (snapshotIndex.ts).
  const storeHistory = historyTree(state.storeHistory);
  const text = JSON.stringify({ format: FORMAT_NAME, version: 1, journal, threads, store, storeHistory }, null, 2) + "\n";
  if (spliced.length === 0) return text;
  const placeholder = new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, "g");
  return text.replace(placeholder, (_match, index: string) => spliced[Number(index)]);
}

export interface LoadedSnapshot {
  state: DbState;
  journal: JournalMark;
}

type Path = string;

class ShapeError extends Error {
  constructor(
    readonly path: Path,
    problem: string,
  ) {
    super(problem);
  }
}

function expectObject(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ShapeError(path, `expected an object, found ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function expectString(value: unknown, path: Path): string {
  if (typeof value !== "string") throw new ShapeError(path, `expected a string, found ${JSON.stringify(value)}`);
  return value;
}

function at(path: Path, key: string): Path {
  return `${path}[${JSON.stringify(key)}]`;
}

function readThread(tree: unknown, path: Path): Map<string, CheckpointNamespace> {
  const namespaces = new Map<string, CheckpointNamespace>();
  for (const [ns, spaceTree] of Object.entries(expectObject(tree, path))) {
    const spacePath = at(path, ns);
    const spaceObject = expectObject(spaceTree, spacePath);
    const space: CheckpointNamespace = { ids: [], checkpoints: new Map(), channels: new Map() };
    const checkpointsPath = `${spacePath}.checkpoints`;
    for (const [id, recordTree] of Object.entries(expectObject(spaceObject.checkpoints ?? {}, checkpointsPath))) {
      const recordPath = at(checkpointsPath, id);
      const record = expectObject(recordTree, recordPath);
      const parent = record.parent === null || record.parent === undefined ? null : expectString(record.parent, `${recordPath}.parent`);
      expectObject(record.checkpoint, `${recordPath}.checkpoint`);
      const writes = new Map();
      const writesTree = record.writes ?? [];
      if (!Array.isArray(writesTree)) throw new ShapeError(`${recordPath}.writes`, "expected an array");
      writesTree.forEach((writeTree, i) => {
        const writePath = `${recordPath}.writes[${i}]`;
        const write = expectObject(writeTree, writePath);
        const task = expectString(write.task, `${writePath}.task`);
        if (typeof write.idx !== "number") throw new ShapeError(`${writePath}.idx`, "expected a number");
        const channel = expectString(write.channel, `${writePath}.channel`);
        writes.set(writeKey(task, write.idx), { task, idx: write.idx, channel, value: write.value });
      });
      const calls = record.calls === undefined ? undefined : readCalls(record.calls, `${recordPath}.calls`);
      space.checkpoints.set(id, { parent, checkpoint: record.checkpoint, metadata: record.metadata ?? {}, writes, ...(calls ? { calls } : {}) });
      space.ids.push(id);
    }
    space.ids.sort();
    const channelsPath = `${spacePath}.channels`;
    for (const [channel, versions] of Object.entries(expectObject(spaceObject.channels ?? {}, channelsPath))) {
      space.channels.set(channel, new Map(Object.entries(expectObject(versions, at(channelsPath, channel)))));
    }
    namespaces.set(ns, space);
  }
  return namespaces;
}

/** Recorded calls (CallRecord): the fields a replay relies on are checked, the rest is kept as it is. */
function readCalls(tree: unknown, path: Path): CallRecord[] {
  if (!Array.isArray(tree)) throw new ShapeError(path, "expected an array");
  return tree.map((callTree, i) => {
    const callPath = `${path}[${i}]`;
    const call = expectObject(callTree, callPath);
    for (const field of ["id", "from", "task", "node", "kind", "name", "requestHash", "startedAt"]) expectString(call[field], `${callPath}.${field}`);
    if (call.kind !== "model" && call.kind !== "tool" && call.kind !== "http") {
      throw new ShapeError(`${callPath}.kind`, `expected "model", "tool" or "http", found ${JSON.stringify(call.kind)}`);
    }
    if (typeof call.index !== "number") throw new ShapeError(`${callPath}.index`, `expected a number, found ${JSON.stringify(call.index)}`);
    if (typeof call.latencyMs !== "number") throw new ShapeError(`${callPath}.latencyMs`, `expected a number, found ${JSON.stringify(call.latencyMs)}`);
    return call as unknown as CallRecord;
  });
}

/** Milliseconds since 1970 of an ISO date as db.json holds it ("2026-01-31T12:34:56.789Z"); NaN for anything else. */
function timeOf(value: unknown): number {
  if (typeof value !== "string" || value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return NaN;
  return timeOfIso(value);
}

function readWriter(tree: unknown, path: Path): StoreWriter {
  const writer = expectObject(tree, path);
  const record: StoreWriter = { threadId: expectString(writer.threadId, `${path}.threadId`) };
  if (writer.checkpointId !== undefined) record.checkpointId = expectString(writer.checkpointId, `${path}.checkpointId`);
  if (writer.step !== undefined) {
    if (typeof writer.step !== "number") throw new ShapeError(`${path}.step`, `expected a number, found ${JSON.stringify(writer.step)}`);
    record.step = writer.step;
  }
  if (writer.node !== undefined) record.node = expectString(writer.node, `${path}.node`);
  return record;
}

function readOrigin(value: unknown, path: Path): StoreOrigin {
  if (value !== "vscode" && value !== "external") throw new ShapeError(path, `expected "vscode" or "external", found ${JSON.stringify(value)}`);
  return value;
}

function readVersion(tree: unknown, path: Path): KeptVersion {
  const version = expectObject(tree, path);
  const at = timeOf(version.at);
  if (Number.isNaN(at)) throw new ShapeError(`${path}.at`, `expected an ISO date, found ${JSON.stringify(version.at)}`);
  if (typeof version.seq !== "number") throw new ShapeError(`${path}.seq`, `expected a number, found ${JSON.stringify(version.seq)}`);
  const kept: KeptVersion = { at, seq: version.seq };
  if (version.deleted === true) kept.deleted = true;
  else if ("value" in version) kept.value = version.value;
  else throw new ShapeError(path, `expected a "value", or "deleted": true`);
  if (version.writtenBy !== undefined) kept.writtenBy = readWriter(version.writtenBy, `${path}.writtenBy`);
  if (version.origin !== undefined) kept.origin = readOrigin(version.origin, `${path}.origin`);
  return kept;
}

/** The "storeHistory" value of db.json: itemId → versions, oldest first. */
function readStoreHistory(tree: unknown, path: Path): Map<string, KeptVersion[]> {
  const byItem = new Map<string, KeptVersion[]>();
  for (const [ns, items] of Object.entries(expectObject(tree, path))) {
    for (const [key, versions] of Object.entries(expectObject(items, at(path, ns)))) {
      const versionsPath = at(at(path, ns), key);
      if (!Array.isArray(versions)) throw new ShapeError(versionsPath, "expected an array");
      byItem.set(
        itemId(ns, key),
        versions.map((version, i) => readVersion(version, `${versionsPath}[${i}]`)),
      );
    }
  }
  return byItem;
}

/** The "storeHistory" value of db.json read on its own: for a database that left it unread at open. */
export function parseStoreHistoryText(text: string, file: string): Map<string, KeptVersion[]> {
  try {
    return readStoreHistory(JSON.parse(text), "storeHistory");
  } catch (error) {
    if (error instanceof ShapeError) throw corruptFileError(file, error.path, error.message, undefined);
    throw corruptFileError(file, "storeHistory", `it is not valid JSON (${(error as Error).message})`, undefined);
  }
}

function readStoreNamespace(ns: string, tree: unknown, path: Path): StoreNamespace {
  const labels = ns.split(".");
  if (labels.some((label) => label === "")) throw new ShapeError(path, "a namespace needs non-empty labels joined with '.'");
  const items = new Map<string, StoreItemRecord>();
  for (const [key, itemTreeValue] of Object.entries(expectObject(tree, path))) {
    const item = itemTreeValue as Record<string, unknown>;
    // Checked inline, with the path built only for an error: this loop runs once per item at open.
    if (typeof item !== "object" || item === null || Array.isArray(item)) expectObject(item, at(path, key));
    const createdAt = timeOf(item.createdAt);
    const updatedAt = timeOf(item.updatedAt);
    for (const [field, time] of [
      ["createdAt", createdAt],
      ["updatedAt", updatedAt],
    ] as const) {
      if (Number.isNaN(time)) throw new ShapeError(`${at(path, key)}.${field}`, `expected an ISO date, found ${JSON.stringify(item[field])}`);
    }
    const record: StoreItemRecord = { value: item.value, createdAt, updatedAt };
    if (item.writtenBy !== undefined) record.writtenBy = readWriter(item.writtenBy, `${at(path, key)}.writtenBy`);
    if (item.origin !== undefined) record.origin = readOrigin(item.origin, `${at(path, key)}.origin`);
    if (item.vectors !== undefined) record.vectors = expectObject(item.vectors, `${at(path, key)}.vectors`) as Record<string, number[]>;
    items.set(key, record);
  }
  return { labels, items };
}

/**
 * One thread's value as db.json holds it (`{ "<checkpoint_ns>": { checkpoints, channels } }`),
 * read on its own: for threads loaded on first use (snapshotIndex.ts).
 */
export function parseThreadText(text: string, thread: string, file: string): Map<string, CheckpointNamespace> {
  try {
    return readThread(JSON.parse(text), at("threads", thread));
  } catch (error) {
    if (error instanceof ShapeError) throw corruptFileError(file, error.path, error.message, undefined);
    throw corruptFileError(file, at("threads", thread), `it is not valid JSON (${(error as Error).message})`, undefined);
  }
}

/** Parses and checks a snapshot; any problem becomes a DB_CORRUPT error naming file and position. */
export function parseSnapshot(text: string, file: string, backup: string | undefined): LoadedSnapshot {
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineAndColumn(text, offset);
    throw corruptFileError(file, `line ${line}, column ${column}`, `it is not valid JSON (${message})`, backup);
  }
  try {
    const root = expectObject(tree, "the top level");
    if (root.format !== FORMAT_NAME) throw new ShapeError("format", `expected "${FORMAT_NAME}", found ${JSON.stringify(root.format)}`);
    if (root.version !== 1) throw new ShapeError("version", `this version of the extension reads version 1, found ${JSON.stringify(root.version)}`);
    const journalTree = expectObject(root.journal ?? { id: "", seq: 0 }, "journal");
    const seq = typeof journalTree.seq === "number" ? journalTree.seq : 0;
    const journal = { id: typeof journalTree.id === "string" ? journalTree.id : "", seq };
    const state = emptyState();
    for (const [thread, threadValue] of Object.entries(expectObject(root.threads ?? {}, "threads"))) {
      state.threads.set(thread, readThread(threadValue, at("threads", thread)));
    }
    for (const [ns, nsValue] of Object.entries(expectObject(root.store ?? {}, "store"))) {
      const space = readStoreNamespace(ns, nsValue, at("store", ns));
      if (space.items.size > 0) state.store.set(namespaceKey(space.labels), space);
    }
    if (root.storeHistory !== undefined) {
      const stored = readStoreHistory(root.storeHistory, "storeHistory");
      state.storeHistory = new StoreHistory(() => stored);
      state.storeHistory.readAll();
    }
    return { state, journal };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw corruptFileError(file, error.path, error.message, backup);
  }
}
