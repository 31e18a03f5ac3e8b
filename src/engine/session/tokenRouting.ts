// Streamed LLM tokens for the Debug Console, without a callback handler on every runnable.
//
// A handler in the run's `callbacks` would reach the chat models, but LangChain then manages
// callbacks (run ids, metadata copies) for every runnable of the graph: about 30% of a trivial
// superstep (`npm run bench engine`). Chat models, LLMs, tools and retrievers set up their
// callbacks through the public static `CallbackManager.configure`, while runnables take an
// internal path, so the engine wraps that one method of the user's @langchain/core and adds the
// token handler of the session whose run is calling (sessionRun.ts). Runnables that are not
// models pay nothing.

import { importUserModule } from "../userModules";
import { currentSessionRun, type TokenHandler } from "./sessionRun";

type Configure = (this: unknown, inheritable: unknown, local: unknown, ...rest: unknown[]) => unknown;

const wrappedManagers = new WeakSet<object>();

/**
 * Routes tokens through the @langchain/core that `graphFile` imports. False when that copy has
 * no `CallbackManager.configure`: the session then passes its handler in `callbacks` instead.
 */
export async function routeTokensFor(graphFile: string): Promise<boolean> {
  let manager: { CallbackManager?: { configure?: Configure } };
  try {
    manager = await importUserModule(graphFile, "@langchain/core/callbacks/manager");
  } catch {
    return false;
  }
  const CallbackManager = manager.CallbackManager;
  const configure = CallbackManager?.configure;
  if (!CallbackManager || typeof configure !== "function") return false;
  if (!wrappedManagers.has(CallbackManager)) {
    wrappedManagers.add(CallbackManager);
    CallbackManager.configure = function configureWithSessionTokens(this: unknown, inheritable, local, ...rest) {
      const handler = currentSessionRun()?.tokens;
      return configure.call(this, inheritable, handler ? withLocalHandler(local, handler) : local, ...rest);
    };
  }
  return true;
}

/** `local` (an array of handlers, a CallbackManager, or nothing) plus `handler`, not inherited by child runs. */
function withLocalHandler(local: unknown, handler: TokenHandler): unknown[] {
  const handlers = Array.isArray(local) ? local : ((local as { handlers?: unknown[] } | undefined)?.handlers ?? []);
  return handlers.includes(handler) ? handlers : [...handlers, handler];
}
