// What a commit changed, told to subscribers as it is applied (from then on reads see it): the
// one way to observe the database's writes, whoever made them (a LangGraph run, a debug
// session's edit, the views). Outside edits of the file are WorkspaceDbEvents instead.

import type { JournalEntry } from "./records";

export type CommitEvent =
  /** A checkpoint was saved (LangGraph's put). */
  | { kind: "checkpoint"; threadId: string; checkpointNs: string; checkpointId: string }
  /** Pending writes were saved for a checkpoint (LangGraph's putWrites). */
  | { kind: "writes"; threadId: string; checkpointNs: string; checkpointId: string }
  /** Model, tool or HTTP calls were recorded on a checkpoint (CallRecord). */
  | { kind: "calls"; threadId: string; checkpointNs: string; checkpointId: string }
  /** A thread and all its checkpoints were deleted. */
  | { kind: "deleteThread"; threadId: string }
  /** A store item was put, or deleted (`deleted`). */
  | { kind: "store"; namespace: string[]; key: string; deleted: boolean };

export type CommitListener = (event: CommitEvent) => void;

/** What one journal entry changed: a rename changes two store items. */
function eventsOf(entry: JournalEntry): CommitEvent[] {
  switch (entry.op) {
    case "checkpoint":
    case "writes":
    case "calls":
      return [{ kind: entry.op, threadId: entry.thread, checkpointNs: entry.ns, checkpointId: entry.id }];
    case "deleteThread":
      return [{ kind: "deleteThread", threadId: entry.thread }];
    // The store keys namespaces by their labels joined with "." (labels never hold one).
    case "storePut":
      return [{ kind: "store", namespace: entry.namespace.split("."), key: entry.key, deleted: false }];
    case "storeDelete":
      return [{ kind: "store", namespace: entry.namespace.split("."), key: entry.key, deleted: true }];
    case "storeMove":
      return [
        { kind: "store", namespace: entry.namespace.split("."), key: entry.key, deleted: true },
        { kind: "store", namespace: entry.toNamespace.split("."), key: entry.toKey, deleted: false },
      ];
  }
}

export class CommitListeners {
  private readonly listeners = new Set<CommitListener>();

  /** Whether anyone listens: commits skip building events otherwise (writes are the hot path). */
  get any(): boolean {
    return this.listeners.size > 0;
  }

  /** Calls `listener` after every commit from now on; returns the function that stops it. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tell(entries: readonly JournalEntry[]): void {
    for (const event of entries.flatMap(eventsOf)) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          // The commit is done; a listener's bug must not look like a failed write.
          console.error(`A commit listener of the workspace database failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    }
  }
}
