// The workspace database's state and files, shared by its layers: compaction (compaction.ts),
// merging outside edits (externalEdits.ts) and the facade that commits and closes
// (database.ts). Split by job; one object at run time.

import type { LowSync as LowSyncType } from "lowdb" with { "resolution-mode": "import" };
import { isWorkspaceDbError, WorkspaceDbError } from "./errors";
import type { LoadedSnapshot } from "./format";
import type { Durability } from "./journal";
import { Journal } from "./journal";
import type { WriterLock } from "./lock";
import { ChangeTracker } from "./merge";
import type { JournalMark } from "./records";
import type { SnapshotFile } from "./snapshotFile";
import type { DbState } from "./state";
import { DEFAULT_STORE_HISTORY } from "./storeHistory";

export type WorkspaceDbEvent =
  /** db.json was changed by someone else and has been reloaded. */
  | { type: "reloaded"; file: string }
  /** Both the user and this process changed the same records: ours were kept, theirs saved aside. */
  | { type: "conflict"; file: string; conflictFile: string; records: string[] }
  /** A torn journal line left by a crash was dropped (it had never been acknowledged). */
  | { type: "repaired"; file: string; droppedBytes: number }
  /** Something went wrong in the background, e.g. db.json was saved as invalid JSON. */
  | { type: "error"; error: WorkspaceDbError };

export interface DatabaseOptions {
  path: string;
  durability?: Durability;
  readOnly?: boolean;
  /** Fold the journal into db.json after this long without writes. */
  idleCompactionMs?: number;
  /** Versions kept per store item, the current one included (default 50); 0 records no history. */
  storeHistory?: number;
  onEvent?: (event: WorkspaceDbEvent) => void;
}

/** The store history limit of `options`, checked. */
export function storeHistoryLimit(options: Pick<DatabaseOptions, "storeHistory">): number {
  const limit = options.storeHistory ?? DEFAULT_STORE_HISTORY;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new WorkspaceDbError(
      "DB_INVALID_INPUT",
      `storeHistory must be a whole number of versions per store item (0 for none), got ${JSON.stringify(limit)}.`,
    );
  }
  return limit;
}

export function newJournalId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
}

export abstract class DatabaseCore {
  state: DbState;
  protected seq: number;
  protected journalId: string;
  /** Changes since the last snapshot (since the one being written, while a background compaction runs). */
  protected changes = new ChangeTracker();
  protected readonly journal: Journal | undefined;
  /** Set while db.json holds an edit that does not parse: we must not overwrite it. */
  protected brokenFile: WorkspaceDbError | undefined;
  protected closed = false;

  protected constructor(
    readonly file: string,
    protected readonly low: LowSyncType<LoadedSnapshot | null>,
    protected readonly snapshot: SnapshotFile,
    protected readonly lock: WriterLock | undefined,
    protected readonly options: DatabaseOptions,
    loaded: { state: DbState; mark: JournalMark },
  ) {
    this.state = loaded.state;
    this.seq = loaded.mark.seq;
    this.journalId = loaded.mark.id;
    this.journal = options.readOnly ? undefined : new Journal(`${file}.journal`, options.durability ?? "process", () => this.forgetRefusedChanges());
  }

  /** Goes back to what the files hold after the journal refused a write (database.ts). */
  protected abstract forgetRefusedChanges(): void;

  protected report(error: unknown): void {
    if (isWorkspaceDbError(error)) this.options.onEvent?.({ type: "error", error });
    else
      this.options.onEvent?.({
        type: "error",
        error: new WorkspaceDbError("DB_WRITE_FAILED", `Writing ${this.file} failed: ${(error as Error).message}`, this.file, { cause: error }),
      });
  }
}
