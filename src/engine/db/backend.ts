// The one contract every home of a graph's data implements (ARCHITECTURE.md "Backends"): the
// workspace JSON database (workspaceBackend.ts), a Postgres database (postgresBackend.ts) and a
// LangGraph server (serverBackend.ts). The `db/*` handlers, the change feed and sessions talk to this interface only.
// Results are the `db/*` shapes of src/protocol/engine.ts; errors are EngineErrors with their
// stable codes (a refused write is `notEditable`, its message the reason in `capabilities`).

import type { BaseCheckpointSaver, BaseStore, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type {
  CheckpointDetail,
  DbInfo,
  CheckpointSummary,
  DbChange,
  DbUpdateStateParams,
  GraphShape,
  ModelPrices,
  NamespaceSummary,
  StoreItemAsOfView,
  StoreItemView,
  StoreVersionView,
  ThreadSummary,
} from "../../protocol/engine";
import type { GraphConfig } from "../graphConfig";
import type { WorkspaceCallLog } from "../../persistence/calls";

/** Whole numbers ≥ 0. */
export interface Page {
  offset: number;
  limit: number;
}

/** The writes a backend may refuse, and semantic search, which needs an embeddings index. */
export type BackendFeature = "deleteThread" | "updateState" | "putItem" | "deleteItem" | "moveItem" | "semanticSearch";

/** Which home of the data: what the views name it by ("the workspace database", "Postgres"). */
export type BackendKind = DbInfo["kind"];

export type Capability = { available: true } | { available: false; reason: string };

export interface BackendInfo {
  kind: BackendKind;
  /** Where the data lives: the database file's absolute path (a URL for a server); `dbPath` on the wire. */
  location: string;
  readOnly: boolean;
  /** When read-only: why, and what to do, in words for the views to show. */
  readOnlyReason?: string;
  semanticSearch: boolean;
  /** What it can do; what it cannot comes with the reason the UI shows beside the greyed-out action. */
  capabilities: Record<BackendFeature, Capability>;
  /** Why store items have no history here, when they have none. */
  noStoreHistoryReason?: string;
}

export interface ItemAddress {
  namespace: string[];
  key: string;
}

export interface ItemsQuery extends Page {
  /** Namespace prefix, label by label; `[]` for every item. */
  namespace: string[];
  /** Top-level value fields that must equal these. */
  filter?: Record<string, unknown>;
  /** Ranks by meaning (needs `semanticSearch`); items then carry `score`. */
  query?: string;
}

/** Compare-and-set: the write happens only while the item's `updatedAt` is still this ISO date. */
export interface IfUpdatedAt {
  ifUpdatedAt?: string;
}

export interface DataBackend {
  info(): BackendInfo;

  /** Threads, the most recently updated first; with their recorded calls' totals where kept (`prices` for their cost). */
  threads(page: Page, prices?: ModelPrices): Promise<{ threads: ThreadSummary[]; total: number }>;
  /**
   * A thread's root checkpoints, newest first; `checkpointNotFound` for an unknown thread.
   * `storeWrites`: with each one's step's store writes, where the backend records them.
   */
  checkpoints(threadId: string, page: Page, options?: { storeWrites?: boolean }): Promise<{ checkpoints: CheckpointSummary[]; total: number }>;
  checkpoint(threadId: string, checkpointId: string): Promise<CheckpointDetail>;
  deleteThread(threadId: string): Promise<void>;
  /**
   * Forks the thread at the checkpoint with the value at `params.path` replaced (LangGraph's
   * updateState as the node that wrote the checkpoint); the original branch stays as it was.
   * `graphs`: the langgraph.json to load the thread's graph from, for backends that run it here.
   */
  updateState(params: DbUpdateStateParams, graphs: GraphConfig): Promise<{ checkpointId: string }>;

  /** Namespaces under `prefix`, cut to `maxDepth` labels, with their item counts, in label order. */
  namespaces(prefix: string[], maxDepth?: number): Promise<NamespaceSummary[]>;
  /** A page of the items under a namespace prefix, and how many match in all. */
  items(query: ItemsQuery): Promise<{ items: StoreItemView[]; total: number }>;
  item(address: ItemAddress): Promise<StoreItemView | null>;
  /** Creates or replaces an item; `conflict` when `ifUpdatedAt` no longer holds. */
  putItem(address: ItemAddress, value: Record<string, unknown>, options?: IfUpdatedAt): Promise<StoreItemView>;
  deleteItem(address: ItemAddress): Promise<void>;
  /** Renames an item in one step; `conflict` when the target exists, the item is gone or `ifUpdatedAt` no longer holds. */
  moveItem(from: ItemAddress, to: ItemAddress, options?: IfUpdatedAt): Promise<StoreItemView>;

  /**
   * Store history, where the backend keeps it (the workspace database): an item's versions,
   * newest first, and a namespace's items as of a time. Absent elsewhere: `info().noStoreHistoryReason` says why.
   */
  storeHistory?(address: ItemAddress): Promise<StoreVersionView[]>;
  itemsAsOf?(namespace: string[], time: Date): Promise<StoreItemAsOfView[]>;

  /** The model, tool and HTTP calls debug sessions recorded (the workspace database); absent elsewhere: see NOT_RECORDED. */
  readonly calls?: WorkspaceCallLog;

  /** A backend that runs graphs itself (a LangGraph server) draws them; elsewhere the graph comes from langgraph.json. */
  graphShape?(graphId: string): Promise<GraphShape>;

  /** Calls `listener` for every write from now on, whoever made it, and for outside edits; returns the unsubscribe. */
  onChange(listener: (change: DbChange) => void): () => void;

  /**
   * What a graph run on this backend is given (LangGraph's own interfaces). Absent when graphs
   * cannot run on it in this engine (a LangGraph server runs them itself): `localRuns` says why.
   */
  readonly checkpointer?: BaseCheckpointSaver;
  readonly store?: BaseStore;
  /** Why no graph runs here (a debug session is refused with it), when `checkpointer` and `store` are absent. */
  readonly localRuns?: { reason: string };
  /**
   * Without a checkpointer: a thread's checkpoints as LangGraph tuples, oldest first, rebuilt
   * from what the backend gives (for copyThread); `checkpointNotFound` for an unknown thread.
   */
  threadTuples?(threadId: string): Promise<CheckpointTuple[]>;

  close(): Promise<void>;
}

const NO_STORE_HISTORY: Record<Exclude<BackendKind, "workspace">, string> = {
  postgres:
    "A Postgres store keeps only each item's current value: store history is kept in the workspace database. Copy the thread to the workspace database to see it.",
  server: "A LangGraph server's store keeps only each item's current value: store history is kept in the workspace database.",
};

/** Why a backend has no recorded calls. */
export const CALLS_NOT_RECORDED: Record<Exclude<BackendKind, "workspace">, string> = {
  postgres: "Model, tool and HTTP calls are recorded in the workspace database only: sessions on Postgres do not record them.",
  server: "A LangGraph server makes its graphs' calls itself: they are not recorded, and re-runs there call the model again.",
};

/**
 * A backend's info from what varies between backends: where it is, why it is read-only (every
 * write is then refused with that reason) and whether it can search by meaning.
 */
export function backendInfo(kind: BackendKind, location: string, readOnlyReason: string | undefined, semanticSearch: Capability): BackendInfo {
  const write: Capability = readOnlyReason !== undefined ? { available: false, reason: readOnlyReason } : { available: true };
  return {
    kind,
    location,
    readOnly: readOnlyReason !== undefined,
    ...(readOnlyReason !== undefined ? { readOnlyReason } : {}),
    semanticSearch: semanticSearch.available,
    capabilities: { deleteThread: write, updateState: write, putItem: write, deleteItem: write, moveItem: write, semanticSearch },
    ...(kind === "workspace" ? {} : { noStoreHistoryReason: NO_STORE_HISTORY[kind] }),
  };
}
