// The `session/*` requests of src/protocol/engine.ts over the engine's sessions, and the
// session events forwarded as `session/*` notifications. Opening a session loads the graph,
// attaches the workspace database's checkpointer and store, and checks the launch context;
// attaching one drives a graph that runs on a LangGraph server (SessionServers) the same way.

import { randomUUID } from "node:crypto";
import type { CallView, ModelPrices } from "../../protocol/engine";
import type { EngineMethod, EngineNotificationMethod, EngineNotificationParams, EngineParams, EngineResult, SessionInfo } from "../../protocol/engine";
import { readGraphConfig } from "../graphConfig";
import { loadGraph } from "../graphLoader";
import { adviceFor } from "../userCodeAdvice";
import { describeGraph } from "../graphShape";
import { applyEdit, applyExpressionEdit, forkSessionState } from "./stateEdits";
import type { Plain } from "./plainValue";
import { describeEntry } from "./variables";
import { checkpointLineage } from "./callStack";
import { GraphSession } from "./graphSession";
import { describeError, describeSchemaIssues } from "./sessionDescriptions";
import { findNodeSources, toNodeInfo } from "../nodeSources";
import { checkStoreHistory, type AttachedServer, type SessionDatabases, type SessionServers } from "./persistence";
import { recordingStore, type SessionStore, type StoreLike } from "./recordingStore";
import { EngineError } from "../errors";
import { sessionErrors } from "./sessionErrors";
import { captureStoreWriters } from "./storeWriters";
import { interceptCallsFor } from "./callInterception";
import { callsOfThread, callsView, callView } from "../../calls/callViews";
import { editedCall } from "../../calls/callEdits";
import { overlayWriteView, versionView } from "./storeVersions";
import type { DebuggableGraph } from "./snapshots";
import { listSubgraphs, withSubgraphNodes, type PregelLike } from "./subgraphs";
import { routeConsoleToSessions } from "./consoleRouting";
import { routeTokensFor } from "./tokenRouting";
import { loadCommandClass } from "./userLangGraph";
import { REPLAY_MODES, type ReplayMode } from "../../calls/recordingHandler";

export type Handle = <M extends EngineMethod>(method: M, handler: (params: EngineParams<M>) => Promise<EngineResult<M>>) => void;
export type Notify = <N extends EngineNotificationMethod>(method: N, params: EngineNotificationParams<N>) => void;

interface OpenSession {
  session: GraphSession;
  /** Ends what the session holds: its database lease, or its server run. */
  release(): Promise<void>;
  graph: DebuggableGraph;
  store: SessionStore;
  touchedNamespaces: Map<string, string[]>;
  /** Set when the graph runs on a LangGraph server (session/attach). */
  server?: AttachedServer;
  /** The launch's prices for the cost of recorded calls. */
  modelPrices?: ModelPrices;
}

const CALLS_ON_SERVER = "A LangGraph server makes its graphs' calls itself: they are not recorded, and re-runs there call the model again.";
const CALLS_ELSEWHERE = "Model, tool and HTTP calls are recorded in the workspace database only: this session's database does not record them.";

/** Said once when a session attaches to a server: what it cannot do there. */
const SERVER_LIMITS =
  "On a LangGraph server the graph's code runs there: Step Into (into a subgraph or a node's code), debugUserCode and store history are not available; subgraphs run whole. Breakpoint conditions are evaluated here, on the state the server reports.";

export function registerSessionHandlers(handle: Handle, notify: Notify, persistence: SessionDatabases, servers: SessionServers): { closeAll(): Promise<void> } {
  const sessions = new Map<string, OpenSession>();
  routeConsoleToSessions();

  const get = (sessionId: string): OpenSession => {
    const open = sessions.get(sessionId);
    if (!open) throw sessionErrors.sessionNotFound(sessionId);
    return open;
  };
  const close = async (sessionId: string): Promise<void> => {
    const open = sessions.get(sessionId);
    if (!open) return;
    sessions.delete(sessionId);
    open.session.close();
    await open.release();
  };
  /** Forwards the session's events as notifications and keeps it under its id. */
  const register = (sessionId: string, open: OpenSession): void => {
    const { session, server } = open;
    const threadId = session.threadId;
    session.on("stopped", (stop) => {
      if (!server) return notify("session/stopped", { sessionId, threadId, ...stop });
      // The server's nodes used its store out of our sight: the Store scope lists its namespaces.
      void server
        .namespaces()
        .then((namespaces) => {
          for (const namespace of namespaces) open.touchedNamespaces.set(JSON.stringify(namespace), namespace);
        })
        .catch((error: unknown) =>
          notify("session/output", { sessionId, category: "stderr", text: `The server's store could not be listed: ${describeError(error)}\n` }),
        )
        .finally(() => notify("session/stopped", { sessionId, threadId, ...stop }));
    });
    session.on("continued", () => notify("session/continued", { sessionId, threadId }));
    session.on("output", (output) => notify("session/output", { sessionId, ...output }));
    session.on("terminated", (end) => notify("session/terminated", { sessionId, ...end }));
    sessions.set(sessionId, open);
  };

  handle("session/open", async (params): Promise<SessionInfo> => {
    const storeHistory = checkStoreHistory(params.storeHistory);
    const config = await readGraphConfig(params.configFile);
    if (params.env) Object.assign(process.env, params.env);
    const { summary, graph: loaded } = await loadGraph(config, params.graphId);
    const graph = loaded as DebuggableGraph;
    const context = params.context ?? {};
    if (typeof graph._validateContext === "function") {
      try {
        await graph._validateContext(context);
      } catch (error) {
        const issues = (error as { issues?: unknown }).issues;
        throw sessionErrors.contextInvalid(params.graphId, Array.isArray(issues) ? describeSchemaIssues(issues) : describeError(error), summary.file);
      }
    }
    const Command = await loadCommandClass(summary.file);
    const nodeNames = await topLevelNodes(params.graphId, graph, summary.file);
    const sessionId = randomUUID();
    const warn = (text: string) => notify("session/output", { sessionId, category: "stderr", text });
    // Before the run queues its first put: each store item then names the node that wrote it.
    await captureStoreWriters(summary.file, warn);
    await interceptCallsFor(summary.file, warn);
    const lease = await persistence.acquire(config, params.dbPath, warn, { storeHistory });
    const touchedNamespaces = new Map<string, string[]>();
    const store = recordingStore(lease.store as unknown as StoreLike, touchedNamespaces);
    graph.checkpointer = lease.checkpointer;
    graph.store = store;
    const threadId = params.threadId || randomUUID();
    // Subgraph nodes too (`polish:tidy`): breakpoints can name them and frames point at them.
    const nodes = withSubgraphNodes(summary.file, findNodeSources(summary.file, nodeNames).map(toNodeInfo), listSubgraphs(graph as PregelLike));
    const tokensRouted = await routeTokensFor(summary.file);
    const adviseOn = (error: unknown) => adviceFor(error, config);
    const session = new GraphSession({
      graphId: params.graphId,
      threadId,
      graph,
      store,
      touchedNamespaces,
      Command,
      nodes,
      context,
      config: params.config,
      sessionId,
      tokensRouted,
      adviseOn,
      rerunStore: params.rerunStore,
      callLog: lease.calls,
      replay: checkReplayMode(params.replay),
      modelPrices: params.modelPrices,
    });
    register(sessionId, { session, release: () => lease.release(), graph, store, touchedNamespaces, modelPrices: params.modelPrices });
    return { sessionId, graphId: params.graphId, threadId, nodes, persistence: { kind: "workspaceDb", path: lease.path } };
  });

  handle("session/attach", async (params): Promise<SessionInfo> => {
    const server = await servers.attach(params);
    const sessionId = randomUUID();
    const touchedNamespaces = new Map<string, string[]>();
    const session = new GraphSession({
      graphId: params.graphId,
      threadId: server.threadId,
      graph: server.graph,
      store: server.store,
      touchedNamespaces,
      Command: server.Command,
      nodes: server.nodes,
      context: params.context,
      config: params.config,
      sessionId,
    });
    register(sessionId, { session, release: () => server.cancelRun(), graph: server.graph, store: server.store, touchedNamespaces, server });
    return {
      sessionId,
      graphId: params.graphId,
      threadId: server.threadId,
      nodes: server.nodes,
      persistence: { kind: "server", path: server.location },
      limits: SERVER_LIMITS,
    };
  });

  handle("session/setBreakpoints", async ({ sessionId, breakpoints }) => ({ breakpoints: get(sessionId).session.setBreakpoints(breakpoints) }));
  handle("session/setStopFilters", async ({ sessionId, nodeErrors, interrupts }) => {
    get(sessionId).session.setStopFilters({ nodeErrors, interrupts });
    return {};
  });
  handle("session/run", async ({ sessionId, input, stopOnEntry, checkpointId }) => {
    get(sessionId).session.run(input, stopOnEntry ?? false, checkpointId);
    return {};
  });
  handle("session/retry", async ({ sessionId }) => (await get(sessionId).session.retry(), {}));
  handle("session/continue", async ({ sessionId }) => (await get(sessionId).session.continue(), {}));
  handle("session/next", async ({ sessionId }) => (await get(sessionId).session.next(), {}));
  handle("session/stepIn", async ({ sessionId }) => {
    const { session, server } = get(sessionId);
    if (server) throw sessionErrors.notOnServer("Step Into", server.location);
    await session.stepIn();
    return {};
  });
  handle("session/stepOut", async ({ sessionId }) => (await get(sessionId).session.stepOut(), {}));
  handle("session/pause", async ({ sessionId }) => {
    const { session, server } = get(sessionId);
    session.pause();
    // The server does not see our filters while it runs: its run is cancelled where it stands.
    if (server && session.isRunning) await server.cancelRun();
    return {};
  });
  handle("session/stepBack", async ({ sessionId }) => (await get(sessionId).session.stepBack(), {}));
  handle("session/reverseContinue", async ({ sessionId }) => (await get(sessionId).session.reverseContinue(), {}));
  handle("session/goto", async ({ sessionId, checkpointId }) => (await get(sessionId).session.goto(checkpointId), {}));
  handle("session/resume", async ({ sessionId, value }) => (await get(sessionId).session.resume(value), {}));
  handle("session/stack", async ({ sessionId, limit }) => {
    const { session } = get(sessionId);
    const position = session.currentCheckpoint;
    const frames = position ? await checkpointLineage(session.snapshots, position, session.nodes, limit) : [];
    for (const frame of frames) {
      const overlay = session.rerunStores.overlayOf(frame.checkpointId);
      if (overlay) frame.storeOverlay = `overlay ${overlay.label}`;
    }
    return { frames };
  });
  handle("session/variables", async ({ sessionId, checkpointId, scope, path, handle: evaluation }) => ({
    variables: await get(sessionId).session.views.variables(checkpointId, scope, path, evaluation),
  }));
  handle("session/evaluate", async ({ sessionId, checkpointId, expression }) => {
    const { value, type, expandable, handle: evaluation } = await get(sessionId).session.views.evaluate(checkpointId, expression);
    return { value, type, expandable, ...(evaluation !== undefined ? { handle: evaluation } : {}) };
  });
  handle("session/storeHistory", async ({ sessionId, namespace, key }) => {
    const { store } = get(sessionId);
    if (store.history === undefined) throw sessionErrors.noStoreHistory();
    return { versions: (await store.history(namespace, key)).map(versionView) };
  });
  handle("session/rerunStore", async ({ sessionId, mode }) => {
    if (mode !== "now" && mode !== "asItWas") throw invalidRerunStore(mode);
    get(sessionId).session.rerunStores.mode = mode;
    return { mode };
  });
  handle("session/overlay", async ({ sessionId }) => {
    const { asOf, writes } = get(sessionId).session.rerunStores.pending();
    return { ...(asOf ? { asOf } : {}), writes: writes.map(overlayWriteView) };
  });
  handle("session/applyOverlay", async ({ sessionId, overwrite }) => {
    const { session } = get(sessionId);
    if (session.isRunning) throw sessionErrors.sessionBusy("apply the store overlay");
    const { applied, conflicts } = await session.rerunStores.apply(overwrite === true);
    return { applied: applied.map(overlayWriteView), conflicts: conflicts.map(({ write, reason }) => ({ ...overlayWriteView(write), reason })) };
  });
  handle("session/discardOverlay", async ({ sessionId }) => {
    const { session } = get(sessionId);
    // A run under way still writes to the overlay: discarding it now would lose those writes unseen.
    if (session.isRunning) throw sessionErrors.sessionBusy("discard the store overlay");
    return { discarded: session.rerunStores.discard().map(overlayWriteView) };
  });
  handle("session/setValue", async (params) => {
    const open = get(params.sessionId);
    if (open.session.isRunning) throw sessionErrors.sessionBusy("edit values");
    if (params.scope === "calls") {
      const [entry, field] = params.path;
      const callId = open.session.views.callIdOf(params.checkpointId, String(entry));
      if (callId === undefined || field !== "response" || params.path.length !== 2) {
        throw new EngineError(
          "invalidInput",
          `Only a call's "response" can be edited in Calls, not ${params.path.join(".")}.`,
          undefined,
          "Edit the response of a model or tool call.",
        );
      }
      const value = (await open.session.views.sandbox(params.checkpointId)).evaluate(params.expression);
      const { call } = await editRecordedCall(open.session, callId, value);
      return { value: describeEntry("response", (call.editableText ?? call.responseSummary) as Plain, false) };
    }
    const result = await applyEdit(
      { ...open, graphId: open.session.graphId, threadId: open.session.threadId, snapshots: open.session.snapshots, views: open.session.views },
      params,
    );
    if (result.checkpointId) await open.session.movedToFork(result.checkpointId, `Edited ${params.path.join(".")}`);
    return result;
  });
  handle("session/editState", async ({ sessionId, checkpointId, path, value }) => {
    const open = get(sessionId);
    if (open.session.isRunning) throw sessionErrors.sessionBusy("edit values");
    if (!Array.isArray(path) || path.length === 0 || value === undefined) {
      throw new EngineError(
        "invalidInput",
        `session/editState needs a path (channel first) and a value, got path ${JSON.stringify(path)}.`,
        undefined,
        "Pass the path of a State value and its new JSON value.",
      );
    }
    const target = { ...open, graphId: open.session.graphId, threadId: open.session.threadId, snapshots: open.session.snapshots, views: open.session.views };
    const forked = await forkSessionState(target, checkpointId, path, value as Plain);
    await open.session.movedToFork(forked, `Edited ${path.join(".")}`);
    return { checkpointId: forked };
  });
  handle("session/setExpression", async ({ sessionId, checkpointId, expression, value }) => {
    const open = get(sessionId);
    if (open.session.isRunning) throw sessionErrors.sessionBusy("edit values");
    const result = await applyExpressionEdit(
      { ...open, graphId: open.session.graphId, threadId: open.session.threadId, snapshots: open.session.snapshots, views: open.session.views },
      { checkpointId, expression, value },
    );
    if (result.checkpointId) await open.session.movedToFork(result.checkpointId, `Set ${expression}`);
    return result;
  });
  handle("session/calls", async ({ sessionId, threadId, checkpointId, prices }) => {
    const { session, server, modelPrices } = get(sessionId);
    const log = session.calls.log;
    if (!log) return { ...callsView([]), notRecorded: server ? CALLS_ON_SERVER : CALLS_ELSEWHERE };
    return callsOfThread(log, threadId ?? session.threadId, checkpointId, prices ?? modelPrices);
  });
  handle("session/editCall", async ({ sessionId, callId, response }) => editRecordedCall(get(sessionId).session, callId, response));
  handle("session/replay", async ({ sessionId, mode }) => {
    get(sessionId).session.calls.mode = checkReplayMode(mode);
    return { mode: get(sessionId).session.calls.mode };
  });
  handle("session/close", async ({ sessionId }) => (await close(sessionId), {}));

  return {
    closeAll: async () => {
      await Promise.allSettled([...sessions.keys()].map(close));
      await persistence.closeAll();
    },
  };
}

/**
 * Keeps an edited copy of a recorded call (the original stays) and travels to the checkpoint its
 * step ran from, so that Continue re-runs the step with the edited answer: a fork.
 */
async function editRecordedCall(session: GraphSession, callId: string, response: unknown): Promise<{ call: CallView; rerunFrom: string }> {
  if (session.isRunning) throw sessionErrors.sessionBusy("edit a recorded call");
  const log = session.calls.log;
  const located = log?.list(session.threadId).find(({ call }) => call.id === callId);
  if (!log || !located) throw sessionErrors.callNotFound(callId, session.threadId);
  let edited;
  try {
    edited = editedCall(located.call, response);
  } catch (error) {
    throw new EngineError("invalidInput", describeError(error), undefined, "Pass the new answer as text, or the whole recorded response as JSON.");
  }
  await log.addEdited(session.threadId, located.ns, located.checkpointId, edited);
  await session.goto(located.call.from);
  session.say(
    `Edited the answer of ${edited.name} call ${edited.index} of ${edited.node} (the recording is kept). Travelled to the checkpoint its step ran from: Continue or Step re-runs ${edited.node} with the edited answer, on a new branch.\n`,
  );
  return { call: callView({ ns: located.ns, checkpointId: located.checkpointId, call: edited }), rerunFrom: located.call.from };
}

function checkReplayMode(mode: unknown): ReplayMode {
  if (mode === undefined) return "auto";
  if (REPLAY_MODES.includes(mode as ReplayMode)) return mode as ReplayMode;
  throw new EngineError(
    "invalidInput",
    `replay must be "auto", "strict" or "off", got ${JSON.stringify(mode)}.`,
    undefined,
    'Set "replay" to "auto" (the default), "strict" or "off".',
  );
}

function invalidRerunStore(mode: unknown): EngineError {
  return new EngineError(
    "invalidInput",
    `The store for re-runs must be "now" or "asItWas", got ${JSON.stringify(mode)}.`,
    undefined,
    'Pass { "mode": "now" } or { "mode": "asItWas" }.',
  );
}

/** The graph's own nodes (a subgraph counts as one node): Pregel's `nodes`, else the drawn shape. */
async function topLevelNodes(graphId: string, graph: DebuggableGraph, moduleFile: string): Promise<string[]> {
  const nodes = (graph as { nodes?: unknown }).nodes;
  if (typeof nodes === "object" && nodes !== null) return Object.keys(nodes).filter((name) => !name.startsWith("__"));
  const shape = await describeGraph(graphId, graph, moduleFile);
  const names = shape.nodes.filter((node) => node.kind === "node").map((node) => node.subgraph?.split(":")[0] ?? node.name);
  return [...new Set(names)];
}
