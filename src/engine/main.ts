// Entry of the engine child process (dist/engine.js). One per workspace folder; it is the only
// place user code runs, so a hang or crash here never takes the editor down. It answers the
// typed requests of src/protocol/engine.ts over JSON-RPC on the IPC channel to its parent.

import { createMessageConnection, IPCMessageReader, IPCMessageWriter, ResponseError } from "vscode-jsonrpc/node";
import type { EngineMethod, EngineParams, EngineResult } from "../protocol/engine";
import { describeCause, EngineError, isEngineError } from "./errors";
import { readGraphConfig } from "./graphConfig";
import { loadGraph } from "./graphLoader";
import { describeGraph } from "./graphShape";
import { DbChangeFeed } from "./db/changeFeed";
import { registerDbHandlers } from "./db/dbHandlers";
import { serverSessions } from "./db/serverAttach";
import { registerSessionHandlers } from "./session/handlers";
import { PersistenceRegistry } from "./db/persistenceRegistry";
import { failRunsOnStrayErrors } from "./session/strayErrors";
import { interceptFetchCalls } from "./session/callInterception";
import { watchParent } from "./parentWatch";

const INTERNAL_ERROR = -32603;
/** Requests that import the user's modules (the graph, the store's embeddings). */
const RUNS_USER_CODE: ReadonlySet<EngineMethod> = new Set<EngineMethod>(["graphs/shape", "session/open", "db/updateState"]);
const ENGINE_ERROR = 1;

const connection = createMessageConnection(new IPCMessageReader(process), new IPCMessageWriter(process));

// Started for an untrusted workspace (Restricted Mode; EngineStartOptions.untrusted passes the
// argument): no request may import a user module, whatever the caller asks.
const untrusted = process.argv.includes("--untrusted");

function handle<M extends EngineMethod>(method: M, handler: (params: EngineParams<M>) => Promise<EngineResult<M>>): void {
  connection.onRequest(method, async (params: EngineParams<M>) => {
    try {
      if (untrusted) params = restrictToTrusted(method, params);
      return await handler(params);
    } catch (error) {
      if (isEngineError(error)) throw new ResponseError(ENGINE_ERROR, error.message, error.toData());
      console.error(error);
      throw new ResponseError(INTERNAL_ERROR, `The engine failed: ${describeCause(error)}`, { code: "internal" });
    }
  });
}

/** Refuses requests that would run user code; the database opens read-only, without embeddings. */
function restrictToTrusted<M extends EngineMethod>(method: M, params: EngineParams<M>): EngineParams<M> {
  if (RUNS_USER_CODE.has(method)) {
    throw new EngineError(
      "untrusted",
      "This workspace is in Restricted Mode: the LangGraph engine runs no code of an untrusted workspace, so graphs cannot be loaded, shown or debugged.",
      undefined,
      'Trust the workspace to load its graphs: run "Workspaces: Manage Workspace Trust" and choose "Trust". The workspace database can still be browsed read-only.',
    );
  }
  if (method === "db/open") return { ...params, trusted: false };
  return params;
}

handle("graphs/list", async ({ configFile }) => {
  const config = await readGraphConfig(configFile);
  return { configFile: config.configFile, graphs: config.graphs };
});

handle("graphs/shape", async ({ configFile, graphId }) => {
  const config = await readGraphConfig(configFile);
  const { summary, graph } = await loadGraph(config, graphId);
  return describeGraph(graphId, graph, summary.file);
});

// One registry per engine: sessions and the db/* requests share each opened database file.
const persistence = new PersistenceRegistry(new DbChangeFeed((change) => void connection.sendNotification("db/changed", change)));
const sessions = registerSessionHandlers(handle, (method, params) => void connection.sendNotification(method, params), persistence, serverSessions);
registerDbHandlers(handle, persistence);

// A throw from a timer or a promise left rejected by user code fails the run it belongs to
// instead of ending the engine and every session in it.
failRunsOnStrayErrors((text) => process.stderr.write(`${text}\n`));
// HTTP calls of nodes are recorded (callInterception.ts): fetch is wrapped before any graph loads.
interceptFetchCalls();
// The extension host went away (window closed or reloaded, extension host killed): nothing left
// to serve. The database is folded into its file first, so the next session starts from a
// compact db.json, and its lock is released for the next window's engine.
let shuttingDown = false;
const shutDown = () => {
  if (shuttingDown) return;
  shuttingDown = true;
  void sessions.closeAll().finally(() => process.exit(0));
};
process.on("disconnect", shutDown);
watchParent(shutDown);

connection.listen();
