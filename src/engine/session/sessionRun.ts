// What user code run by a debug session reaches without being told: the session's LLM token
// handler (tokenRouting.ts) and its Debug Console (consoleRouting.ts). Sessions sharing one
// engine stay apart because each session's run executes inside its own AsyncLocalStorage
// context, which follows the run into every node, Send and timer it starts.

import { AsyncLocalStorage } from "node:async_hooks";

/** A LangChain callback handler by shape (the user's @langchain/core accepts plain objects). */
export type TokenHandler = { name: string } & Record<string, unknown>;

export interface SessionRun {
  /** The engine's id of the session (SessionInfo.sessionId); absent for a session run in-process. */
  sessionId?: string;
  tokens: TokenHandler;
}

const storage = new AsyncLocalStorage<SessionRun>();

export function runInSession<T>(run: SessionRun, body: () => Promise<T>): Promise<T> {
  return storage.run(run, body);
}

/** The session whose run called, if any. */
export function currentSessionRun(): SessionRun | undefined {
  return storage.getStore();
}
