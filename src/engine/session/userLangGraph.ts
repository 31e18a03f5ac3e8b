// The user's own @langchain/langgraph, resolved from the graph module's folder, so a resume is a
// `Command` of the copy that runs the graph (we never bundle LangGraph into the engine); and the
// pieces of its store machinery that tell which node wrote to the store (storeWriters.ts).

import { createRequire } from "node:module";
import { importUserModule } from "../userModules";
import { sessionErrors } from "./sessionErrors";

export type CommandConstructor = new (fields: { resume?: unknown }) => object;

export async function loadCommandClass(graphFile: string): Promise<CommandConstructor> {
  let module: { Command?: unknown };
  try {
    module = await importUserModule<{ Command?: unknown }>(graphFile, "@langchain/langgraph");
  } catch (error) {
    throw sessionErrors.userCodeFailed(`Loading @langchain/langgraph next to ${graphFile}`, error);
  }
  if (typeof module.Command !== "function") {
    throw sessionErrors.userCodeFailed(`Loading @langchain/langgraph next to ${graphFile}`, new Error("it exports no Command class"));
  }
  return module.Command as CommandConstructor;
}

/** The part of @langchain/langgraph-checkpoint's AsyncBatchedStore the session wraps. */
export interface BatchedStoreClass {
  prototype: { enqueueOperation?: (this: unknown, operation: unknown) => Promise<unknown> };
}

export type RunnableConfigReader = () => { metadata?: Record<string, unknown>; configurable?: Record<string, unknown> } | undefined;

/**
 * The AsyncBatchedStore class and the current-runnable-config reader that the user's
 * @langchain/langgraph runs nodes with: the checkpoint package is resolved from the user's
 * LangGraph (its own copy when nested), @langchain/core from the graph file. Throws when either
 * is missing or has another shape.
 */
export async function loadStoreWriterHooks(graphFile: string): Promise<{ AsyncBatchedStore: BatchedStoreClass; getRunnableConfig: RunnableConfigReader }> {
  let langGraphEntry = graphFile;
  try {
    langGraphEntry = createRequire(graphFile).resolve("@langchain/langgraph");
  } catch {
    // Resolved from the graph file instead: the hoisted copy, as the user's LangGraph would get.
  }
  const checkpoint = await importUserModule<{ AsyncBatchedStore?: BatchedStoreClass }>(langGraphEntry, "@langchain/langgraph-checkpoint");
  const singletons = await importUserModule<{ AsyncLocalStorageProviderSingleton?: { getRunnableConfig?: () => unknown } }>(
    langGraphEntry,
    "@langchain/core/singletons",
  );
  const AsyncBatchedStore = checkpoint.AsyncBatchedStore;
  if (typeof AsyncBatchedStore?.prototype?.enqueueOperation !== "function")
    throw new Error("@langchain/langgraph-checkpoint has no AsyncBatchedStore.enqueueOperation");
  const provider = singletons.AsyncLocalStorageProviderSingleton;
  if (typeof provider?.getRunnableConfig !== "function")
    throw new Error("@langchain/core/singletons has no AsyncLocalStorageProviderSingleton.getRunnableConfig");
  return { AsyncBatchedStore, getRunnableConfig: () => provider.getRunnableConfig!() as ReturnType<RunnableConfigReader> };
}
