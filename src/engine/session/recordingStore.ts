// Wraps the session's store to note which namespaces the thread's nodes touch, so the Store
// scope can list them. LangGraph hands nodes an AsyncBatchedStore that calls `batch(ops)` on
// the store it was given; every other method passes through untouched.
// Not a commit observer (those are WorkspaceDb.onCommit events): it also sees the gets and
// searches of this session's nodes, which never reach a commit, and only this session's, while
// the database is shared by every session of the engine. LangGraph offers no hook on a node's
// store calls, so the store handed to the graph is wrapped.

import type { ItemAsOf, ItemVersion, StoreWrite } from "../../persistence/store-versions";

/** The store as the session's Store scope and edits use it. */
export interface SessionStore {
  search(namespacePrefix: string[], options?: { limit?: number; offset?: number }): Promise<Array<{ namespace: string[]; key: string; value: unknown }>>;
  get(namespace: string[], key: string): Promise<{ value: unknown } | null>;
  put(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
  /** The workspace store's put made by the user (its version then reads "edited in VS Code"); other stores lack it. */
  edit?(namespace: string[], key: string, value: Record<string, unknown> | null): Promise<void>;
  /** The workspace store's versions of an item, newest first; other stores lack it. */
  history?(namespace: string[], key: string): Promise<ItemVersion[]>;
  /** The workspace store's items of a namespace as they were at `time`; other stores lack it. */
  namespaceAsOf?(namespace: string[], time: Date): Promise<ItemAsOf[]>;
  /** The workspace store's item as it was at `time`; other stores lack it. */
  asOf?(namespace: string[], key: string, time: Date): Promise<ItemVersion | undefined>;
  /** The workspace store's items under a namespace prefix as they were at `time`; other stores lack it. */
  itemsUnderAsOf?(prefix: string[], time: Date): Promise<Array<{ namespace: string[]; key: string; version: ItemVersion }>>;
  /** The workspace store's writes of a thread's step, by the checkpoint it ran from; other stores lack it. */
  stepWrites?(threadId: string, checkpointId: string): Promise<StoreWrite[]>;
}

/** A store a graph is given: LangGraph's nodes reach it through `batch`. */
export interface StoreLike extends SessionStore {
  batch(operations: unknown[]): Promise<unknown[]>;
}

export function recordingStore<S extends StoreLike>(store: S, touched: Map<string, string[]>): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== "batch") return Reflect.get(target, property, receiver);
      return (operations: unknown[]) => {
        for (const operation of operations) {
          const op = operation as { namespace?: unknown; namespacePrefix?: unknown };
          const namespace = Array.isArray(op.namespace) ? op.namespace : Array.isArray(op.namespacePrefix) ? op.namespacePrefix : undefined;
          if (namespace && namespace.length > 0) touched.set(JSON.stringify(namespace), namespace.map(String));
        }
        return target.batch(operations);
      };
    },
  });
}
