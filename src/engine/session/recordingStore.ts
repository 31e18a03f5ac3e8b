// Wraps the session's store to note which namespaces the thread's nodes touch, so the Store
// scope can list them, and to hand the workspace store the node that queued each put
// (storeWriters.ts), which it records as the item's writtenBy. LangGraph hands nodes an
// AsyncBatchedStore that calls `batch(ops)` on the store it was given; every other method
// passes through untouched.

import { attributePut } from "../../persistence/store";
import { writerOf } from "./storeWriters";

export interface StoreLike {
  batch(operations: unknown[]): Promise<unknown[]>;
  search(namespacePrefix: string[], options?: { limit?: number; offset?: number }): Promise<Array<{ namespace: string[]; key: string; value: unknown }>>;
  get(namespace: string[], key: string): Promise<{ value: unknown } | null>;
  put(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
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
          // Noted on the operation object, so the note reaches the workspace store through
          // whatever wraps its batch() (the engine's change feed does).
          const writer = writerOf(operation);
          if (writer !== undefined) attributePut(operation as object, writer);
        }
        return target.batch(operations);
      };
    },
  });
}
