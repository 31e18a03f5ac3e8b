// The `db/copyThread` request: copy a thread from one opened database into another (Copy Thread
// to Workspace Database). Both are found as every `db/*` request finds its database (dbHandlers.ts
// passes its lookups in), the target as for a write: an untrusted window may not make one.

import type { Handle } from "../session/handlers";
import type { DataBackend } from "./backend";
import { copyThread } from "./copyThread";
import { dbErrors } from "./dbErrors";

export interface CopyThreadLookups {
  /** The opened database `dbPath` names. */
  source: (dbPath: string) => Promise<{ backend: DataBackend }>;
  /** The same, for a write: refused in an untrusted window. */
  target: (dbPath: string, what: string) => Promise<{ backend: DataBackend; path: string }>;
}

export function registerCopyThreadHandler(handle: Handle, lookups: CopyThreadLookups): void {
  handle("db/copyThread", async ({ dbPath, threadId, toDbPath, newThreadId, labels }) => {
    const { backend: source } = await lookups.source(dbPath);
    const { backend: target, path } = await lookups.target(toDbPath, "copy threads");
    if (labels !== undefined && (!Array.isArray(labels) || !labels.every((label) => typeof label === "string")))
      throw dbErrors.invalidInput(`labels must be an array of strings, e.g. ["user-1"], got ${JSON.stringify(labels)}.`, path);
    return copyThread(source, target, threadId, { newThreadId, labels });
  });
}
