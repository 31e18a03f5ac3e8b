// `db/changed`: what changed in a workspace database, merged over ~100 ms per file so that a
// run writing hundreds of checkpoints sends a handful of notifications, not hundreds.
// Writes arrive as the database's commit events (WorkspaceDb.onCommit), whoever made them;
// outside edits as its `reloaded` events.

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

  /** Reports every commit to `db` from now on (the database's own commit events). */
  watch(db: WorkspaceDb): () => void {
    const path = db.path;
    return db.onCommit((event) => {
      if (event.kind === "store") this.report(path, "store", { namespace: event.namespace });
      else this.report(path, "checkpoints", { threadId: event.threadId });
    });
  }

  dispose(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }
}
