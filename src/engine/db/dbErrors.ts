// One factory per error a user can meet while browsing or editing the workspace database,
// each with a stable code (src/protocol/engine.ts): what happened, and what to do.

import { EngineError, describeCause } from "../errors";

const UNTRUSTED_HINT =
  "Trust the workspace (Manage Workspace Trust) to edit the database and use semantic search; the debugger then also loads the workspace's modules.";

/** Why an untrusted window sees the database read-only, for the views. */
export const UNTRUSTED_READ_ONLY = `Read-only: this workspace is in Restricted Mode. ${UNTRUSTED_HINT}`;

export const dbErrors = {
  notOpen: (dbPath: string) =>
    new EngineError(
      "dbNotOpen",
      `The workspace database ${dbPath} is not open in this engine.`,
      dbPath,
      "Open it first with db/open (the engine may have restarted).",
    ),
  untrusted: (dbPath: string, what: string) =>
    new EngineError(
      "notEditable",
      `This workspace is not trusted, so the debugger does not ${what} in ${dbPath} (browsing it is fine).`,
      dbPath,
      UNTRUSTED_HINT,
    ),
  /** `reason`: why the file is open read-only and what to do (PersistenceRegistry says). */
  readOnly: (dbPath: string, reason?: string) =>
    new EngineError(
      "notEditable",
      reason ?? `${dbPath} is open read-only: another process has it open for writing.`,
      dbPath,
      "Stop the other process (another VS Code window, or your own app using the database); the database becomes writable by itself once it lets go.",
    ),
  /** `holder`: the database as a sentence names it ("The workspace database", a URL); `dbPath`: the file or URL to look at. */
  threadNotFound: (threadId: string, holder: string, dbPath?: string) =>
    new EngineError(
      "checkpointNotFound",
      `${holder} has no thread "${threadId}" (it has no checkpoints, or it was deleted).`,
      dbPath,
      "Refresh the list of threads.",
    ),
  checkpointNotFound: (threadId: string, checkpointId: string, holder: string, dbPath?: string) =>
    new EngineError(
      "checkpointNotFound",
      `Thread "${threadId}" has no checkpoint ${checkpointId} in ${holder}.`,
      dbPath,
      "Refresh the thread's checkpoints; it may have been deleted.",
    ),
  invalidInput: (problem: string, dbPath?: string) => new EngineError("invalidInput", problem, dbPath, "Fix the value and try again."),
  noStoreHistory: (reason: string | undefined, dbPath: string) =>
    new EngineError(
      "noStoreHistory",
      reason ?? `${dbPath} keeps no history of store items.`,
      dbPath,
      "Open the workspace database (langgraph.dbPath) to see earlier versions of store items.",
    ),
  noSemanticSearch: (dbPath: string) =>
    new EngineError(
      "invalidInput",
      `Semantic search is not available for ${dbPath}.`,
      dbPath,
      'Configure "store": { "index": { "embed", "dims", "fields" } } in langgraph.json, and trust the workspace; or search with a filter instead.',
    ),
  conflict: (namespace: readonly string[], key: string, now: string | undefined, dbPath: string) =>
    new EngineError(
      "conflict",
      `Store item ${JSON.stringify(key)} in namespace ${JSON.stringify(namespace)} ${now === undefined ? "was deleted" : "changed"} since you opened it; your edit was not saved.`,
      dbPath,
      "Reopen the item to see its current value, then edit that.",
    ),
  /** A store write refused as its premise no longer holds (the item moved, the target exists). */
  refused: (problem: string, dbPath: string) =>
    new EngineError("conflict", problem, dbPath, "Refresh the store view to see its current items, then try again."),
  /** A rename whose item is no longer there. */
  moveSourceGone: (from: { namespace: readonly string[]; key: string }, dbPath: string) =>
    dbErrors.refused(`Store item ${JSON.stringify(from.key)} in namespace ${JSON.stringify(from.namespace)} is gone; nothing was moved.`, dbPath),
  /** A rename onto an item that exists. */
  moveTargetTaken: (to: { namespace: readonly string[]; key: string }, dbPath: string) =>
    dbErrors.refused(`Store item ${JSON.stringify(to.key)} already exists in namespace ${JSON.stringify(to.namespace)}; nothing was moved.`, dbPath),
  /** `ifUpdatedAt` (compare-and-set) as a time, refused when it is not an ISO date. */
  ifUpdatedAtTime: (iso: string | undefined, dbPath: string): number | undefined => {
    if (iso === undefined) return undefined;
    const time = new Date(iso).getTime();
    if (Number.isNaN(time)) throw dbErrors.invalidInput(`ifUpdatedAt must be an ISO date, got ${JSON.stringify(iso)}.`, dbPath);
    return time;
  },
  failed: (what: string, cause: unknown, dbPath: string) => new EngineError("internal", `${what} failed: ${describeCause(cause)}`, dbPath),
} as const;
