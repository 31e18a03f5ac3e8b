// What user code run by a debug session reaches without being told: the session's LLM token
// handler (tokenRouting.ts), its Debug Console (consoleRouting.ts) and the run's failure path
// for errors thrown outside a node's own call (strayErrors.ts). Sessions sharing one engine stay
// apart because each session's run executes inside its own AsyncLocalStorage context, which
// follows the run into every node, Send and timer it starts.

import { AsyncLocalStorage } from "node:async_hooks";
import type { CallHandler } from "../../calls/callHandler";

/** A LangChain callback handler by shape (the user's @langchain/core accepts plain objects). */
export type TokenHandler = { name: string } & Record<string, unknown>;

export interface SessionRun {
  /** The engine's id of the session (SessionInfo.sessionId); absent for a session run in-process. */
  sessionId?: string;
  tokens: TokenHandler;
  /** Fails the run with an error its code threw from a timer or left in a rejected promise. */
  fail?: (error: unknown) => void;
  /** Records and replays the run's model, tool and HTTP calls (callRecorder.ts). */
  calls?: CallHandler;
}

const storage = new AsyncLocalStorage<SessionRun>();
/** Runs under way, for errors that arrive outside any run's context. */
const running = new Set<SessionRun>();

export async function runInSession<T>(run: SessionRun, body: () => Promise<T>): Promise<T> {
  running.add(run);
  try {
    return await storage.run(run, body);
  } finally {
    running.delete(run);
  }
}

/** The session whose run called, if any. */
export function currentSessionRun(): SessionRun | undefined {
  return storage.getStore();
}

export function runningSessionRuns(): SessionRun[] {
  return [...running];
}
