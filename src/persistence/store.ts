// LangGraph's BaseStore over the workspace database. Everything goes through batch(), which is
// all that a node's `runtime.store` (an AsyncBatchedStore) ever calls, so validation lives here.
// Within one batch, reads see the store as it was before the batch's writes (as in LangGraph).

import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Item, Operation, OperationResults, PutOperation, SearchItem, SearchOperation } from "@langchain/langgraph-checkpoint";
import { BaseStore, getTextAtPath } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDatabase } from "./database";
import { cosineSimilarity, HashEmbeddings } from "./embeddings";
import { invalidInput, WorkspaceDbError } from "./errors";
import type { Json, NewJournalEntry, StoreItemRecord, StoreOrigin, StoreVersion, StoreWriter } from "./records";
import { writerRecord } from "./records";
import { itemAddressOf, itemAsOf, itemVersions, versionOf } from "./storeHistory";
import { stepWritesAt, stepWritesOf, type StepWrite } from "./store-writes";
import type { NamespaceCondition } from "./storeQuery";
import { checkFilter, listNamespaces, matchesFilter, namespacesUnder, validateNamespace } from "./storeQuery";
import { namespaceKey } from "./state";
import type { ValueCodec } from "./values";
import { NEEDS_SERIALIZER } from "./values";

/** The writers noted for put operations that a batch() is about to receive (see attributePut). */
const putWriters = new WeakMap<object, StoreWriter>();

/**
 * Internal to the debugger, not part of BaseStore (nor exported by the package): the batch()
 * that receives this put operation records `writer` as the item's `writtenBy`. A debug session
 * knows which node queued each operation; the operation object itself carries the note through
 * any wrapper of batch(). A put without a note, through batch() or put(), leaves `writtenBy`
 * out, so an item never names a writer that did not write it.
 */
export function attributePut(put: object, writer: StoreWriter): void {
  putWriters.set(put, writer);
}

/** The writer attributePut noted for a put operation: the historic store overlay keeps it to write the version later. */
export function attributedWriter(put: object): StoreWriter | undefined {
  return putWriters.get(put);
}

/** The `writtenBy` of an item that get/search return, as a non-enumerable property under this symbol. */
export const WRITTEN_BY = Symbol("WorkspaceStore.writtenBy");

export type EmbedFunction = (texts: string[]) => Promise<number[][]>;

export interface StoreIndexConfig {
  /** Vector size. */
  dims: number;
  /** Any LangChain Embeddings, or a function; defaults to the offline HashEmbeddings. */
  embed?: EmbeddingsInterface | EmbedFunction;
  /** Paths of the text to embed in each value (`"$"`: the whole value); default `["$"]`. */
  fields?: string[];
}

interface Embedder {
  documents(texts: string[]): Promise<number[][]>;
  query(text: string): Promise<number[]>;
}

function embedderOf(config: StoreIndexConfig): Embedder {
  const embed = config.embed ?? new HashEmbeddings(config.dims);
  if (typeof embed === "function") return { documents: embed, query: async (text) => (await embed([text]))[0] };
  return { documents: (texts) => embed.embedDocuments(texts), query: (text) => embed.embedQuery(text) };
}

function isPut(op: Operation): op is PutOperation {
  return "value" in op;
}

function isSearch(op: Operation): op is SearchOperation {
  return "namespacePrefix" in op;
}

function isListNamespaces(op: Operation): op is Extract<Operation, { matchConditions?: unknown }> {
  return "matchConditions" in op || ("limit" in op && !("namespacePrefix" in op) && !("key" in op));
}

/** The checks every put gets before anything is written (also the historic store overlay's, engine/session/overlayStore.ts). */
export function validatePut(op: PutOperation): void {
  validateNamespace(op.namespace);
  if (typeof op.key !== "string") throw invalidInput(`A store key must be a string, got ${JSON.stringify(op.key)}.`);
  if (op.value !== null && (typeof op.value !== "object" || Array.isArray(op.value))) {
    throw invalidInput(`A store value must be an object (or null to delete), got ${JSON.stringify(op.value)} for key ${JSON.stringify(op.key)}.`);
  }
}

/** A version of a store item (its value decoded), as history() and asOf() return it. */
export interface ItemVersion {
  /** When it was written (or deleted). */
  at: Date;
  /** Undefined for a deletion. */
  value?: Record<string, unknown>;
  deleted?: true;
  /** The debug session node that wrote it, when one did. */
  writtenBy?: StoreWriter;
  /** Set when it was edited in VS Code or by another process rather than put by a program. */
  origin?: StoreOrigin;
}

/** An item of a namespace as it was at some time (namespaceAsOf). */
export interface ItemAsOf {
  key: string;
  then: ItemVersion;
  /** Written or deleted since. */
  changed: boolean;
  /** Its version now, when it changed since and was not deleted. */
  now?: ItemVersion;
}

/** A put or delete of a step (stepWrites), with the version it replaced, values decoded. */
export interface StoreWrite extends Omit<StepWrite, "before" | "after"> {
  before?: ItemVersion;
  after: ItemVersion;
}

/** Where a store item lives. */
export interface ItemAddress {
  namespace: string[];
  key: string;
}

function conflict(message: string): WorkspaceDbError {
  return new WorkspaceDbError("DB_CONFLICT", message);
}

/** How an error names a put's value. */
function itemSubject(op: PutOperation): () => string {
  return () => `store namespace ${JSON.stringify(op.namespace)} key ${JSON.stringify(op.key)}`;
}

/** The Item a get or search returns: fresh objects throughout, so changing it changes nothing stored. */
function itemOf(namespace: readonly string[], key: string, record: StoreItemRecord, value: unknown): Item {
  const made: Item = {
    value: value as Record<string, unknown>,
    key,
    namespace: namespace.slice(),
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
  };
  // Non-enumerable: an Item stays what LangGraph's stores return, to users and to equality checks.
  if (record.writtenBy !== undefined) Object.defineProperty(made, WRITTEN_BY, { value: writerRecord(record.writtenBy) });
  return made;
}

export class WorkspaceStore extends BaseStore {
  private readonly embedder: Embedder | undefined;
  private readonly fields: string[];

  constructor(
    private readonly db: WorkspaceDatabase,
    private readonly codec: ValueCodec,
    private readonly index?: StoreIndexConfig,
  ) {
    super();
    this.embedder = index ? embedderOf(index) : undefined;
    this.fields = index?.fields ?? ["$"];
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    // Validate everything before anything runs, so a bad put fails the batch without side effects.
    for (const op of operations) {
      if (isPut(op)) validatePut(op);
      else if (isSearch(op)) checkFilter(op.filter);
    }
    const results: Array<Promise<unknown> | unknown> = [];
    const puts = new Map<string, PutOperation>();
    for (const op of operations) {
      if (isPut(op)) {
        // The last put of a key in a batch wins.
        puts.set(`${namespaceKey(op.namespace)}\u0000${op.key}`, op);
        results.push(undefined);
      } else if (isSearch(op)) results.push(this.search_(op));
      else if ("key" in op) results.push(this.get_(op.namespace, op.key));
      else if (isListNamespaces(op)) {
        const conditions = (op.matchConditions ?? []) as NamespaceCondition[];
        results.push(listNamespaces(this.db.state, conditions, op.maxDepth, op.limit ?? 100, op.offset ?? 0));
      } else throw invalidInput(`Unknown store operation ${JSON.stringify(op)}.`);
    }
    const committed = puts.size > 0 ? this.commitPuts([...puts.values()]) : undefined;
    const settled = await Promise.all(results);
    await committed;
    return settled as OperationResults<Op>;
  }

  /** Same as BaseStore.put (validation included), without the batch machinery. */
  override put(namespace: string[], key: string, value: Record<string, unknown>, index?: false | string[]): Promise<void> {
    const op: PutOperation = { namespace, key, value, index };
    let encoded: Json | undefined;
    try {
      validatePut(op);
      if (this.embedder === undefined) encoded = this.codec.encodeNow(value, itemSubject(op), "");
    } catch (error) {
      return Promise.reject(error);
    }
    // The common case, plain data without embeddings, skips commitPuts' batch machinery; the
    // commit's promise is returned as is rather than awaited: one promise less.
    if (encoded !== undefined) return this.db.commitInOrder(() => [this.entryFor(op, encoded, undefined, Date.now())]);
    return this.commitPuts([op]);
  }

  override async delete(namespace: string[], key: string): Promise<void> {
    // Validated like a put: a label holding "." would name another namespace once joined.
    validateNamespace(namespace);
    await this.commitPuts([{ namespace, key, value: null }]);
  }

  /**
   * A put, or with `value` null a delete, made by a user in VS Code rather than by a program:
   * its version is recorded as "edited in VS Code" (origin "vscode").
   */
  async edit(namespace: string[], key: string, value: Record<string, unknown> | null): Promise<void> {
    const op: PutOperation = { namespace, key, value };
    validatePut(op);
    await this.commitPuts([op], "vscode");
  }

  /** The item's versions, newest first: the current value (if any), then the earlier ones the database keeps. */
  history(namespace: string[], key: string): Promise<ItemVersion[]> {
    validateNamespace(namespace);
    const versions = itemVersions(this.itemAt(namespace, key), this.db.state.storeHistory.versions(namespaceKey(namespace), key));
    return Promise.all(versions.map((version) => this.decodeVersion(version)));
  }

  /**
   * The item as it was at `time`: the version current then (a deletion when it was deleted),
   * undefined when it did not exist yet or the database no longer keeps versions that old.
   */
  async asOf(namespace: string[], key: string, time: Date): Promise<ItemVersion | undefined> {
    validateNamespace(namespace);
    const version = itemAsOf(this.itemAt(namespace, key), this.db.state.storeHistory.versions(namespaceKey(namespace), key), time.getTime());
    return version && this.decodeVersion(version);
  }

  /**
   * The items of one namespace (not those under it) as they were at `time`, by key, each with
   * its value now when it changed since (`now` undefined: deleted since). Left out: items first
   * written after `time`, and items whose versions that old are no longer kept.
   */
  async namespaceAsOf(namespace: string[], time: Date): Promise<ItemAsOf[]> {
    validateNamespace(namespace);
    const nsKey = namespaceKey(namespace);
    const current = this.db.state.store.get(nsKey)?.items;
    const keys = new Set([...(current?.keys() ?? []), ...this.db.state.storeHistory.keysIn(nsKey)]);
    const found: ItemAsOf[] = [];
    for (const key of [...keys].sort()) {
      const item = current?.get(key);
      const then = itemAsOf(item, this.db.state.storeHistory.versions(nsKey, key), time.getTime());
      if (then === undefined || then.deleted) continue;
      const changed = item === undefined || item.updatedAt > time.getTime();
      const entry: ItemAsOf = { key, then: await this.decodeVersion(then), changed };
      if (changed && item !== undefined) entry.now = await this.decodeVersion(versionOf(item, 0));
      found.push(entry);
    }
    return found;
  }

  /**
   * Every item under `prefix` (compared label by label; [] for all) as it was at `time`, with its
   * namespace: what a re-run against the store as it was reads (engine/session/overlayStore.ts).
   * Scans the namespaces of every kept version too, for namespaces emptied since: a debugging
   * path, not a hot one.
   */
  async itemsUnderAsOf(prefix: string[], time: Date): Promise<Array<{ namespace: string[]; key: string; version: ItemVersion }>> {
    const underPrefix = (labels: readonly string[]) => prefix.length <= labels.length && prefix.every((label, i) => labels[i] === label);
    const nsKeys = new Set(namespacesUnder(this.db.state, prefix));
    for (const [id] of this.db.state.storeHistory.entries()) {
      const [nsKey] = itemAddressOf(id);
      if (underPrefix(nsKey.split("."))) nsKeys.add(nsKey);
    }
    const found: Array<{ namespace: string[]; key: string; version: ItemVersion }> = [];
    for (const nsKey of [...nsKeys].sort()) {
      const namespace = nsKey.split(".");
      for (const { key, then } of await this.namespaceAsOf(namespace, time)) found.push({ namespace, key, version: then });
    }
    return found;
  }

  /** What thread `threadId`'s nodes wrote in the step that ran from checkpoint `checkpointId` (store-writes.ts). */
  async stepWrites(threadId: string, checkpointId: string): Promise<StoreWrite[]> {
    const decode = async ({ before, after, ...write }: StepWrite): Promise<StoreWrite> =>
      before === undefined
        ? { ...write, after: await this.decodeVersion(after) }
        : { ...write, before: await this.decodeVersion(before), after: await this.decodeVersion(after) };
    return Promise.all(stepWritesAt(this.db.state, threadId, checkpointId).map(decode));
  }

  /** Every step's writes of thread `threadId`, by the checkpoint the step ran from, values left encoded. */
  stepWritesByCheckpoint(threadId: string): Map<string, StepWrite[]> {
    return stepWritesOf(this.db.state, threadId);
  }

  private itemAt(namespace: string[], key: string): StoreItemRecord | undefined {
    return this.db.state.store.get(namespaceKey(namespace))?.items.get(key);
  }

  private async decodeVersion({ at, value, deleted, writtenBy, origin }: StoreVersion): Promise<ItemVersion> {
    const version: ItemVersion = { at: new Date(at) };
    if (deleted) version.deleted = true;
    else {
      const decoded = this.codec.decodeNow(value);
      version.value = (decoded === NEEDS_SERIALIZER ? await this.codec.decode(value) : decoded) as Record<string, unknown>;
    }
    if (writtenBy !== undefined) version.writtenBy = writerRecord(writtenBy);
    if (origin !== undefined) version.origin = origin;
    return version;
  }

  /**
   * Renames an item: moves it to `to` in ONE journal entry, so a crash or a failed write leaves it
   * in one place or the other, never both or neither. Its value, creation time, writer, earlier
   * versions and vectors go with it; its updatedAt becomes now, its origin "vscode". Refused
   * (DB_CONFLICT, nothing written) when the item is gone, when `to` holds an item, or when
   * `ifUpdatedAt` (ms) is no longer the item's updatedAt: checked against the state at commit
   * time, after any write queued before it.
   */
  async move(from: ItemAddress, to: ItemAddress, ifUpdatedAt?: number): Promise<Item> {
    validateNamespace(from.namespace);
    validateNamespace(to.namespace);
    if (typeof to.key !== "string" || to.key === "") throw invalidInput(`A store key must be a non-empty string, got ${JSON.stringify(to.key)}.`);
    const source = namespaceKey(from.namespace);
    const target = namespaceKey(to.namespace);
    const name = (address: ItemAddress) => `${JSON.stringify(address.key)} in namespace ${JSON.stringify(address.namespace)}`;
    if (source === target && from.key === to.key) throw invalidInput(`Store item ${name(from)} is already there: nothing to rename.`);
    let moved: StoreItemRecord | undefined;
    await this.db.commitInOrder(() => {
      const item = this.db.state.store.get(source)?.items.get(from.key);
      if (item === undefined) throw conflict(`Store item ${name(from)} is no longer in the store; nothing was renamed.`);
      if (ifUpdatedAt !== undefined && item.updatedAt !== ifUpdatedAt) {
        throw conflict(`Store item ${name(from)} changed since you opened it; nothing was renamed.`);
      }
      if (this.db.state.store.get(target)?.items.has(to.key)) {
        throw conflict(`Store item ${name(to)} already exists; pick another key or namespace (nothing was renamed).`);
      }
      // Renaming is an edit in VS Code (db/moveItem): no program's store has it.
      moved = { ...item, updatedAt: Date.now(), origin: "vscode" };
      return [{ op: "storeMove", namespace: source, key: from.key, toNamespace: target, toKey: to.key, item: moved }];
    });
    return this.toItem(to.namespace, to.key, moved!);
  }

  /** Same as BaseStore.get, without the batch machinery: the hot path of a memory lookup. */
  override async get(namespace: string[], key: string): Promise<Item | null> {
    return this.get_(namespace, key);
  }

  private get_(namespace: string[], key: string): Promise<Item | null> | Item | null {
    const record = this.db.state.store.get(namespaceKey(namespace))?.items.get(key);
    return record === undefined ? null : this.toItem(namespace, key, record);
  }

  private toItem(namespace: readonly string[], key: string, record: StoreItemRecord): Promise<Item> | Item {
    const value = this.codec.decodeNow(record.value);
    if (value !== NEEDS_SERIALIZER) return itemOf(namespace, key, record, value);
    return this.codec.decode(record.value).then((decoded) => itemOf(namespace, key, record, decoded));
  }

  private async search_(op: SearchOperation): Promise<SearchItem[]> {
    const { filter, query } = op;
    const limit = op.limit ?? 10;
    const offset = op.offset ?? 0;
    const matches: Array<{ labels: string[]; key: string; record: StoreItemRecord; score?: number }> = [];
    for (const nsKey of namespacesUnder(this.db.state, op.namespacePrefix)) {
      const space = this.db.state.store.get(nsKey)!;
      for (const [key, record] of space.items) {
        if (filter === undefined || matchesFilter(record.value, filter)) matches.push({ labels: space.labels, key, record });
      }
    }
    if (query && this.embedder) {
      const queryVector = await this.embedder.query(query);
      for (const match of matches) {
        const vectors = Object.values(match.record.vectors ?? {});
        if (vectors.length > 0) match.score = Math.max(...vectors.map((vector) => cosineSimilarity(queryVector, vector)));
      }
      // Items without vectors (index: false) come after every ranked item.
      matches.sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
    } else {
      // Most recently updated first, as LangGraph's database-backed stores return them.
      matches.sort((a, b) => b.record.updatedAt - a.record.updatedAt);
    }
    return Promise.all(
      matches.slice(offset, offset + limit).map(async ({ labels, key, record, score }) => {
        const item: SearchItem = await this.toItem(labels, key, record);
        if (query && this.embedder) item.score = score;
        return item;
      }),
    );
  }

  private async vectorsFor(puts: readonly PutOperation[]): Promise<Array<Record<string, number[]> | undefined>> {
    const embedder = this.embedder;
    if (embedder === undefined) return puts.map(() => undefined);
    const texts: string[] = [];
    const slots: Array<Array<[string, number]>> = puts.map((op) => {
      if (op.value === null || op.index === false) return [];
      const slotsOfPut: Array<[string, number]> = [];
      for (const field of op.index ?? this.fields) {
        // "$" (the whole value) is handled here: the exported getTextAtPath returns nothing for it.
        const found = field === "$" ? [JSON.stringify(op.value, null, 2)] : getTextAtPath(op.value, field);
        found.forEach((text, i) => slotsOfPut.push([found.length > 1 ? `${field}.${i}` : field, texts.push(text) - 1]));
      }
      return slotsOfPut;
    });
    const vectors = texts.length > 0 ? await embedder.documents(texts) : [];
    return slots.map((slotsOfPut) => (slotsOfPut.length === 0 ? undefined : Object.fromEntries(slotsOfPut.map(([field, at]) => [field, vectors[at]]))));
  }

  /** The journal entry of one put, built against the state at commit time. */
  private entryFor(
    op: PutOperation,
    value: Json,
    vectors: Record<string, number[]> | undefined,
    now: number,
    writer?: StoreWriter,
    origin?: StoreOrigin,
  ): NewJournalEntry {
    const namespace = namespaceKey(op.namespace);
    if (op.value === null) {
      const entry: NewJournalEntry = { op: "storeDelete", namespace, key: op.key, at: now };
      if (writer !== undefined) entry.writtenBy = writerRecord(writer);
      if (origin !== undefined) entry.origin = origin;
      return entry;
    }
    const existing = this.db.state.store.get(namespace)?.items.get(op.key);
    // A fresh record: a put without a writer drops the previous writtenBy with the previous value.
    const item: StoreItemRecord = { value, createdAt: existing?.createdAt ?? now, updatedAt: now };
    if (writer !== undefined) item.writtenBy = writerRecord(writer);
    if (origin !== undefined) item.origin = origin;
    if (vectors !== undefined) item.vectors = vectors;
    return { op: "storePut", namespace, key: op.key, item };
  }

  private commitPuts(puts: readonly PutOperation[], origin?: StoreOrigin): Promise<void> {
    const build = (values: readonly Json[], vectors: ReadonlyArray<Record<string, number[]> | undefined>) => (): NewJournalEntry[] => {
      const now = Date.now();
      return puts.map((op, i) => this.entryFor(op, values[i], vectors[i], now, putWriters.get(op), origin));
    };
    // Plain values and no embeddings: nothing to wait for, so commit without a detour.
    if (this.embedder === undefined) {
      const values = puts.map((op) => (op.value === null ? null : this.codec.encodeNow(op.value, itemSubject(op), "")));
      if (values.every((value) => value !== undefined)) return this.db.commitInOrder(build(values, []));
    }
    const encoded = Promise.all(puts.map((op) => (op.value === null ? null : this.codec.encode(op.value, itemSubject(op), ""))));
    return this.db.commitInOrder(Promise.all([encoded, this.vectorsFor(puts)]).then(([values, vectors]) => build(values, vectors)));
  }
}
