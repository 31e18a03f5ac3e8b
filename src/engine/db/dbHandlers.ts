// The `db/*` requests of src/protocol/engine.ts: browse and edit the workspace database with or
// without a debug session. The engine is the database's single writer, so these share the
// opened file (PersistenceRegistry) with running sessions. `db/open` keeps the file open until
// the engine exits; every other request names a database opened that way.

import { resolve } from "node:path";
import type { DbInfo } from "../../protocol/engine";
import { isWorkspaceDbError } from "../../persistence";
import { isEngineError } from "../errors";
import { readGraphConfig } from "../graphConfig";
import type { Handle } from "../session/handlers";
import type { SessionPersistence } from "../session/persistence";
import type { OpenedDb, PersistenceRegistry } from "./persistenceRegistry";
import { resolveDbPath } from "./persistenceRegistry";
import { checkpointDetail, listCheckpoints, listThreads } from "./checkpointSummaries";
import { dbErrors, UNTRUSTED_READ_ONLY } from "./dbErrors";
import { checkUpdateStateParams, updateStateWithoutSession } from "./updateState";
import { countItems, itemView, listNamespaceCounts, storedUpdatedAt } from "./storeViews";

const DEFAULT_PAGE = 100;

/** Paging parameters as given, made safe: whole numbers, offset ≥ 0, limit ≥ 0. */
function page(offset: number | undefined, limit: number | undefined): { offset: number; limit: number } {
  const whole = (value: number | undefined, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : fallback;
  return { offset: whole(offset, 0), limit: whole(limit, DEFAULT_PAGE) };
}

interface OpenedByViews {
  configFile: string;
  /** As the latest `db/open` said: an untrusted window may not write or run the embeddings. */
  trusted: boolean;
  /** Keeps the file open for the views while sessions come and go. */
  lease: SessionPersistence;
}

export function registerDbHandlers(handle: Handle, registry: PersistenceRegistry): void {
  const opened = new Map<string, OpenedByViews>();

  /** The database a request names, as it is open now. */
  const target = async (dbPath: string): Promise<{ views: OpenedByViews; db: OpenedDb; path: string }> => {
    const path = resolve(dbPath);
    const views = opened.get(path);
    const db = views && (await registry.current(path));
    if (!views || !db) throw dbErrors.notOpen(path);
    return { views, db, path };
  };
  const writable = async (dbPath: string, what: string) => {
    const found = await target(dbPath);
    if (!found.views.trusted) throw dbErrors.untrusted(found.path, what);
    if (found.db.readOnly) throw dbErrors.readOnly(found.path, found.db.readOnlyReason);
    return found;
  };

  handle("db/open", async ({ configFile, dbPath, trusted = true }): Promise<DbInfo> => {
    const config = await readGraphConfig(configFile);
    const path = resolveDbPath(config, dbPath);
    const warn = (text: string) => process.stderr.write(text);
    const lease = await registry.acquire(config, dbPath, warn, { trusted, readOnlyIfLocked: true });
    const known = opened.get(path);
    // One lease per file keeps it open; a repeated open only updates what the window may do.
    if (known) await lease.release();
    opened.set(path, { configFile: config.configFile, trusted, lease: known?.lease ?? lease });
    const db = (await registry.current(path))!;
    const readOnlyReason = !trusted ? UNTRUSTED_READ_ONLY : db.readOnly ? db.readOnlyReason : undefined;
    return {
      dbPath: path,
      configFile: config.configFile,
      readOnly: db.readOnly || !trusted,
      ...(readOnlyReason ? { readOnlyReason } : {}),
      semanticSearch: trusted && db.index !== undefined,
    };
  });

  handle("db/threads", async ({ dbPath, limit, offset }) => listThreads((await target(dbPath)).db.db, page(offset, limit)));

  handle("db/checkpoints", async ({ dbPath, threadId, limit, offset }) => listCheckpoints((await target(dbPath)).db.db, threadId, page(offset, limit)));

  handle("db/checkpoint", async ({ dbPath, threadId, checkpointId }) => checkpointDetail((await target(dbPath)).db.db, threadId, checkpointId));

  handle("db/deleteThread", async ({ dbPath, threadId }) => {
    const { db, path } = await writable(dbPath, "delete threads");
    await storeCall(path, () => db.db.checkpointer.deleteThread(threadId));
    return {};
  });

  handle("db/updateState", async ({ dbPath, ...params }) => {
    const { views, db, path } = await writable(dbPath, "fork checkpoints with edited state");
    const checked = checkUpdateStateParams(params, path);
    const config = await readGraphConfig(views.configFile);
    return updateStateWithoutSession({ config, dbPath: path, db: db.db, registry }, checked);
  });

  handle("db/namespaces", async ({ dbPath, prefix, maxDepth }) => ({
    namespaces: listNamespaceCounts((await target(dbPath)).db.db, checkLabels(prefix ?? [], dbPath), maxDepth),
  }));

  handle("db/items", async ({ dbPath, namespace, filter, query, limit, offset }) => {
    const { views, db, path } = await target(dbPath);
    const prefix = checkLabels(namespace ?? [], path);
    if (query) {
      // Ranking runs the workspace's embeddings module: user code.
      if (!views.trusted) throw dbErrors.untrusted(path, "run semantic search");
      if (db.index === undefined) throw dbErrors.noSemanticSearch(path);
    }
    const store = db.db.store;
    const items = await storeCall(path, () => store.search(prefix, { filter, query: query || undefined, ...page(offset, limit) }));
    return { items: items.map(itemView), total: countItems(db.db, prefix, filter) };
  });

  handle("db/item", async ({ dbPath, namespace, key }) => {
    const { db, path } = await target(dbPath);
    const item = await storeCall(path, () => db.db.store.get(checkLabels(namespace, path), key));
    return { item: item ? itemView(item) : null };
  });

  handle("db/putItem", async ({ dbPath, namespace, key, value, ifUpdatedAt }) => {
    const { db, path } = await writable(dbPath, "edit store items");
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw dbErrors.invalidInput(
        `A store item's value must be a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}.`,
        path,
      );
    }
    if (typeof key !== "string" || key === "") throw dbErrors.invalidInput(`A store item's key must be a non-empty string, got ${JSON.stringify(key)}.`, path);
    const labels = checkLabels(namespace, path);
    if (ifUpdatedAt !== undefined) {
      const now = storedUpdatedAt(db.db, labels, key);
      if (now === undefined || new Date(now).getTime() !== new Date(ifUpdatedAt).getTime()) throw dbErrors.conflict(labels, key, now, path);
    }
    const store = db.db.store;
    await storeCall(path, () => store.put(labels, key, value));
    const item = await storeCall(path, () => store.get(labels, key));
    if (!item) throw dbErrors.failed(`Saving store item ${JSON.stringify(key)}`, "it is not in the store after the write", path);
    return { item: itemView(item) };
  });

  handle("db/deleteItem", async ({ dbPath, namespace, key }) => {
    const { db, path } = await writable(dbPath, "delete store items");
    const labels = checkLabels(namespace, path);
    await storeCall(path, () => db.db.store.delete(labels, key));
    return {};
  });

  handle("db/moveItem", async ({ dbPath, namespace, key, toNamespace, toKey, ifUpdatedAt }) => {
    const { db, path } = await writable(dbPath, "rename store items");
    const from = { namespace: checkLabels(namespace, path), key };
    const to = { namespace: checkLabels(toNamespace, path), key: toKey };
    const since = ifUpdatedAt === undefined ? undefined : new Date(ifUpdatedAt).getTime();
    if (since !== undefined && Number.isNaN(since)) throw dbErrors.invalidInput(`ifUpdatedAt must be an ISO date, got ${JSON.stringify(ifUpdatedAt)}.`, path);
    const item = await storeCall(path, () => db.db.store.move(from, to, since));
    return { item: itemView(item) };
  });
}

/** Namespace labels as the store wants them; the store itself checks the finer rules on writes. */
function checkLabels(namespace: unknown, dbPath: string): string[] {
  if (!Array.isArray(namespace) || !namespace.every((label) => typeof label === "string")) {
    throw dbErrors.invalidInput(`A namespace must be an array of strings, e.g. ["memories", "user-1"], got ${JSON.stringify(namespace)}.`, dbPath);
  }
  return namespace;
}

/** Runs a checkpointer/store call, turning its input errors into `invalidInput` for the user. */
async function storeCall<T>(dbPath: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isEngineError(error)) throw error;
    const name = (error as { name?: unknown } | null)?.name;
    if (isWorkspaceDbError(error, "DB_INVALID_INPUT") || name === "InvalidNamespaceError") throw dbErrors.invalidInput((error as Error).message, dbPath);
    if (isWorkspaceDbError(error, "DB_READ_ONLY")) throw dbErrors.readOnly(dbPath);
    if (isWorkspaceDbError(error, "DB_CONFLICT")) throw dbErrors.refused((error as Error).message, dbPath);
    throw error;
  }
}
