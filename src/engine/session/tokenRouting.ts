// Streamed LLM tokens for the Debug Console, without a callback handler on every runnable.
//
// A handler in the run's `callbacks` would reach the chat models, but LangChain then manages
// callbacks (run ids, metadata copies) for every runnable of the graph: about 30% of a trivial
// superstep (`npm run bench engine`). Chat models, LLMs, tools and retrievers set up their
// callbacks through the public static `CallbackManager.configure`, while runnables take an
// internal path, so the engine wraps that one method of the user's @langchain/core and adds the
// token handler of the session whose run is calling, found through an AsyncLocalStorage the
// session's run executes in. Runnables that are not models pay nothing.

import { AsyncLocalStorage } from "node:async_hooks";
import { importUserModule } from "../userModules";

/** A LangChain callback handler by shape (the user's @langchain/core accepts plain objects). */
export type TokenHandler = { name: string } & Record<string, unknown>;

export interface TokenRouting {
  /** Runs `body` so that models it calls report their tokens to `handler`. */
  run<T>(handler: TokenHandler, body: () => Promise<T>): Promise<T>;
}

type Configure = (this: unknown, inheritable: unknown, local: unknown, ...rest: unknown[]) => unknown;

const sessionHandler = new AsyncLocalStorage<TokenHandler>();
const wrappedManagers = new WeakSet<object>();
const routing: TokenRouting = { run: (handler, body) => sessionHandler.run(handler, body) };

/**
 * Routing through the @langchain/core that `graphFile` imports, or undefined when that copy has
 * no `CallbackManager.configure` (then the session passes its handler in `callbacks` instead).
 */
export async function tokenRoutingFor(graphFile: string): Promise<TokenRouting | undefined> {
  let manager: { CallbackManager?: { configure?: Configure } };
  try {
    manager = await importUserModule(graphFile, "@langchain/core/callbacks/manager");
  } catch {
    return undefined;
  }
  const CallbackManager = manager.CallbackManager;
  const configure = CallbackManager?.configure;
  if (!CallbackManager || typeof configure !== "function") return undefined;
  if (!wrappedManagers.has(CallbackManager)) {
    wrappedManagers.add(CallbackManager);
    CallbackManager.configure = function configureWithSessionTokens(this: unknown, inheritable, local, ...rest) {
      const handler = sessionHandler.getStore();
      return configure.call(this, inheritable, handler ? withLocalHandler(local, handler) : local, ...rest);
    };
  }
  return routing;
}

/** `local` (an array of handlers, a CallbackManager, or nothing) plus `handler`, not inherited by child runs. */
function withLocalHandler(local: unknown, handler: TokenHandler): unknown[] {
  const handlers = Array.isArray(local) ? local : ((local as { handlers?: unknown[] } | undefined)?.handlers ?? []);
  return handlers.includes(handler) ? handlers : [...handlers, handler];
}
