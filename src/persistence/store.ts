// LangGraph's BaseStore over the workspace database. Everything goes through batch(), which is
// all that a node's `runtime.store` (an AsyncBatchedStore) ever calls, so validation lives here.
// Within one batch, reads see the store as it was before the batch's writes (as in LangGraph).

import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Item, Operation, OperationResults, PutOperation, SearchItem, SearchOperation } from "@langchain/langgraph-checkpoint";
import { BaseStore, getTextAtPath } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDatabase } from "./database";
import { cosineSimilarity, HashEmbeddings } from "./embeddings";
import { invalidInput, WorkspaceDbError } from "./errors";
import type { Json, NewJournalEntry, StoreItemRecord, StoreOrigin, StoreWriter } from "./records";
import { writerRecord } from "./records";
import type { StepWrite } from "./store-writes";
import { StoreVersions, type ItemAsOf, type ItemVersion, type StoreWrite } from "./store-versions";
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
  private readonly versions: StoreVersions;

  constructor(
    private readonly db: WorkspaceDatabase,
    private readonly codec: ValueCodec,
    private readonly index?: StoreIndexConfig,
  ) {
    super();
    this.embedder = index ? embedderOf(index) : undefined;
    this.fields = index?.fields ?? ["$"];
    this.versions = new StoreVersions(db, codec);
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

  // The reads of earlier versions (store-versions.ts): the engine finds them on the store itself.
  history(namespace: string[], key: string): Promise<ItemVersion[]> {
    return this.versions.history(namespace, key);
  }

  asOf(namespace: string[], key: string, time: Date): Promise<ItemVersion | undefined> {
    return this.versions.asOf(namespace, key, time);
  }

  namespaceAsOf(namespace: string[], time: Date): Promise<ItemAsOf[]> {
    return this.versions.namespaceAsOf(namespace, time);
  }

  itemsUnderAsOf(prefix: string[], time: Date): Promise<Array<{ namespace: string[]; key: string; version: ItemVersion }>> {
    return this.versions.itemsUnderAsOf(prefix, time);
  }

  stepWrites(threadId: string, checkpointId: string): Promise<StoreWrite[]> {
    return this.versions.stepWrites(threadId, checkpointId);
  }

  stepWritesByCheckpoint(threadId: string): Map<string, StepWrite[]> {
    return this.versions.stepWritesByCheckpoint(threadId);
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
