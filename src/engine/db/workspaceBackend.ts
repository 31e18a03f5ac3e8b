// The workspace JSON database (src/persistence) as a DataBackend. Listings and counts read the
// database's in-memory records (checkpointSummaries.ts, storeViews.ts); reads and writes of
// values go through its LangGraph checkpointer and store; changes are its commit events and its
// reloads after outside edits. Opening, sharing and reopening the file is PersistenceRegistry's.

import { resolve } from "node:path";
import {
  isWorkspaceDbError,
  openWorkspaceDb,
  type StoreIndexConfig,
  type WorkspaceCallLog,
  type WorkspaceCheckpointSaver,
  type WorkspaceDb,
  type WorkspaceDbEvent,
  type WorkspaceStore,
} from "../../persistence";
import type { DbChange, DbUpdateStateParams, ModelPrices, StoreItemAsOfView, StoreVersionView } from "../../protocol/engine";
import { versionView } from "../session/storeVersions";
import { isEngineError } from "../errors";
import type { GraphConfig } from "../graphConfig";
import { backendInfo, type BackendInfo, type DataBackend, type IfUpdatedAt, type ItemAddress, type ItemsQuery, type Page } from "./backend";
import { checkpointDetail, listCheckpoints, listThreads } from "./checkpointSummaries";
import { dbErrors } from "./dbErrors";
import { countItems, itemView, listNamespaceCounts, storedUpdatedAt } from "./storeViews";
import { findWorkspaceCheckpoint, updateStateWithoutSession } from "./updateState";

export interface OpenWorkspaceBackendOptions {
  /** The database file (absolute). */
  path: string;
  /** The store's embeddings (langgraph.json `store.index`): enables semantic search. */
  index?: StoreIndexConfig;
  /** Open without taking the writer lock: every write is refused with `readOnlyReason`. */
  readOnly?: boolean;
  /** Why it is read-only and what to do, for the views (e.g. which process holds the file). */
  readOnlyReason?: string;
  /** Versions kept per store item, the current one included (default 50); 0 keeps none. */
  storeHistory?: number;
}

type ChangeListener = (change: DbChange) => void;

const NO_INDEX_REASON =
  'Semantic search needs "store": { "index": { "embed", "dims", "fields" } } in langgraph.json and a trusted workspace; search with a filter instead.';

export class WorkspaceBackend implements DataBackend {
  readonly checkpointer: WorkspaceCheckpointSaver;
  readonly store: WorkspaceStore;
  readonly calls: WorkspaceCallLog;
  private stopCommits?: () => void;

  /** Throws the database's own errors (`DB_LOCKED`, `DB_CORRUPT`): the registry describes them. */
  static async open(options: OpenWorkspaceBackendOptions): Promise<WorkspaceBackend> {
    // The database reports events from inside its open (a repaired journal), before the backend exists.
    const listeners = new Set<ChangeListener>();
    const onEvent = (event: WorkspaceDbEvent) => reportDbEvent(event, resolve(options.path), listeners);
    const db = await openWorkspaceDb({
      path: options.path,
      index: options.index,
      readOnly: options.readOnly,
      storeHistory: options.storeHistory,
      onEvent,
    });
    const readOnlyReason = options.readOnly ? (options.readOnlyReason ?? `Read-only: ${db.path} was opened for reading only.`) : undefined;
    return new WorkspaceBackend(db, listeners, options.index, readOnlyReason);
  }

  private constructor(
    private readonly db: WorkspaceDb,
    private readonly listeners: Set<ChangeListener>,
    private readonly index: StoreIndexConfig | undefined,
    private readonly readOnlyReason: string | undefined,
  ) {
    this.checkpointer = db.checkpointer;
    this.store = db.store;
    this.calls = db.calls;
  }

  /** The file, and the key under which the engine shares it. */
  get path(): string {
    return this.db.path;
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  info(): BackendInfo {
    return backendInfo("workspace", this.path, this.readOnlyReason, this.index ? { available: true } : { available: false, reason: NO_INDEX_REASON });
  }

  async threads(page: Page, prices?: ModelPrices) {
    return listThreads(this.db, page, prices);
  }

  async checkpoints(threadId: string, page: Page, options?: { storeWrites?: boolean }) {
    return listCheckpoints(this.db, threadId, page, options?.storeWrites ?? false);
  }

  async checkpoint(threadId: string, checkpointId: string) {
    return this.call(() => checkpointDetail(this.db, threadId, checkpointId));
  }

  async deleteThread(threadId: string): Promise<void> {
    this.refuseWrites();
    await this.call(() => this.checkpointer.deleteThread(threadId));
  }

  async updateState(params: DbUpdateStateParams, graphs: GraphConfig): Promise<{ checkpointId: string }> {
    this.refuseWrites();
    return this.call(() => {
      const place = findWorkspaceCheckpoint(this.db, params.threadId, params.checkpointId);
      return updateStateWithoutSession({ config: graphs, checkpointer: this.checkpointer, store: this.store, place }, params);
    });
  }

  async namespaces(prefix: string[], maxDepth?: number) {
    return listNamespaceCounts(this.db, prefix, maxDepth);
  }

  async items({ namespace, filter, query, offset, limit }: ItemsQuery) {
    if (query && this.index === undefined) throw dbErrors.noSemanticSearch(this.path);
    const items = await this.call(() => this.store.search(namespace, { filter, query: query || undefined, offset, limit }));
    return { items: items.map(itemView), total: countItems(this.db, namespace, filter) };
  }

  async storeHistory({ namespace, key }: ItemAddress): Promise<StoreVersionView[]> {
    return (await this.store.history(namespace, key)).map(versionView);
  }

  async itemsAsOf(namespace: string[], time: Date): Promise<StoreItemAsOfView[]> {
    return (await this.store.namespaceAsOf(namespace, time)).map(({ key, then, changed, now }) => ({
      key,
      then: versionView(then),
      changed,
      ...(now !== undefined ? { now: versionView(now) } : {}),
    }));
  }

  async item({ namespace, key }: ItemAddress) {
    const item = await this.call(() => this.store.get(namespace, key));
    return item ? itemView(item) : null;
  }

  async putItem({ namespace, key }: ItemAddress, value: Record<string, unknown>, { ifUpdatedAt }: IfUpdatedAt = {}) {
    this.refuseWrites();
    if (ifUpdatedAt !== undefined) {
      const now = storedUpdatedAt(this.db, namespace, key);
      if (now === undefined || new Date(now).getTime() !== new Date(ifUpdatedAt).getTime()) throw dbErrors.conflict(namespace, key, now, this.path);
    }
    await this.call(() => this.store.edit(namespace, key, value));
    const item = await this.call(() => this.store.get(namespace, key));
    if (!item) throw dbErrors.failed(`Saving store item ${JSON.stringify(key)}`, "it is not in the store after the write", this.path);
    return itemView(item);
  }

  async deleteItem({ namespace, key }: ItemAddress): Promise<void> {
    this.refuseWrites();
    await this.call(() => this.store.edit(namespace, key, null));
  }

  async moveItem(from: ItemAddress, to: ItemAddress, { ifUpdatedAt }: IfUpdatedAt = {}) {
    this.refuseWrites();
    const since = dbErrors.ifUpdatedAtTime(ifUpdatedAt, this.path);
    return itemView(await this.call(() => this.store.move(from, to, since)));
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    // Commits build no events while nobody listens (writes are the database's hot path).
    this.stopCommits ??= this.db.onCommit((event) => {
      if (event.kind === "store") this.emit({ dbPath: this.path, kinds: ["store"], namespaces: [event.namespace] });
      else this.emit({ dbPath: this.path, kinds: ["checkpoints"], threadIds: [event.threadId] });
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.stopCommits?.();
      this.stopCommits = undefined;
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private emit(change: DbChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private refuseWrites(): void {
    if (this.readOnlyReason !== undefined) throw dbErrors.readOnly(this.path, this.readOnlyReason);
  }

  /** Runs a checkpointer/store call, turning the database's errors into the contract's. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isEngineError(error)) throw error;
      const name = (error as { name?: unknown } | null)?.name;
      if (isWorkspaceDbError(error, "DB_INVALID_INPUT") || name === "InvalidNamespaceError") throw dbErrors.invalidInput((error as Error).message, this.path);
      if (isWorkspaceDbError(error, "DB_READ_ONLY")) throw dbErrors.readOnly(this.path, this.readOnlyReason);
      if (isWorkspaceDbError(error, "DB_CONFLICT")) throw dbErrors.refused((error as Error).message, this.path);
      throw error;
    }
  }
}

/** Outside edits are changes for the views; the rest goes to the engine's log (stderr). */
function reportDbEvent(event: WorkspaceDbEvent, path: string, listeners: Set<ChangeListener>): void {
  switch (event.type) {
    case "reloaded":
      for (const listener of listeners) listener({ dbPath: path, kinds: ["external"] });
      return;
    case "conflict":
      console.error(
        `${path} was edited outside while this engine wrote to it; your versions of ${event.records.join(", ")} were saved to ${event.conflictFile}.`,
      );
      return;
    case "repaired":
      console.error(`${path}: dropped ${event.droppedBytes} bytes of an unfinished journal line (a crash interrupted a write).`);
      return;
    case "error":
      console.error(event.error.message);
      return;
  }
}
