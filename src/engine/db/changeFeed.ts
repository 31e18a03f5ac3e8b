// `db/changed`: what changed in a workspace database, merged over ~100 ms per file so that a
// run writing hundreds of checkpoints sends a handful of notifications, not hundreds.
// Writes are seen by wrapping the checkpointer and store instances the registry hands out
// (src/persistence stays untouched); outside edits arrive as the database's `reloaded` events.

import type { DbChange } from "../../protocol/engine";
import type { WorkspaceDb } from "../../persistence";

export const CHANGE_DEBOUNCE_MS = 100;

type Kind = DbChange["kinds"][number];

interface Pending {
  kinds: Set<Kind>;
  threadIds: Set<string>;
  /** Keyed by the labels joined with "\0" (labels may hold anything but "."). */
  namespaces: Map<string, string[]>;
  timer: NodeJS.Timeout;
}

export class DbChangeFeed {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly send: (change: DbChange) => void) {}

  /** Notes a change; the notification leaves at most CHANGE_DEBOUNCE_MS after the first one. */
  report(dbPath: string, kind: Kind, detail: { threadId?: string; namespace?: readonly string[] } = {}): void {
    let pending = this.pending.get(dbPath);
    if (!pending) {
      const timer = setTimeout(() => this.flush(dbPath), CHANGE_DEBOUNCE_MS);
      timer.unref();
      pending = { kinds: new Set(), threadIds: new Set(), namespaces: new Map(), timer };
      this.pending.set(dbPath, pending);
    }
    pending.kinds.add(kind);
    if (detail.threadId !== undefined) pending.threadIds.add(detail.threadId);
    if (detail.namespace !== undefined) pending.namespaces.set(detail.namespace.join("\u0000"), [...detail.namespace]);
  }

  private flush(dbPath: string): void {
    const pending = this.pending.get(dbPath);
    if (!pending) return;
    this.pending.delete(dbPath);
    const change: DbChange = { dbPath, kinds: [...pending.kinds] };
    if (pending.threadIds.size > 0) change.threadIds = [...pending.threadIds];
    if (pending.namespaces.size > 0) change.namespaces = [...pending.namespaces.values()];
    this.send(change);
  }

  /**
   * Wraps the writing methods of one opened database so every acknowledged write is reported.
   * The methods are replaced on the instances themselves, so LangGraph (which calls them by
   * duck typing) and our own handlers go through the same wrappers.
   */
  watch(db: WorkspaceDb): void {
    const path = db.path;
    const { checkpointer, store } = db;
    const put = checkpointer.put.bind(checkpointer);
    const putWrites = checkpointer.putWrites.bind(checkpointer);
    const deleteThread = checkpointer.deleteThread.bind(checkpointer);
    const threadOf = (config: { configurable?: Record<string, unknown> }) => {
      const threadId = config.configurable?.thread_id;
      return threadId === undefined || threadId === null ? undefined : String(threadId);
    };
    checkpointer.put = async (config, ...rest) => {
      const result = await put(config, ...rest);
      this.report(path, "checkpoints", { threadId: threadOf(config) });
      return result;
    };
    checkpointer.putWrites = async (config, ...rest) => {
      await putWrites(config, ...rest);
      this.report(path, "checkpoints", { threadId: threadOf(config) });
    };
    checkpointer.deleteThread = async (threadId) => {
      await deleteThread(threadId);
      this.report(path, "checkpoints", { threadId: String(threadId) });
    };

    const batch = store.batch.bind(store);
    const storePut = store.put.bind(store);
    const storeDelete = store.delete.bind(store);
    store.batch = (async (operations: Parameters<typeof batch>[0]) => {
      const results = await batch(operations);
      for (const op of operations) {
        // Only puts (value null = delete) change the store; gets and searches do not.
        if ("value" in op && Array.isArray(op.namespace)) this.report(path, "store", { namespace: op.namespace });
      }
      return results;
    }) as typeof store.batch;
    store.put = async (namespace, ...rest) => {
      await storePut(namespace, ...rest);
      this.report(path, "store", { namespace });
    };
    store.delete = async (namespace, key) => {
      await storeDelete(namespace, key);
      this.report(path, "store", { namespace });
    };
  }

  dispose(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }
}
