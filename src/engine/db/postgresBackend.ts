// A PostgreSQL database as a DataBackend, through LangGraph's own PostgresSaver and PostgresStore
// (the tables a production app writes): graphs run on them, checkpoints and items are decoded by
// them. Listings, counts and compare-and-set edits are SQL over their tables (postgresSql.ts).
// Changes: its own writes at once (its saver and store report them), other processes' by polling.

import { TASKS, type CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Pool, type PoolConfig } from "pg";
import type { CheckpointDetail, DbChange, DbUpdateStateParams, StoreItemView, ThreadSummary } from "../../protocol/engine";
import type { GraphConfig } from "../graphConfig";
import { backendInfo, type BackendInfo, type DataBackend, type IfUpdatedAt, type ItemAddress, type ItemsQuery, type Page } from "./backend";
import { EngineError } from "../errors";
import { detailOfTuple, lastMessageIn } from "./checkpointSummaries";
import { dbErrors } from "./dbErrors";
import { describePostgresError, locationOf } from "./postgresErrors";
import { isPostgresUrl, withoutSecret } from "../../protocol/databaseUrls";
import { ReportingSaver, ReportingStore } from "./postgresReporting";
import { NAMESPACE_SEPARATOR, PostgresTables, namespaceProblem, type StoreRow, type ThreadRow } from "./postgresSql";
import { itemView } from "./storeViews";
import { PolledChanges } from "./changePolling";
import { graphIdOfTuple, nextOfChannels, summarizeTuple } from "./tupleSummaries";
import { updateStateWithoutSession } from "./updateState";

export interface OpenPostgresBackendOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** The schema holding the saver's and store's tables; "public" unless set. */
  schema?: string;
  /** Every write is refused with `readOnlyReason`, and the connection itself is read-only. */
  readOnly?: boolean;
  readOnlyReason?: string;
  /** How often other processes' writes are looked for while someone listens (ms, 250 … 60000; 2000 by default). */
  pollIntervalMs?: number;
  /** How long to wait for the server to accept a connection (ms; 10000 by default): a dead host fails instead of hanging. */
  connectTimeoutMs?: number;
}

const NO_SEMANTIC_SEARCH =
  "Semantic search on Postgres needs the pgvector extension and a store index; this version of the debugger searches Postgres by filter only.";

export class PostgresBackend implements DataBackend {
  readonly checkpointer: ReportingSaver;
  readonly store: ReportingStore;
  private readonly tables: PostgresTables;
  private readonly changes: PolledChanges;

  /** Connects, creates the saver's and store's tables when writable, and checks they are there. */
  static async open(options: OpenPostgresBackendOptions): Promise<PostgresBackend> {
    const schema = options.schema ?? "public";
    if (!isPostgresUrl(options.url))
      throw dbErrors.invalidInput(
        `The database URL ${withoutSecret(options.url)} is not a postgres:// or postgresql:// URL; write it as postgres://user:password@host:port/database.`,
      );
    const location = locationOf(options.url, schema, options.readOnly === true);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema))
      throw dbErrors.invalidInput(`Schema ${JSON.stringify(schema)} is not a plain SQL name (letters, digits, _).`, location);
    const readOnlyReason = options.readOnly ? (options.readOnlyReason ?? `Read-only: ${location} is opened for reading only (readOnly=true).`) : undefined;
    const connection: PoolConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // A connection that dies mid-query (a dropped VPN, a paused server) fails the request instead of hanging it.
      query_timeout: 30_000,
      // Read-only at the server too: LangGraph's own objects (a graph run) cannot write either.
      ...(readOnlyReason !== undefined ? { options: "-c default_transaction_read_only=on" } : {}),
    };
    const pool = new Pool(connection);
    // An idle connection the server drops must not crash the engine; the next query reconnects.
    pool.on("error", () => undefined);
    const backend = new PostgresBackend(pool, connection, schema, location, readOnlyReason, options.pollIntervalMs);
    try {
      await pool.query("SELECT 1");
      // One after the other: both create the schema, and two concurrent CREATE SCHEMA IF NOT EXISTS may collide.
      if (readOnlyReason === undefined) {
        await backend.checkpointer.setup();
        await backend.store.setup();
        await backend.tables.createIndexes();
      }
      await backend.checkTables();
      // Read-only, nothing was migrated: what the saver, the store and our listings read must be there now, not fail later.
      if (readOnlyReason !== undefined) {
        await backend.checkpointer.getTuple(configOf("langgraph-debugger-probe", "langgraph-debugger-probe", ""));
        await backend.threads({ offset: 0, limit: 1 });
        await backend.namespaces([], 1);
        await backend.store.search(["langgraph-debugger-probe"], { limit: 1 });
      }
    } catch (error) {
      await backend.close();
      throw describePostgresError(error, location);
    }
    return backend;
  }

  private constructor(
    private readonly pool: Pool,
    connection: PoolConfig,
    private readonly schema: string,
    private readonly location: string,
    private readonly readOnlyReason: string | undefined,
    pollIntervalMs = 2000,
  ) {
    this.tables = new PostgresTables(pool, schema);
    this.changes = new PolledChanges(location, () => this.tables.fingerprint(), pollIntervalMs);
    const emit = (change: Omit<DbChange, "dbPath">) => this.changes.emit(change);
    this.checkpointer = new ReportingSaver(pool, schema, (threadId) => emit({ kinds: ["checkpoints"], threadIds: [threadId] }));
    this.store = new ReportingStore(connection, schema, readOnlyReason === undefined, (namespace) => emit({ kinds: ["store"], namespaces: [namespace] }));
  }

  info(): BackendInfo {
    return backendInfo("postgres", this.location, this.readOnlyReason, { available: false, reason: NO_SEMANTIC_SEARCH });
  }

  async threads(page: Page) {
    return this.call(async () => {
      const { rows, total } = await this.tables.threadPage(page);
      return { threads: await Promise.all(rows.map((row) => this.threadSummary(row))), total };
    });
  }

  async checkpoints(threadId: string, page: Page) {
    return this.call(async () => {
      const { ids, total } = await this.tables.checkpointPage(threadId, page);
      if (total === 0) throw dbErrors.threadNotFound(threadId, this.location, this.location);
      const tuples = new Map<string, Promise<CheckpointTuple | undefined>>();
      // The lineage of a page shares parents: read each checkpoint once.
      const read = (id: string) => tuples.get(id) ?? tuples.set(id, this.tuple(threadId, id)).get(id)!;
      const checkpoints = await Promise.all(
        ids.map(async (id) => {
          const tuple = await read(id);
          if (!tuple) throw dbErrors.checkpointNotFound(threadId, id, this.location, this.location);
          return summarizeTuple(tuple, read);
        }),
      );
      return { checkpoints, total };
    });
  }

  async checkpoint(threadId: string, checkpointId: string): Promise<CheckpointDetail> {
    return this.call(async () => {
      const tuple = await this.tuple(threadId, checkpointId);
      if (!tuple) throw dbErrors.checkpointNotFound(threadId, checkpointId, this.location, this.location);
      return detailOfTuple(await summarizeTuple(tuple, (id) => this.tuple(threadId, id)), threadId, tuple);
    });
  }

  async deleteThread(threadId: string): Promise<void> {
    this.refuseWrites();
    await this.call(() => this.checkpointer.deleteThread(threadId));
  }

  async updateState(params: DbUpdateStateParams, graphs: GraphConfig): Promise<{ checkpointId: string }> {
    this.refuseWrites();
    return this.call(async () => {
      const ns = await this.tables.checkpointNamespace(params.threadId, params.checkpointId);
      if (ns === undefined) throw dbErrors.checkpointNotFound(params.threadId, params.checkpointId, this.location, this.location);
      const newest = (await this.tables.checkpointPage(params.threadId, { offset: 0, limit: 1 })).ids[0];
      const own = await this.checkpointer.getTuple(configOf(params.threadId, params.checkpointId, ns));
      const root = newest !== undefined ? await this.tuple(params.threadId, newest) : undefined;
      const graphId = (own && graphIdOfTuple(own)) ?? (root && graphIdOfTuple(root));
      const place = { ns, ...(graphId !== undefined ? { graphId } : {}) };
      return updateStateWithoutSession({ config: graphs, checkpointer: this.checkpointer, store: this.store, place }, params);
    });
  }

  async namespaces(prefix: string[], maxDepth?: number) {
    return this.call(() => this.tables.namespaceCounts(prefix, maxDepth));
  }

  async items({ namespace, filter, query, offset, limit }: ItemsQuery) {
    if (query) throw dbErrors.noSemanticSearch(this.location);
    return this.call(async () => {
      const { rows, total } = await this.tables.itemPage(namespace, filter, { offset, limit });
      return { items: rows.map(viewOfRow), total };
    });
  }

  async item({ namespace, key }: ItemAddress) {
    const item = await this.call(() => this.store.get(namespace, key));
    return item ? itemView(item) : null;
  }

  async putItem({ namespace, key }: ItemAddress, value: Record<string, unknown>, { ifUpdatedAt }: IfUpdatedAt = {}): Promise<StoreItemView> {
    this.refuseWrites();
    this.checkNamespace(namespace);
    const since = dbErrors.ifUpdatedAtTime(ifUpdatedAt, this.location);
    const row = await this.call(() =>
      this.tables.transaction(async (client) => {
        if (since !== undefined) {
          const now = await this.tables.lockItem(client, namespace, key);
          if (now?.updated_at.getTime() !== since) throw dbErrors.conflict(namespace, key, now?.updated_at.toISOString(), this.location);
        }
        return this.tables.upsertItem(client, namespace, key, value);
      }),
    );
    this.changes.emit({ kinds: ["store"], namespaces: [[...namespace]] });
    return viewOfRow(row);
  }

  async deleteItem({ namespace, key }: ItemAddress): Promise<void> {
    this.refuseWrites();
    await this.call(() => this.store.delete(namespace, key));
  }

  async moveItem(from: ItemAddress, to: ItemAddress, { ifUpdatedAt }: IfUpdatedAt = {}): Promise<StoreItemView> {
    this.refuseWrites();
    this.checkNamespace(to.namespace);
    const since = dbErrors.ifUpdatedAtTime(ifUpdatedAt, this.location);
    const row = await this.call(() =>
      this.tables.transaction(async (client) => {
        const now = await this.tables.lockItem(client, from.namespace, from.key);
        if (!now) throw dbErrors.moveSourceGone(from, this.location);
        if (since !== undefined && now.updated_at.getTime() !== since)
          throw dbErrors.conflict(from.namespace, from.key, now.updated_at.toISOString(), this.location);
        if (await this.tables.lockItem(client, to.namespace, to.key)) throw dbErrors.moveTargetTaken(to, this.location);
        return this.tables.renameItem(client, from, to);
      }),
    );
    this.changes.emit({ kinds: ["store"], namespaces: [[...from.namespace], [...to.namespace]] });
    return viewOfRow(row);
  }

  onChange(listener: (change: DbChange) => void): () => void {
    return this.changes.listen(listener);
  }

  async close(): Promise<void> {
    this.changes.close();
    await Promise.allSettled([this.store.stop(), this.checkpointer.end()]);
  }

  /**
   * A thread from its row. The checkpoint is decoded whole only where the row cannot say: before
   * format 4 its pending sends are in its parent's writes, and a last message the server could not read.
   */
  private async threadSummary(row: ThreadRow): Promise<ThreadSummary> {
    let channels = row.value_channels ?? [];
    let sends = row.tasks_type !== null && row.tasks_blob !== null ? await this.checkpointer.serde.loadsTyped(row.tasks_type, row.tasks_blob) : undefined;
    let messages: unknown = row.last_message ?? undefined;
    if (row.v < 4 || (row.last_message === null && channels.includes("messages"))) {
      const values = (await this.tuple(row.thread_id, row.checkpoint_id))?.checkpoint.channel_values ?? {};
      channels = Object.keys(values);
      sends = values[TASKS];
      messages = values.messages;
    }
    const { step, graph_id: graphId } = row.metadata;
    return {
      threadId: row.thread_id,
      checkpointCount: row.count,
      step: typeof step === "number" ? step : 0,
      ...(row.ts !== null ? { updatedAt: row.ts } : {}),
      ...(typeof graphId === "string" && graphId !== "" ? { graphId } : {}),
      next: nextOfChannels(channels, sends),
      ...lastMessageIn(messages),
    };
  }

  private tuple(threadId: string, checkpointId: string): Promise<CheckpointTuple | undefined> {
    return this.checkpointer.getTuple(configOf(threadId, checkpointId, ""));
  }

  private async checkTables(): Promise<void> {
    const result = await this.pool.query<{ checkpoints: string | null; store: string | null }>(
      "SELECT to_regclass($1) AS checkpoints, to_regclass($2) AS store",
      [this.tables.checkpoints, this.tables.store],
    );
    const missing = Object.entries(result.rows[0] ?? {}).filter(([, found]) => found === null);
    if (missing.length > 0) {
      throw new EngineError(
        "dbNotOpen",
        `${this.location} has no LangGraph ${missing.map(([table]) => table).join(" or ")} table in schema "${this.schema}".`,
        this.location,
        "Check the URL and schema, or open it once without readOnly so the debugger creates the tables (PostgresSaver/PostgresStore setup()).",
      );
    }
  }

  private checkNamespace(namespace: readonly string[]): void {
    const problem = namespaceProblem(namespace);
    if (problem !== undefined) throw dbErrors.invalidInput(problem, this.location);
  }

  private refuseWrites(): void {
    if (this.readOnlyReason !== undefined) throw dbErrors.readOnly(this.location, this.readOnlyReason);
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw describePostgresError(error, this.location);
    }
  }
}

function configOf(threadId: string, checkpointId: string, ns: string): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } };
}

function viewOfRow(row: StoreRow): StoreItemView {
  return itemView({
    namespace: row.namespace_path.split(NAMESPACE_SEPARATOR),
    key: row.key,
    value: row.value,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
