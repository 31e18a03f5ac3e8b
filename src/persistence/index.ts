// Owns the workspace JSON database: a LangGraph checkpointer and memory store persisted in one file.
// Plain Node.js only (lowdb, LangGraph's checkpoint package): never imports `vscode`.

import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { WorkspaceCallLog } from "./calls";
import { WorkspaceCheckpointSaver } from "./checkpointer";
import type { CommitListener } from "./commitEvents";
import type { WorkspaceDbEvent } from "./database";
import { WorkspaceDatabase } from "./database";
import type { Durability } from "./journal";
import type { StoreIndexConfig } from "./store";
import { WorkspaceStore } from "./store";

export { WorkspaceCallLog } from "./calls";
export type { LocatedCall, NewCall } from "./calls";
export type { CallKind, CallRecord } from "./records";
export { WorkspaceCheckpointSaver, withGraphId } from "./checkpointer";
export type { CommitEvent, CommitListener } from "./commitEvents";
export type { WorkspaceDbEvent } from "./database";
export { HashEmbeddings } from "./embeddings";
export type { LockHolder, WorkspaceDbErrorCode } from "./errors";
export { isWorkspaceDbError, WorkspaceDbError } from "./errors";
export type { Durability } from "./journal";
export { lockHolderGone } from "./lock";
export type { EmbedFunction, ItemAddress, StoreIndexConfig } from "./store";
export type { ItemVersion } from "./store-versions";
export { WorkspaceStore } from "./store";
export { DEFAULT_STORE_HISTORY } from "./storeHistory";

export interface OpenWorkspaceDbOptions {
  /** The database file, e.g. `<workspace>/.langgraph/db.json`; side files are created beside it. */
  path: string;
  /** Enables semantic search in the store. */
  index?: StoreIndexConfig;
  /** Default `process`: acknowledged writes survive a crash of the process; `disk`: also a power loss. */
  durability?: Durability;
  /** Open without taking the writer lock: reads follow the writer's changes, writes fail. */
  readOnly?: boolean;
  /** A serializer other than LangGraph's JsonPlusSerializer (values then may not stay readable). */
  serde?: SerializerProtocol;
  /** Fold the journal into the file after this many milliseconds without writes (default 2000). */
  idleCompactionMs?: number;
  /**
   * Versions kept per store item, the current one included (default 50): every put and delete
   * keeps the value it replaces, for WorkspaceStore.history() and asOf(). 0 records none.
   */
  storeHistory?: number;
  /** Reloads after outside edits, conflicts, repairs and background errors. */
  onEvent?: (event: WorkspaceDbEvent) => void;
}

export interface WorkspaceDb {
  readonly path: string;
  readonly checkpointer: WorkspaceCheckpointSaver;
  readonly store: WorkspaceStore;
  /** The model, tool and HTTP calls debug sessions recorded, kept with their checkpoints. */
  readonly calls: WorkspaceCallLog;
  /**
   * Calls `listener` after every commit from now on (checkpoints, pending writes, deleted
   * threads, store puts and deletes), as it is applied; returns the function that unsubscribes.
   * Outside edits of the file are reported to `onEvent` as `reloaded` instead.
   */
  onCommit(listener: CommitListener): () => void;
  /** Checks now for an outside edit of the file (a file watcher also does, within ~50 ms). */
  checkForExternalChange(): void;
  /** Writes all changes into the file now, on this thread (otherwise done in the background). */
  compact(): void;
  /**
   * Folds the changes into the file in a worker thread, as the database does on its own when
   * the journal has grown or writes pause; resolves once the file holds them.
   */
  compactInBackground(): Promise<void>;
  /** Folds everything into the file and releases it. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a workspace database. Throws a WorkspaceDbError with code `DB_CORRUPT`
 * when the file cannot be read (naming line and column), or `DB_LOCKED` when another process
 * has it open for writing.
 */
export async function openWorkspaceDb(options: OpenWorkspaceDbOptions): Promise<WorkspaceDb> {
  const db = await WorkspaceDatabase.open(options);
  const checkpointer = new WorkspaceCheckpointSaver(db, options.serde);
  const store = new WorkspaceStore(db, checkpointer.valueCodec, options.index);
  return {
    path: db.file,
    checkpointer,
    store,
    calls: new WorkspaceCallLog(db),
    onCommit: (listener) => db.onCommit(listener),
    checkForExternalChange: () => db.checkForExternalChange(),
    compact: () => db.compact(),
    compactInBackground: () => db.compactInBackground(),
    close: () => db.close(),
  };
}
