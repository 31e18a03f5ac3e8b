// A running LangGraph server (`langgraphjs dev`, LangGraph Platform) as a DataBackend, through
// its public API (@langchain/langgraph-sdk's Client): its threads and their history, and its
// store. Graphs run on the server, so no launched debug session runs here (`localRuns` says what
// to do); an attached one drives the server's runs (serverAttach.ts).
// Changes: its own writes at once, other clients' by polling while someone listens.
//
// What the API does not give, and how it is made up for:
// - Thread listing: one threads.search page (and threads.count for the total). A thread's
//   checkpoint count, step and next nodes would take its history, one request a thread, so the
//   listing leaves them out and gives the thread's status; opening a thread reads its history
//   whole (threads.getHistory, up to HISTORY_LIMIT checkpoints), which gives its count.
// - Item and namespace counts: the store has no count endpoint, so matching items are paged
//   through (COUNT_PAGE a request).
// - Compare-and-set: the store has none. A put with `ifUpdatedAt` reads the item, compares and
//   then puts: another client's write between the read and the put is overwritten (a window of
//   one round trip). A move is a put and a delete, with the same window.

import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { Client, type Item, type ThreadState } from "@langchain/langgraph-sdk";
import { compareLabels } from "../../persistence/storeQuery";
import type {
  CheckpointDetail,
  DbChange,
  DbUpdateStateParams,
  GraphShape,
  JsonSchema,
  NamespaceSummary,
  StoreItemView,
  ThreadSummary,
} from "../../protocol/engine";
import { shapeOfDrawable } from "../graphShape";
import { backendInfo, type BackendInfo, type DataBackend, type IfUpdatedAt, type ItemAddress, type ItemsQuery, type Page } from "./backend";
import { lastMessageIn } from "./checkpointSummaries";
import { dbErrors } from "./dbErrors";
import { checkpointIdOf, detailOfState, summarizeHistory, tuplesOfHistory } from "./serverHistory";
import { describeServerError, isUnknownThread, notALangGraphServer } from "./serverErrors";
import { itemView } from "./storeViews";
import { PolledChanges } from "./changePolling";
import { unknownGraph } from "./serverAttach";
import { drawableOf } from "./serverGraph";
import { isServerUrl, secretOf, serverLocation } from "../../protocol/databaseUrls";

export interface OpenServerBackendOptions {
  /** `http(s)://host:port`, optionally with `?apiKey=…`. */
  url: string;
  /** The API key; else the address's `apiKey`, else the engine's LANGGRAPH_API_KEY. */
  apiKey?: string;
  /** How often other clients' writes are looked for while someone listens (ms, 250 … 60000; 2000 by default). */
  pollIntervalMs?: number;
  /** How long one request may take (ms; 15000 by default): a server that hangs fails instead. */
  timeoutMs?: number;
}

/** Why a debug session cannot run on a server's data here. */
export const SERVER_RUNS_THERE =
  'Graphs on a LangGraph server run there: attach to it (a "request": "attach" configuration with its "url") or Copy Thread to Workspace Database.';

const NO_SEMANTIC_SEARCH =
  "The debugger cannot tell whether this LangGraph server's store has an embeddings index, so it searches the server's store by filter only.";

/** The most checkpoints of one thread read (for its count and its pages). */
const HISTORY_LIMIT = 10_000;
/** Items per request when paging through the store to count. */
const COUNT_PAGE = 1000;

export class ServerBackend implements DataBackend {
  readonly localRuns = { reason: SERVER_RUNS_THERE };
  private readonly changes: PolledChanges;

  /** Connects (one request, so that a wrong URL or key fails here, clearly). */
  static async open(options: OpenServerBackendOptions): Promise<ServerBackend> {
    if (!isServerUrl(options.url)) throw dbErrors.invalidInput(`${JSON.stringify(options.url)} is not an http:// or https:// URL of a LangGraph server.`);
    const location = serverLocation(options.url);
    const client = new Client({
      apiUrl: location,
      // null: the SDK reads no other environment variable (LANGSMITH_API_KEY…) behind our back.
      apiKey: options.apiKey ?? secretOf(options.url) ?? process.env.LANGGRAPH_API_KEY ?? null,
      timeoutMs: options.timeoutMs ?? 15_000,
      // One answer per request: a server that is down fails at once instead of after retries.
      callerOptions: { maxRetries: 0 },
    });
    const backend = new ServerBackend(client, location, options.pollIntervalMs);
    try {
      await client.threads.count();
    } catch (error) {
      // Something answers there, but not the API the views need: another web server, a wrong port,
      // or a partial one (langgraph-api's embed server serves no /threads/count and no /store).
      const status = (error as { status?: unknown } | null)?.status;
      throw status === 404 || status === 405 ? notALangGraphServer(location, status) : describeServerError(error, location);
    }
    return backend;
  }

  private constructor(
    private readonly client: Client,
    private readonly location: string,
    pollIntervalMs = 2000,
  ) {
    this.changes = new PolledChanges(location, () => this.fingerprint(), pollIntervalMs);
  }

  info(): BackendInfo {
    return backendInfo("server", this.location, undefined, { available: false, reason: NO_SEMANTIC_SEARCH });
  }

  async threads({ offset, limit }: Page): Promise<{ threads: ThreadSummary[]; total: number }> {
    return this.call(async () => {
      const [found, total] = await Promise.all([
        limit > 0 ? this.client.threads.search({ offset, limit, sortBy: "updated_at", sortOrder: "desc" }) : [],
        this.client.threads.count(),
      ]);
      const threads = found.map((thread): ThreadSummary => {
        const graphId = (thread.metadata as { graph_id?: unknown } | null)?.graph_id;
        return {
          threadId: thread.thread_id,
          updatedAt: thread.updated_at,
          ...(typeof graphId === "string" && graphId !== "" ? { graphId } : {}),
          status: thread.status,
          ...lastMessageIn((thread.values as { messages?: unknown } | null)?.messages),
        };
      });
      return { threads, total };
    });
  }

  /** The graph (or assistant) as the server draws it, subgraphs expanded, with its input and context schemas when the server gives them. */
  async graphShape(graphId: string): Promise<GraphShape> {
    const drawn = await this.client.assistants.getGraph(graphId, { xray: true }).catch(async (error: unknown) => {
      if (!isUnknownThread(error)) throw describeServerError(error, this.location);
      throw await unknownGraph(this.client, this.location, graphId);
    });
    const shape = shapeOfDrawable(graphId, drawableOf(drawn));
    // Schemas only fill the debugger view's run form: a server that cannot give them still draws the graph.
    const schemas = await this.client.assistants.getSchemas(graphId).catch(() => undefined);
    const inputSchema = objectSchema(schemas?.input_schema);
    const contextSchema = objectSchema(schemas?.context_schema);
    return { ...shape, ...(inputSchema ? { inputSchema } : {}), ...(contextSchema ? { contextSchema } : {}) };
  }

  async checkpoints(threadId: string, { offset, limit }: Page) {
    const history = await this.existingHistory(threadId);
    return { checkpoints: summarizeHistory(history).slice(offset, offset + limit), total: history.length };
  }

  async checkpoint(threadId: string, checkpointId: string): Promise<CheckpointDetail> {
    const history = await this.existingHistory(threadId);
    const index = history.findIndex((state) => checkpointIdOf(state) === checkpointId);
    if (index < 0) throw dbErrors.checkpointNotFound(threadId, checkpointId, `the LangGraph server ${this.location}`, this.location);
    return detailOfState(summarizeHistory(history)[index]!, threadId, history[index]!);
  }

  /** The thread as checkpoint tuples rebuilt from its history (serverHistory.ts tuplesOfHistory), for copyThread. */
  async threadTuples(threadId: string): Promise<CheckpointTuple[]> {
    return tuplesOfHistory(await this.existingHistory(threadId), threadId);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.call(() =>
      this.client.threads
        .delete(threadId)
        .catch((error: unknown) =>
          Promise.reject(isUnknownThread(error) ? dbErrors.threadNotFound(threadId, `The LangGraph server ${this.location}`, this.location) : error),
        ),
    );
    this.changes.emit({ kinds: ["checkpoints"], threadIds: [threadId] });
  }

  /**
   * The server's updateState from the checkpoint, as the node that wrote it: a new checkpoint on
   * a branch of its own, the original kept. The edited channel is sent whole, except a message,
   * which is sent alone and replaces the one with its id (the messages reducer). A channel with
   * another reducer (e.g. a list that appends) gets the edited value through that reducer.
   */
  async updateState(params: DbUpdateStateParams): Promise<{ checkpointId: string }> {
    const history = await this.existingHistory(params.threadId);
    const index = history.findIndex((state) => checkpointIdOf(state) === params.checkpointId);
    if (index < 0) throw dbErrors.checkpointNotFound(params.threadId, params.checkpointId, `the LangGraph server ${this.location}`, this.location);
    const state = history[index]!;
    const writers = summarizeHistory(history)[index]!.writers.filter((node) => node !== "__start__");
    const [channel, ...rest] = params.path as [string, ...Array<string | number>];
    const current = (state.values as Record<string, unknown> | null)?.[channel];
    const edited = replaceAt(current, rest, params.value, params.path);
    const isMessage = channel === "messages" && typeof rest[0] === "number" && Array.isArray(edited);
    const values = { [channel]: isMessage ? [edited[rest[0] as number]] : edited };
    const result = await this.call(() =>
      this.client.threads.updateState(params.threadId, { values, checkpointId: params.checkpointId, ...(writers.length === 1 ? { asNode: writers[0] } : {}) }),
    );
    this.changes.emit({ kinds: ["checkpoints"], threadIds: [params.threadId] });
    // The SDK's type says `configurable`; langgraph-api 1.5.1 answers `checkpoint`.
    const answer = result as { configurable?: { checkpoint_id?: unknown }; checkpoint?: { checkpoint_id?: unknown } };
    const checkpointId = answer.checkpoint?.checkpoint_id ?? answer.configurable?.checkpoint_id;
    if (typeof checkpointId !== "string")
      throw dbErrors.failed(`updateState on thread "${params.threadId}"`, "the server named no new checkpoint", this.location);
    return { checkpointId };
  }

  /** Every item under `prefix` is read (the store has no counts), and counted by its namespace cut to `maxDepth`. */
  async namespaces(prefix: string[], maxDepth?: number): Promise<NamespaceSummary[]> {
    return this.call(async () => {
      const counts = new Map<string, NamespaceSummary>();
      await this.eachItem(prefix, undefined, (item) => {
        const shown = maxDepth === undefined ? item.namespace : item.namespace.slice(0, maxDepth);
        const key = shown.join("\u0000");
        const summary = counts.get(key) ?? counts.set(key, { namespace: [...shown], count: 0 }).get(key)!;
        summary.count += 1;
      });
      return [...counts.values()].sort((a, b) => compareLabels(a.namespace, b.namespace));
    });
  }

  async items({ namespace, filter, query, offset, limit }: ItemsQuery) {
    if (query) throw dbErrors.noSemanticSearch(this.location);
    return this.call(async () => {
      const [page, total] = await Promise.all([
        limit > 0 ? this.client.store.searchItems(namespace, { ...(filter ? { filter } : {}), offset, limit }) : { items: [] },
        this.countItems(namespace, filter),
      ]);
      return { items: page.items.map(itemView), total };
    });
  }

  async item({ namespace, key }: ItemAddress): Promise<StoreItemView | null> {
    const item = await this.call(() => this.client.store.getItem(namespace, key));
    return item ? itemView(item) : null;
  }

  async putItem({ namespace, key }: ItemAddress, value: Record<string, unknown>, { ifUpdatedAt }: IfUpdatedAt = {}): Promise<StoreItemView> {
    const since = dbErrors.ifUpdatedAtTime(ifUpdatedAt, this.location);
    const written = await this.call(async () => {
      if (since !== undefined) {
        // Read, compare, put: see the window in the file's comment.
        const now = await this.client.store.getItem(namespace, key);
        if (now === null || Date.parse(now.updatedAt) !== since) throw dbErrors.conflict(namespace, key, now?.updatedAt, this.location);
      }
      await this.client.store.putItem(namespace, key, value);
      return this.client.store.getItem(namespace, key);
    });
    this.changes.emit({ kinds: ["store"], namespaces: [[...namespace]] });
    if (!written)
      throw dbErrors.refused(`Store item ${JSON.stringify(key)} in namespace ${JSON.stringify(namespace)} was deleted right after it was put.`, this.location);
    return itemView(written);
  }

  async deleteItem({ namespace, key }: ItemAddress): Promise<void> {
    await this.call(() => this.client.store.deleteItem(namespace, key));
    this.changes.emit({ kinds: ["store"], namespaces: [[...namespace]] });
  }

  async moveItem(from: ItemAddress, to: ItemAddress, { ifUpdatedAt }: IfUpdatedAt = {}): Promise<StoreItemView> {
    const since = dbErrors.ifUpdatedAtTime(ifUpdatedAt, this.location);
    const moved = await this.call(async () => {
      const now = await this.client.store.getItem(from.namespace, from.key);
      if (!now) throw dbErrors.moveSourceGone(from, this.location);
      if (since !== undefined && Date.parse(now.updatedAt) !== since) throw dbErrors.conflict(from.namespace, from.key, now.updatedAt, this.location);
      if (await this.client.store.getItem(to.namespace, to.key)) throw dbErrors.moveTargetTaken(to, this.location);
      // Put first, then delete: a failure in between leaves two copies, never none.
      await this.client.store.putItem(to.namespace, to.key, now.value);
      await this.client.store.deleteItem(from.namespace, from.key);
      return this.client.store.getItem(to.namespace, to.key);
    });
    this.changes.emit({ kinds: ["store"], namespaces: [[...from.namespace], [...to.namespace]] });
    if (!moved)
      throw dbErrors.refused(
        `Store item ${JSON.stringify(to.key)} in namespace ${JSON.stringify(to.namespace)} was deleted right after the move.`,
        this.location,
      );
    return itemView(moved);
  }

  onChange(listener: (change: DbChange) => void): () => void {
    return this.changes.listen(listener);
  }

  async close(): Promise<void> {
    this.changes.close();
  }

  /**
   * Other clients' writes change the fingerprint: the threads' count and newest update, and the
   * store's namespaces. An edit of an item in a namespace that already existed, with no thread
   * touched, is not seen until then (the store API has no change marker).
   */
  private fingerprint(): Promise<string | undefined> {
    return Promise.all([
      this.client.threads.count(),
      this.client.threads.search({ limit: 1, sortBy: "updated_at", sortOrder: "desc", select: ["thread_id", "updated_at"] }),
      this.client.store.listNamespaces({ limit: COUNT_PAGE }),
    ])
      .then((parts) => JSON.stringify(parts))
      .catch(() => undefined);
  }

  /** The thread's root checkpoints, newest first. */
  private history(threadId: string): Promise<ThreadState[]> {
    return this.client.threads.getHistory(threadId, { limit: HISTORY_LIMIT });
  }

  /** As `history`, for a thread that must have checkpoints: `checkpointNotFound` otherwise. */
  private async existingHistory(threadId: string): Promise<ThreadState[]> {
    const history = await this.call(() => this.history(threadId).catch((error: unknown) => (isUnknownThread(error) ? [] : Promise.reject(error))));
    if (history.length === 0) throw dbErrors.threadNotFound(threadId, `The LangGraph server ${this.location}`, this.location);
    return history;
  }

  /** How many items match: the store has no count, so they are paged through. */
  private async countItems(namespace: string[], filter: Record<string, unknown> | undefined): Promise<number> {
    let count = 0;
    await this.eachItem(namespace, filter, () => (count += 1));
    return count;
  }

  private async eachItem(namespace: string[], filter: Record<string, unknown> | undefined, visit: (item: Item) => void): Promise<void> {
    for (let offset = 0; ; offset += COUNT_PAGE) {
      const { items } = await this.client.store.searchItems(namespace, { ...(filter ? { filter } : {}), offset, limit: COUNT_PAGE });
      items.forEach(visit);
      if (items.length < COUNT_PAGE) return;
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw describeServerError(error, this.location);
    }
  }
}

/** `value` with the part at `path` replaced by `next` (a copy; the rest shared). */
function replaceAt(value: unknown, path: ReadonlyArray<string | number>, next: unknown, whole: ReadonlyArray<string | number>): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value) && typeof head === "number" && head < value.length)
    return value.map((item, index) => (index === head ? replaceAt(item, rest, next, whole) : item));
  if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof head === "string")
    return { ...(value as Record<string, unknown>), [head]: replaceAt((value as Record<string, unknown>)[head], rest, next, whole) };
  throw dbErrors.invalidInput(`The checkpoint has no value at ${JSON.stringify(whole)}.`);
}

function objectSchema(schema: unknown): JsonSchema | undefined {
  return typeof schema === "object" && schema !== null && !Array.isArray(schema) ? (schema as JsonSchema) : undefined;
}
