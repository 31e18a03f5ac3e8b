// The adapter's own `langgraph/*` requests (src/protocol/debugEvents.ts), for the views, the
// debugger webview and any DAP client: each checks its untyped arguments and becomes one
// session/* request of the engine. A new request is one entry in CUSTOM_REQUESTS.

import type { CustomRequests, PositionEventBody } from "../protocol/debugEvents";
import type { EngineMethod, EngineParams, EngineResult } from "../protocol/engine";
import { debugErrors } from "./debugErrors";

/** What a custom request may use of the debug session it arrives in. */
export interface CustomRequestContext {
  /** The session's id on the engine; throws `noSession` when there is none. */
  sessionId(): string;
  call<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>>;
  /** The position the last position event reported, once it is settled. */
  position(): Promise<PositionEventBody>;
  /** What the session runs and where its data is; throws `noSession` before it is open. */
  started(): SessionStarted;
}

export interface SessionStarted {
  configFile: string;
  dbPath: string;
  onServer: boolean;
  graphId: string;
  threadId: string;
  context?: Record<string, unknown>;
}

type Answer<R extends keyof CustomRequests> = (args: Partial<CustomRequests[R]["args"]>, session: CustomRequestContext) => Promise<CustomRequests[R]["result"]>;

const CUSTOM_REQUESTS: { [R in keyof CustomRequests]: Answer<R> } = {
  "langgraph/position": (_args, session) => session.position(),

  "langgraph/goto": async ({ checkpointId }, session) => {
    if (typeof checkpointId !== "string") throw needs("langgraph/goto", 'a "checkpointId"');
    await session.call("session/goto", { sessionId: session.sessionId(), checkpointId });
    return {};
  },

  "langgraph/editState": async ({ checkpointId, path, value }, session) => {
    if (typeof checkpointId !== "string" || !Array.isArray(path)) throw needs("langgraph/editState", 'a "checkpointId" and a "path"');
    return session.call("session/editState", { sessionId: session.sessionId(), checkpointId, path, value });
  },

  "langgraph/storeHistory": async ({ namespace, key }, session) => {
    if (!Array.isArray(namespace) || !namespace.every((label) => typeof label === "string") || typeof key !== "string") {
      throw needs("langgraph/storeHistory", 'a "namespace" (an array of labels) and a "key" (a string)');
    }
    return session.call("session/storeHistory", { sessionId: session.sessionId(), namespace, key });
  },

  "langgraph/rerunStore": async ({ mode }, session) => {
    if (mode !== "now" && mode !== "asItWas") throw needs("langgraph/rerunStore", '{ "mode": "now" } or { "mode": "asItWas" }');
    return session.call("session/rerunStore", { sessionId: session.sessionId(), mode });
  },

  "langgraph/calls": async ({ threadId, checkpointId }, session) => {
    if ((threadId !== undefined && typeof threadId !== "string") || (checkpointId !== undefined && typeof checkpointId !== "string")) {
      throw needs("langgraph/calls", '"threadId" and "checkpointId" as strings, if given');
    }
    return session.call("session/calls", { sessionId: session.sessionId(), threadId, checkpointId });
  },

  "langgraph/editCall": async ({ callId, response }, session) => {
    if (typeof callId !== "string" || response === undefined)
      throw needs("langgraph/editCall", 'a "callId" (from langgraph/calls) and the new "response" (text, or the recorded response as JSON)');
    return session.call("session/editCall", { sessionId: session.sessionId(), callId, response });
  },

  "langgraph/createTest": async ({ threadId, path, runner, overwrite }, session) => {
    if ((threadId !== undefined && typeof threadId !== "string") || (path !== undefined && typeof path !== "string")) {
      throw needs("langgraph/createTest", '"threadId" and "path" (the test file or its folder) as strings, if given');
    }
    const started = session.started();
    if (started.onServer)
      throw debugErrors.engine("Regression tests are made from threads of the workspace database; this session runs on a LangGraph server.");
    // The views' handle on the session's database (opened once; the engine shares it).
    const info = await session.call("db/open", { configFile: started.configFile, dbPath: started.dbPath });
    return session.call("db/createTest", {
      dbPath: info.dbPath,
      graphId: started.graphId,
      threadId: threadId ?? started.threadId,
      context: started.context,
      path,
      runner,
      overwrite,
    });
  },

  "langgraph/replay": async ({ mode }, session) => {
    if (mode !== "auto" && mode !== "strict" && mode !== "off")
      throw needs("langgraph/replay", '{ "mode": "auto" }, { "mode": "strict" } or { "mode": "off" }');
    return session.call("session/replay", { sessionId: session.sessionId(), mode });
  },

  "langgraph/overlay": (_args, session) => session.call("session/overlay", { sessionId: session.sessionId() }),

  "langgraph/applyOverlay": async ({ overwrite }, session) => {
    if (overwrite !== undefined && typeof overwrite !== "boolean") throw needs("langgraph/applyOverlay", '"overwrite" as true or false, if given');
    return session.call("session/applyOverlay", { sessionId: session.sessionId(), overwrite });
  },

  "langgraph/discardOverlay": (_args, session) => session.call("session/discardOverlay", { sessionId: session.sessionId() }),

  "langgraph/retry": async (_args, session) => {
    await session.call("session/retry", { sessionId: session.sessionId() });
    return {};
  },

  "langgraph/resume": async ({ value }, session) => {
    await session.call("session/resume", { sessionId: session.sessionId(), value });
    return {};
  },
};

/** The body of a `langgraph/*` response; an unknown command or bad arguments throw a DebugError. */
export async function answerCustomRequest(command: string, args: unknown, session: CustomRequestContext): Promise<unknown> {
  if (!Object.hasOwn(CUSTOM_REQUESTS, command)) throw debugErrors.engine(`Unknown request "${command}".`);
  const answer = CUSTOM_REQUESTS[command as keyof CustomRequests] as Answer<keyof CustomRequests>;
  const given = typeof args === "object" && args !== null ? args : {};
  return answer(given as Partial<CustomRequests[keyof CustomRequests]["args"]>, session);
}

function needs(command: string, what: string) {
  return debugErrors.engine(`${command} needs ${what}.`);
}
