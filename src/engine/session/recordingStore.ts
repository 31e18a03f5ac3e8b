// Wraps the session's store to note which namespaces the thread's nodes touch, so the Store
// scope can list them, and to record which node wrote each put (storeWriters.ts). LangGraph
// hands nodes an AsyncBatchedStore that calls `batch(ops)` on the store it was given; every
// other method passes through untouched.

import { BATCH_WITH_WRITERS, type WriterOf } from "../../persistence/store";
import { writerOf } from "./storeWriters";

export interface StoreLike {
  batch(operations: unknown[]): Promise<unknown[]>;
  search(namespacePrefix: string[], options?: { limit?: number; offset?: number }): Promise<Array<{ namespace: string[]; key: string; value: unknown }>>;
  get(namespace: string[], key: string): Promise<{ value: unknown } | null>;
  put(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
}

type BatchWithWriters = (operations: unknown[], writerOf: WriterOf) => Promise<unknown[]>;

export function recordingStore<S extends StoreLike>(store: S, touched: Map<string, string[]>): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== "batch") return Reflect.get(target, property, receiver);
      return (operations: unknown[]) => {
        let attributed = false;
        for (const operation of operations) {
          const op = operation as { namespace?: unknown; namespacePrefix?: unknown };
          const namespace = Array.isArray(op.namespace) ? op.namespace : Array.isArray(op.namespacePrefix) ? op.namespacePrefix : undefined;
          if (namespace && namespace.length > 0) touched.set(JSON.stringify(namespace), namespace.map(String));
          attributed ||= writerOf(operation) !== undefined;
        }
        // The workspace store records each put's writer on the item (writtenBy); any other store, or
        // a batch no node wrote, takes the plain batch.
        const withWriters = (target as { [BATCH_WITH_WRITERS]?: BatchWithWriters })[BATCH_WITH_WRITERS];
        if (attributed && typeof withWriters === "function") return withWriters.call(target, operations, writerOf);
        return target.batch(operations);
      };
    },
  });
}
