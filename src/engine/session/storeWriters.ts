// Which node wrote each store item, for the Store views' "written by <node> at step <n>".
//
// A node's `runtime.store` is LangGraph's AsyncBatchedStore: put() queues an operation, and a
// background loop started with the run later hands the queue to our store's batch(). That loop
// runs outside every node's async context, so batch() cannot ask who is calling; but the
// operation object it receives is the one put() queued, inside the node. LangGraph offers no
// hook there (tasks get the loop's one AsyncBatchedStore as `config.store`), so the session
// wraps `enqueueOperation` of the AsyncBatchedStore class of the user's own LangGraph, once per
// copy of the class, and notes each put's writer (the node's runnable config: thread, step,
// node, checkpoint namespace, the checkpoint the step ran from) on the operation with the
// workspace store's attributePut, which its batch() records as the item's writtenBy. Should the user's LangGraph not have that method,
// items simply show no writer.

import type { StoreWriter } from "../../persistence/records";
import { attributePut } from "../../persistence/store";
import { nodePositionOf } from "../../calls/recordingHandler";
import { loadStoreWriterHooks, type RunnableConfigReader } from "./userLangGraph";

const wrappedClasses = new WeakSet<object>();
const warnedFiles = new Set<string>();

/**
 * The writer a runnable config names: its thread, the checkpoint its step ran from, the node's
 * step and the node, named as the session names nodes (nodePositionOf). Undefined outside a node.
 */
export function writerFrom(config: ReturnType<RunnableConfigReader>): StoreWriter | undefined {
  const threadId = config?.configurable?.thread_id;
  const position = nodePositionOf(config);
  if ((typeof threadId !== "string" && typeof threadId !== "number") || !position) return undefined;
  const writer: StoreWriter = { threadId: String(threadId) };
  if (position.step !== undefined) writer.step = position.step;
  writer.node = position.node;
  if (position.from !== undefined) writer.checkpointId = position.from;
  return writer;
}

/**
 * Notes the writer of every put that the user's LangGraph (next to `graphFile`) queues from now
 * on. When its store machinery is not found, says so once per graph file through `warn`.
 */
export async function captureStoreWriters(graphFile: string, warn: (text: string) => void): Promise<boolean> {
  let hooks: Awaited<ReturnType<typeof loadStoreWriterHooks>>;
  try {
    hooks = await loadStoreWriterHooks(graphFile);
  } catch (error) {
    if (!warnedFiles.has(graphFile)) {
      warnedFiles.add(graphFile);
      warn(`Store items this graph writes will not show which node wrote them: ${(error as Error).message ?? String(error)}.\n`);
    }
    return false;
  }
  const prototype = hooks.AsyncBatchedStore.prototype;
  if (wrappedClasses.has(prototype)) return true;
  wrappedClasses.add(prototype);
  const enqueue = prototype.enqueueOperation!;
  const { getRunnableConfig } = hooks;
  prototype.enqueueOperation = function enqueueNotingWriter(this: unknown, operation: unknown): Promise<unknown> {
    const op = operation as { value?: unknown } | null;
    // Puts and deletes (a null value): both are versions of the item (storeHistory.ts).
    if (typeof op === "object" && op !== null && op.value !== undefined) {
      try {
        const writer = writerFrom(getRunnableConfig());
        if (writer !== undefined) attributePut(op, writer);
      } catch {
        // Never let the bookkeeping fail a node's put.
      }
    }
    return enqueue.call(this, operation);
  };
  return true;
}
