// The workspace database: a lowdb snapshot (db.json) plus an append-only journal. Changes are
// applied in memory and appended to the journal, and told to onCommit subscribers
// (commitEvents.ts). The journal is folded into a new snapshot (compaction.ts); edits of
// db.json made by hand or by git are merged (externalEdits.ts).

import * as fs from "node:fs";
import * as path from "node:path";
import type { LowSync as LowSyncType } from "lowdb" with { "resolution-mode": "import" };
import type { CommitListener } from "./commitEvents";
import { CommitListeners } from "./commitEvents";
import type { DatabaseOptions, WorkspaceDbEvent } from "./databaseCore";
import { newJournalId, storeHistoryLimit } from "./databaseCore";
import { WorkspaceDbError } from "./errors";
import { WatchedDatabase } from "./externalEdits";
import type { LoadedSnapshot } from "./format";
import type { Journal } from "./journal";
import { replayJournals } from "./journal";
import { WriterLock } from "./lock";
import type { JournalEntry, NewJournalEntry } from "./records";
import { SnapshotFile } from "./snapshotFile";
import { applyEntry, emptyState } from "./state";

export type { DatabaseOptions, WorkspaceDbEvent } from "./databaseCore";

export class WorkspaceDatabase extends WatchedDatabase {
  private readonly commits = new CommitListeners();

  static async open(options: DatabaseOptions): Promise<WorkspaceDatabase> {
    const { LowSync } = await import("lowdb");
    const historyLimit = storeHistoryLimit(options);
    const file = path.resolve(options.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = options.readOnly ? undefined : WriterLock.acquire(`${file}.lock`, file);
    try {
      const snapshot = new SnapshotFile(file, `${file}.bak`);
      const low = new LowSync<LoadedSnapshot | null>(snapshot, null);
      const events: WorkspaceDbEvent[] = [];
      const loaded = WorkspaceDatabase.load(low, file, !options.readOnly, events, historyLimit);
      const db = new WorkspaceDatabase(file, low, snapshot, lock, options, loaded);
      if (!options.readOnly) {
        db.removeCompactingFiles();
        if (loaded.replayed > 0 || low.data === null || loaded.folding) db.compact();
        else db.journal!.reset(db.journalId || (db.journalId = newJournalId()));
      }
      db.watch();
      for (const event of events) options.onEvent?.(event);
      return db;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  /** Reads db.json, then the journal lines it does not hold yet. */
  private static load(low: LowSyncType<LoadedSnapshot | null>, file: string, repair: boolean, events: WorkspaceDbEvent[], historyLimit: number) {
    low.read();
    const state = low.data?.state ?? emptyState();
    state.storeHistory.limit = historyLimit;
    const mark = { ...(low.data?.journal ?? { id: "", seq: 0 }) };
    const { folding, journal, replayed } = replayJournals(state, mark, `${file}.journal`, repair);
    if (journal !== undefined && journal.tornBytes > 0) events.push({ type: "repaired", file: `${file}.journal`, droppedBytes: journal.tornBytes });
    return { state, mark, replayed, folding: folding !== undefined };
  }

  /**
   * A journal write failed and its changes are refused, but they were applied in memory when
   * committed: go back to what the files hold (db.json and the journals, cut back to the last
   * acknowledged change), so that what this process shows is what a reopen will show.
   */
  protected forgetRefusedChanges(): void {
    // A fold running now was checked against db.json as last seen; rereading it moves that
    // mark, so the fold's result could replace an edit made meanwhile. Its journal stays, to be
    // replayed at the next open.
    this.abandonBackground();
    try {
      this.state = WorkspaceDatabase.load(this.low, this.file, false, [], storeHistoryLimit(this.options)).state;
    } catch (error) {
      this.report(error);
    } finally {
      this.low.data = null;
    }
  }

  private assertWritable(): Journal {
    if (this.closed) throw new WorkspaceDbError("DB_CLOSED", `The workspace database ${this.file} is closed.`, this.file);
    if (this.journal === undefined) {
      throw new WorkspaceDbError("DB_READ_ONLY", `The workspace database ${this.file} was opened read-only; it cannot be changed here.`, this.file);
    }
    if (this.journal.failed) throw this.journal.failed;
    return this.journal;
  }

  private ordered: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /**
   * Commits in call order even though values may be encoded asynchronously: LangGraph calls
   * putWrites for a checkpoint without waiting for its put. `prepare` is (or resolves to) a
   * function that builds the entries against the state current at commit time; when nothing
   * is waiting, a ready one commits at once.
   */
  commitInOrder(prepare: Promise<() => readonly NewJournalEntry[]> | (() => readonly NewJournalEntry[])): Promise<void> {
    if (typeof prepare === "function" && this.waiting === 0) return this.commit(prepare());
    this.waiting++;
    const turn = this.ordered
      .then(() => prepare)
      .then(
        (build) => {
          this.waiting--;
          return this.commit(build());
        },
        (error: unknown) => {
          this.waiting--;
          throw error;
        },
      );
    this.ordered = turn.catch(() => undefined);
    return turn;
  }

  /** Applies changes in memory at once; the promise resolves when they are in the journal. */
  commit(changes: readonly NewJournalEntry[]): Promise<void> {
    let journal: Journal;
    try {
      journal = this.assertWritable();
    } catch (error) {
      return Promise.reject(error);
    }
    let lines = "";
    const told: JournalEntry[] | undefined = this.commits.any ? [] : undefined;
    for (const change of changes) {
      const entry = { seq: ++this.seq, ...change } as JournalEntry;
      this.changes.noteBefore(this.state, entry);
      applyEntry(this.state, entry);
      lines += JSON.stringify(entry) + "\n";
      told?.push(entry);
    }
    if (lines === "") return Promise.resolve();
    const written = journal.append(lines);
    this.scheduleCompaction(journal);
    if (told !== undefined) this.commits.tell(told);
    return written;
  }

  /** Calls `listener` with what each commit from now on changed; returns the unsubscribe function. */
  onCommit(listener: CommitListener): () => void {
    return this.commits.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.journal !== undefined) {
        this.journal.flushNow();
        let compactError: unknown;
        try {
          // Nothing written since db.json was: leave it as it is (opening a thread to look at it
          // must not rewrite the file a user may have committed).
          if (!this.journal.failed && (!this.changes.empty || this.background !== undefined)) this.compact();
        } catch (error) {
          compactError = error;
        }
        // A journal we could not fold in stays, to be replayed at the next open.
        const folded = compactError === undefined && this.changes.empty && !this.brokenFile && !this.journal.failed;
        this.journal.close(folded);
        if (compactError !== undefined) throw compactError;
      }
    } finally {
      this.closed = true;
      this.watcher?.close();
      clearTimeout(this.idleTimer);
      clearTimeout(this.reloadTimer);
      if (this.compactor) {
        await this.compactor.terminate();
        this.removeCompactingFiles();
      }
      this.lock?.release();
    }
  }
}
