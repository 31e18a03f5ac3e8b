// `db/changed`: what changed in a database (any backend), merged over ~100 ms per file so that a
// run writing hundreds of checkpoints sends a handful of notifications, not hundreds.
// Writes and outside edits arrive as the backend's own changes (DataBackend.onChange), whoever
// made them; "access" from the registry that reopens a file.

import type { DbChange } from "../../protocol/engine";
import type { DataBackend } from "./backend";

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
  report(change: DbChange): void {
    let pending = this.pending.get(change.dbPath);
    if (!pending) {
      const timer = setTimeout(() => this.flush(change.dbPath), CHANGE_DEBOUNCE_MS);
      timer.unref();
      pending = { kinds: new Set(), threadIds: new Set(), namespaces: new Map(), timer };
      this.pending.set(change.dbPath, pending);
    }
    for (const kind of change.kinds) pending.kinds.add(kind);
    for (const threadId of change.threadIds ?? []) pending.threadIds.add(threadId);
    for (const namespace of change.namespaces ?? []) pending.namespaces.set(namespace.join("\u0000"), [...namespace]);
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

  /** Reports every change of `backend` from now on. */
  watch(backend: DataBackend): () => void {
    return backend.onChange((change) => this.report(change));
  }

  dispose(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }
}
