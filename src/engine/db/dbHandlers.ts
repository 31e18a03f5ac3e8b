// The `db/*` requests of src/protocol/engine.ts: browse and edit a database with or without a
// debug session, through its DataBackend (backend.ts). The engine is the database's single
// writer, so these share the opened backend (PersistenceRegistry) with running sessions.
// `db/open` keeps it open until `db/close` or the engine exits; every other request names a
// database opened that way. What stays here: finding that backend, the window's trust, and
// checking the wire's untyped params; the backend refuses what it cannot do itself (read-only,
// no semantic search).

import type { DbInfo } from "../../protocol/engine";
import { readGraphConfig } from "../graphConfig";
import type { Handle } from "../session/handlers";
import { CALLS_NOT_RECORDED, type DataBackend, type Page } from "./backend";
import { callsOfThread, callsView } from "../../calls/callViews";
import { createRegressionTest } from "./regressionTests";
import { WorkspaceStore } from "../../persistence";
import type { PersistenceRegistry, ViewsLease } from "./persistenceRegistry";
import { addressOf } from "./persistenceRegistry";
import { dbKey } from "./dbAddress";
import { dbErrors, UNTRUSTED_READ_ONLY } from "./dbErrors";
import { checkUpdateStateParams } from "./updateState";
import { registerCopyThreadHandler } from "./copyThreadHandler";
import { comparisonSide } from "./comparisonSide";
import { checkStoreHistory } from "../session/persistence";

const DEFAULT_PAGE = 100;

/** Paging parameters as given, made safe: whole numbers, offset ≥ 0, limit ≥ 0. */
function page(offset: number | undefined, limit: number | undefined): Page {
  const whole = (value: number | undefined, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : fallback;
  return { offset: whole(offset, 0), limit: whole(limit, DEFAULT_PAGE) };
}

interface OpenedByViews {
  configFile: string;
  /** As the latest `db/open` said: an untrusted window may not write or run the embeddings. */
  trusted: boolean;
  /** Keeps the file open for the views while sessions come and go. */
  lease: ViewsLease;
}

export function registerDbHandlers(handle: Handle, registry: PersistenceRegistry): void {
  const opened = new Map<string, OpenedByViews>();

  /** The backend a request names, as it is open now. */
  const target = async (dbPath: string): Promise<{ views: OpenedByViews; backend: DataBackend; path: string }> => {
    const path = dbKey(dbPath);
    const views = opened.get(path);
    const backend = views && (await registry.current(path));
    if (!views || !backend) throw dbErrors.notOpen(path);
    return { views, backend, path };
  };
  /** As `target`, for a write: an untrusted window may not make one (the backend refuses its own). */
  const trustedTarget = async (dbPath: string, what: string) => {
    const found = await target(dbPath);
    if (!found.views.trusted) throw dbErrors.untrusted(found.path, what);
    return found;
  };

  handle("db/open", async ({ configFile, dbPath, trusted = true, storeHistory }): Promise<DbInfo> => {
    const historyLimit = checkStoreHistory(storeHistory);
    const config = await readGraphConfig(configFile);
    const path = addressOf(config, dbPath).key;
    const warn = (text: string) => process.stderr.write(text);
    const lease = await registry.leaseForViews(config, dbPath, warn, { trusted, storeHistory: historyLimit });
    const known = opened.get(path);
    // One lease per file keeps it open; a repeated open only updates what the window may do.
    if (known) await lease.release();
    opened.set(path, { configFile: config.configFile, trusted, lease: known?.lease ?? lease });
    const info = (await registry.current(path))!.info();
    const readOnlyReason = !trusted ? UNTRUSTED_READ_ONLY : info.readOnlyReason;
    return {
      kind: info.kind,
      dbPath: path,
      configFile: config.configFile,
      readOnly: info.readOnly || !trusted,
      ...(readOnlyReason ? { readOnlyReason } : {}),
      semanticSearch: trusted && info.semanticSearch,
      ...(info.noStoreHistoryReason ? { noStoreHistoryReason: info.noStoreHistoryReason } : {}),
    };
  });

  handle("db/close", async ({ dbPath }) => {
    const path = dbKey(dbPath);
    const views = opened.get(path);
    opened.delete(path);
    await views?.lease.release();
    return {};
  });

  handle("db/threads", async ({ dbPath, limit, offset, prices }) => (await target(dbPath)).backend.threads(page(offset, limit), prices));

  handle("db/checkpoints", async ({ dbPath, threadId, limit, offset, storeWrites }) =>
    (await target(dbPath)).backend.checkpoints(threadId, page(offset, limit), { storeWrites }),
  );

  handle("db/checkpoint", async ({ dbPath, threadId, checkpointId }) => (await target(dbPath)).backend.checkpoint(threadId, checkpointId));

  handle("db/comparisonSide", async ({ dbPath, threadId, checkpointId }) => ({
    text: await comparisonSide((await target(dbPath)).backend, threadId, checkpointId),
  }));

  handle("db/deleteThread", async ({ dbPath, threadId }) => {
    await (await trustedTarget(dbPath, "delete threads")).backend.deleteThread(threadId);
    return {};
  });

  handle("db/updateState", async ({ dbPath, ...params }) => {
    const { views, backend, path } = await trustedTarget(dbPath, "fork checkpoints with edited state");
    const checked = checkUpdateStateParams(params, path);
    return backend.updateState(checked, await readGraphConfig(views.configFile));
  });

  handle("db/namespaces", async ({ dbPath, prefix, maxDepth }) => ({
    namespaces: await (await target(dbPath)).backend.namespaces(checkLabels(prefix ?? [], dbPath), maxDepth),
  }));

  handle("db/items", async ({ dbPath, namespace, filter, query, limit, offset }) => {
    const { views, backend, path } = await target(dbPath);
    // Ranking runs the workspace's embeddings module: user code.
    if (query && !views.trusted) throw dbErrors.untrusted(path, "run semantic search");
    return backend.items({ namespace: checkLabels(namespace ?? [], path), filter, query, ...page(offset, limit) });
  });

  handle("db/item", async ({ dbPath, namespace, key }) => {
    const { backend, path } = await target(dbPath);
    return { item: await backend.item({ namespace: checkLabels(namespace, path), key }) };
  });

  handle("db/graphShape", async ({ dbPath, graphId }) => {
    const { backend, path } = await target(dbPath);
    if (typeof graphId !== "string" || graphId === "") throw dbErrors.invalidInput(`db/graphShape needs a "graphId", got ${JSON.stringify(graphId)}.`, path);
    if (!backend.graphShape) throw dbErrors.invalidInput(`${path} does not run graphs: draw the graph from langgraph.json (graphs/shape) instead.`, path);
    return backend.graphShape(graphId);
  });

  handle("db/createTest", async ({ dbPath, graphId, threadId, context, path: testPath, runner, overwrite }) => {
    // It loads and runs the graph: user code.
    const { views, backend, path } = await trustedTarget(dbPath, "create regression tests");
    const store = backend.store;
    if (!backend.calls || !backend.checkpointer || !isWorkspaceStore(store)) {
      throw dbErrors.invalidInput(`Regression tests are made from threads of the workspace database, and ${path} is not one.`, path);
    }
    if (typeof graphId !== "string" || typeof threadId !== "string") throw dbErrors.invalidInput(`db/createTest needs a "graphId" and a "threadId".`, path);
    if (runner !== undefined && runner !== "vitest" && runner !== "node:test")
      throw dbErrors.invalidInput(`runner must be "vitest" or "node:test", got ${JSON.stringify(runner)}.`, path);
    const config = await readGraphConfig(views.configFile);
    const warn = (text: string) => process.stderr.write(text);
    return createRegressionTest(
      { checkpointer: backend.checkpointer, calls: backend.calls, store },
      { config, graphId, threadId, context, path: testPath, runner, overwrite, warn },
    );
  });

  handle("db/calls", async ({ dbPath, threadId, checkpointId, prices }) => {
    const { backend, path } = await target(dbPath);
    if (typeof threadId !== "string" || threadId === "") throw dbErrors.invalidInput(`db/calls needs a "threadId", got ${JSON.stringify(threadId)}.`, path);
    if (!backend.calls) return { ...callsView([]), notRecorded: CALLS_NOT_RECORDED[backend.info().kind as "postgres" | "server"] };
    return callsOfThread(backend.calls, threadId, checkpointId, prices);
  });

  handle("db/storeHistory", async ({ dbPath, namespace, key }) => {
    const { backend, path } = await target(dbPath);
    if (!backend.storeHistory) throw dbErrors.noStoreHistory(backend.info().noStoreHistoryReason, path);
    if (typeof key !== "string") throw dbErrors.invalidInput(`db/storeHistory needs a "key" (a string), got ${JSON.stringify(key)}.`, path);
    return { versions: await backend.storeHistory({ namespace: checkLabels(namespace, path), key }) };
  });

  handle("db/itemsAsOf", async ({ dbPath, namespace, time }) => {
    const { backend, path } = await target(dbPath);
    if (!backend.itemsAsOf) throw dbErrors.noStoreHistory(backend.info().noStoreHistoryReason, path);
    const at = typeof time === "string" ? new Date(time) : new Date(NaN);
    if (Number.isNaN(at.getTime()))
      throw dbErrors.invalidInput(`db/itemsAsOf needs a "time" (an ISO date such as a checkpoint's createdAt), got ${JSON.stringify(time)}.`, path);
    return { items: await backend.itemsAsOf(checkLabels(namespace, path), at) };
  });

  handle("db/putItem", async ({ dbPath, namespace, key, value, ifUpdatedAt }) => {
    const { backend, path } = await trustedTarget(dbPath, "edit store items");
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw dbErrors.invalidInput(
        `A store item's value must be a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}.`,
        path,
      );
    }
    if (typeof key !== "string" || key === "") throw dbErrors.invalidInput(`A store item's key must be a non-empty string, got ${JSON.stringify(key)}.`, path);
    return { item: await backend.putItem({ namespace: checkLabels(namespace, path), key }, value, { ifUpdatedAt }) };
  });

  handle("db/deleteItem", async ({ dbPath, namespace, key }) => {
    const { backend, path } = await trustedTarget(dbPath, "delete store items");
    await backend.deleteItem({ namespace: checkLabels(namespace, path), key });
    return {};
  });

  handle("db/moveItem", async ({ dbPath, namespace, key, toNamespace, toKey, ifUpdatedAt }) => {
    const { backend, path } = await trustedTarget(dbPath, "rename store items");
    const from = { namespace: checkLabels(namespace, path), key };
    const to = { namespace: checkLabels(toNamespace, path), key: toKey };
    return { item: await backend.moveItem(from, to, { ifUpdatedAt }) };
  });

  registerCopyThreadHandler(handle, { source: target, target: trustedTarget });
}

/** Namespace labels as the store wants them; the store itself checks the finer rules on writes. */
function checkLabels(namespace: unknown, dbPath: string): string[] {
  if (!Array.isArray(namespace) || !namespace.every((label) => typeof label === "string")) {
    throw dbErrors.invalidInput(`A namespace must be an array of strings, e.g. ["memories", "user-1"], got ${JSON.stringify(namespace)}.`, dbPath);
  }
  return namespace;
}

function isWorkspaceStore(store: unknown): store is WorkspaceStore {
  return store instanceof WorkspaceStore;
}
