// The workspace database: a lowdb snapshot (db.json) plus an append-only journal. Changes are
// applied in memory and appended to the journal; the journal is folded into a new snapshot when
// it grows to twice the snapshot and when writes pause, by a worker thread
// (background-compaction.ts), and on close. It also watches db.json for edits made by hand or
// by git and merges them (see merge.ts).

import * as fs from "node:fs";
import * as path from "node:path";
import type { LowSync as LowSyncType } from "lowdb" with { "resolution-mode": "import" };
import type { FoldResult } from "./background-compaction";
import { CompactionWorker } from "./background-compaction";
import type { CommitListener } from "./commit-events";
import { CommitListeners } from "./commit-events";
import { isWorkspaceDbError, WorkspaceDbError } from "./errors";
import type { LoadedSnapshot } from "./format";
import type { JournalEntry, JournalMark, NewJournalEntry } from "./records";
import type { Durability } from "./journal";
import { foldingJournalOf, Journal, replayJournals } from "./journal";
import { WriterLock } from "./lock";
import { ChangeTracker } from "./merge";
import { ExternalChangeError, SnapshotFile } from "./snapshot-file";
import { LazyThreads } from "./snapshot-index";
import type { DbState } from "./state";
import { applyEntry, emptyState } from "./state";

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
  onEvent?: (event: WorkspaceDbEvent) => void;
}

const MIN_COMPACTION_BYTES = 8 * 1024 * 1024;
/**
 * The journal is folded in once it is this many times the snapshot's size: each compaction
 * rewrites the whole snapshot, so a put's share of that cost is divided by this factor (at 1,
 * compaction was a third of a store put). Bursts end in an idle compaction anyway; the price is
 * a longer replay after a crash and a journal up to twice the snapshot on disk.
 */
const COMPACTION_GROWTH = 2;

function newJournalId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
}

/** A compaction running in the worker: it folds the changes up to `seq`, noted in `changes`. */
interface BackgroundCompaction {
  seq: number;
  changes: ChangeTracker;
  temporary: string;
  /** Settles once db.json holds the changes, or the job was given up. */
  done?: Promise<void>;
}

export class WorkspaceDatabase {
  state: DbState;
  private seq: number;
  private journalId: string;
  /** Changes since the last snapshot (since the one being written, while a background compaction runs). */
  private changes = new ChangeTracker();
  private background: BackgroundCompaction | undefined;
  /** Started on first use; null when there is none to start (then compaction stays on this thread). */
  private compactor: CompactionWorker | null | undefined;
  private readonly journal: Journal | undefined;
  private watcher: fs.FSWatcher | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private compactionQueued = false;
  /** Set while db.json holds an edit that does not parse: we must not overwrite it. */
  private brokenFile: WorkspaceDbError | undefined;
  private closed = false;
  private readonly commits = new CommitListeners();

  /** Temporary files of background compactions: `.db.json.compacting-<journal id>.tmp`. */
  private get compactingPrefix(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.compacting-`);
  }

  /** Removes what background compactions left behind (a crash, or jobs given up at close). */
  private removeCompactingFiles(): void {
    const prefix = path.basename(this.compactingPrefix);
    for (const name of fs.readdirSync(path.dirname(this.file))) {
      if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(path.dirname(this.file), name), { force: true });
    }
  }

  private constructor(
    readonly file: string,
    private readonly low: LowSyncType<LoadedSnapshot | null>,
    private readonly snapshot: SnapshotFile,
    private readonly lock: WriterLock | undefined,
    private readonly options: DatabaseOptions,
    loaded: { state: DbState; mark: JournalMark },
  ) {
    this.state = loaded.state;
    this.seq = loaded.mark.seq;
    this.journalId = loaded.mark.id;
    this.journal = options.readOnly ? undefined : new Journal(`${file}.journal`, options.durability ?? "process", () => this.forgetRefusedChanges());
  }

  static async open(options: DatabaseOptions): Promise<WorkspaceDatabase> {
    const { LowSync } = await import("lowdb");
    const file = path.resolve(options.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = options.readOnly ? undefined : WriterLock.acquire(`${file}.lock`, file);
    try {
      const snapshot = new SnapshotFile(file, `${file}.bak`);
      const low = new LowSync<LoadedSnapshot | null>(snapshot, null);
      const events: WorkspaceDbEvent[] = [];
      const loaded = WorkspaceDatabase.load(low, file, !options.readOnly, events);
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
  private static load(low: LowSyncType<LoadedSnapshot | null>, file: string, repair: boolean, events: WorkspaceDbEvent[]) {
    low.read();
    const state = low.data?.state ?? emptyState();
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
  private forgetRefusedChanges(): void {
    // A fold running now was checked against db.json as last seen; rereading it moves that
    // mark, so the fold's result could replace an edit made meanwhile. Its journal stays, to be
    // replayed at the next open.
    this.abandonBackground();
    try {
      this.state = WorkspaceDatabase.load(this.low, this.file, false, []).state;
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

  private scheduleCompaction(journal: Journal): void {
    this.foldIfJournalOutgrew(journal);
    // A timestamp rather than a timer reset per write: writes are the hot path.
    this.lastCommitAt = performance.now();
    if (this.idleTimer === undefined) this.armIdleTimer(this.options.idleCompactionMs ?? 2000);
  }

  private lastCommitAt = 0;
  /**
   * Set when the last compaction failed (a full disk): until one succeeds, only pauses in the
   * writes and close try again, not every put once the journal is big.
   */
  private lastFoldFailed = false;

  /**
   * Starts a fold once the journal outgrows the snapshot. Not while a fold runs: db.json is
   * about to grow by all that fold holds, so the check waits for the new file (finishBackground).
   * Measured against the old file, a slow fold of a large database left the fresh journal
   * "too big" before it ended, and the folds then ran back to back, with the worker never idle.
   */
  private foldIfJournalOutgrew(journal: Journal): void {
    if (this.compactionQueued || this.background !== undefined || this.lastFoldFailed) return;
    if (journal.bytes <= Math.max(MIN_COMPACTION_BYTES, COMPACTION_GROWTH * this.snapshot.bytes)) return;
    this.compactionQueued = true;
    setImmediate(() => {
      this.compactionQueued = false;
      void this.compactInBackground();
    });
  }

  private armIdleTimer(delay: number): void {
    this.idleTimer = setTimeout(() => {
      const idle = this.options.idleCompactionMs ?? 2000;
      const quietFor = performance.now() - this.lastCommitAt;
      if (quietFor < idle) return this.armIdleTimer(idle - quietFor);
      this.idleTimer = undefined;
      void this.compactInBackground();
    }, delay).unref();
  }

  private compactSafely(): void {
    try {
      this.compact();
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    if (isWorkspaceDbError(error)) this.options.onEvent?.({ type: "error", error });
    else this.options.onEvent?.({ type: "error", error: new WorkspaceDbError("DB_WRITE_FAILED", `Writing ${this.file} failed: ${(error as Error).message}`, this.file, { cause: error }) });
  }

  /**
   * Starts folding the journal into a new db.json in the worker thread; compacts on this thread
   * when there is no worker, or a journal is still being folded from an earlier failure.
   * Resolves once db.json holds the changes made before the call (or the job was given up).
   */
  compactInBackground(): Promise<void> {
    try {
      // One fold at a time: the changes since the running one started go into the next.
      if (this.background?.done) return this.background.done.then(() => this.compactInBackground());
      const journal = this.journal;
      if (journal === undefined || !this.canFold()) return Promise.resolve();
      const folding = foldingJournalOf(journal.file);
      const foldingLeft = fs.existsSync(folding);
      // Nothing changed since db.json was written: nothing to fold.
      if (this.changes.empty && !foldingLeft) return Promise.resolve();
      if (this.compactor === undefined) this.compactor = CompactionWorker.start() ?? null;
      if (this.compactor === null || this.compactor.dead || foldingLeft) {
        this.compact();
        return Promise.resolve();
      }
      const id = newJournalId();
      journal.rotate(id, folding);
      this.journalId = id;
      const job: BackgroundCompaction = {
        seq: this.seq,
        changes: this.changes,
        // One name per job: a job given up may still be writing its own.
        temporary: `${this.compactingPrefix}${id}.tmp`,
      };
      this.background = job;
      this.changes = new ChangeTracker();
      job.done = this.compactor
        .fold({ file: this.file, seen: this.snapshot.seenIdentity, folding, mark: { id, seq: job.seq }, temporary: job.temporary })
        .then(
          (result) => this.finishBackground(job, result),
          () => {
            // The worker failed (or died): fold on this thread instead.
            if (this.abandonBackground(job)) this.compactSafely();
          },
        );
      return job.done;
    } catch (error) {
      this.lastFoldFailed = true;
      this.report(error);
      return Promise.resolve();
    }
  }

  /** Puts the snapshot the worker wrote in place, unless db.json changed or the job was given up meanwhile. */
  private finishBackground(job: BackgroundCompaction, result: FoldResult): void {
    if (this.background !== job || this.closed) {
      fs.rmSync(job.temporary, { force: true });
      return;
    }
    const threads = this.state.threads;
    try {
      const index = this.snapshot.replaceWith(job.temporary, result.chars, result.ranges);
      this.background = undefined;
      this.lastFoldFailed = false;
      // Threads not read yet are read from the new snapshot (the old one is only the backup now).
      if (threads instanceof LazyThreads && !(index && threads.follow(index))) threads.readAll();
      fs.rmSync(foldingJournalOf(this.journal!.file), { force: true });
      this.watch();
      this.foldIfJournalOutgrew(this.journal!);
    } catch (error) {
      fs.rmSync(job.temporary, { force: true });
      this.abandonBackground(job);
      // db.json changed under us: merge it (which compacts on this thread).
      if (error instanceof ExternalChangeError) this.checkForExternalChange();
      else {
        this.lastFoldFailed = true;
        this.report(error);
      }
    }
  }

  /**
   * Gives up a background compaction (its result will be dropped): its changes count as not in
   * db.json again. False when `job` is not the running one.
   */
  private abandonBackground(job = this.background): boolean {
    if (job === undefined || this.background !== job) return false;
    this.background = undefined;
    job.changes.absorb(this.changes);
    this.changes = job.changes;
    return true;
  }

  /**
   * Whether the journal can be folded into db.json now: a writable database, with db.json as we
   * last saw it (after merging an outside edit, if it parses).
   */
  private canFold(): boolean {
    if (this.closed || this.journal === undefined || this.journal.failed) return false;
    if (this.snapshot.changedSinceSeen() && !this.reload()) return false;
    return this.brokenFile === undefined;
  }

  /** Folds the journal into a new db.json. Synchronous so that no write can slip in between. */
  compact(): void {
    if (this.journal === undefined || !this.canFold()) return;
    this.abandonBackground();
    this.journal.flushNow();
    // The write failed and was refused: the journal takes nothing more, and db.json stays.
    if (this.journal.failed) return;
    const id = newJournalId();
    this.low.data = { state: this.state, journal: { id, seq: this.seq } };
    try {
      // A snapshot that cannot be written in full leaves db.json and the journal as they were.
      this.low.write();
    } catch (error) {
      // Someone wrote db.json between our check and our rename: merge theirs, then retry later.
      if (error instanceof ExternalChangeError) {
        this.reload();
        return;
      }
      this.lastFoldFailed = true;
      throw error;
    } finally {
      this.low.data = null;
    }
    try {
      this.journal.reset(id);
    } catch (error) {
      // db.json is written, but the old journal stays: it is another snapshot's journal now,
      // which the next open replays whole (its entries are outcomes: nothing changes twice).
      this.lastFoldFailed = true;
      this.watch();
      throw error;
    }
    this.lastFoldFailed = false;
    this.journalId = id;
    this.changes.clear();
    // db.json now holds what a journal moved aside for a background compaction held too.
    fs.rmSync(foldingJournalOf(this.journal.file), { force: true });
    // The file watched until now is the backup; watch the new one.
    this.watch();
  }

  /** Checks db.json now rather than waiting for the file watcher. */
  checkForExternalChange(): void {
    if (!this.closed && this.snapshot.changedSinceSeen()) this.reload();
  }

  /** Reloads db.json after someone else changed it; false when it does not parse. */
  private reload(): boolean {
    // db.json changed under a background fold: its result is stale (and must never replace a
    // file that does not parse), so give it up first.
    this.abandonBackground();
    let loaded: LoadedSnapshot | null;
    try {
      this.low.read();
      loaded = this.low.data;
    } catch (error) {
      if (!isWorkspaceDbError(error, "DB_CORRUPT")) throw error;
      this.brokenFile = error;
      this.report(error);
      return false;
    } finally {
      this.low.data = null;
    }
    this.brokenFile = undefined;
    const theirs = loaded?.state ?? emptyState();
    if (this.journal === undefined) {
      // Read-only: the writer's journals hold what db.json does not yet.
      replayJournals(theirs, { ...(loaded?.journal ?? { id: "", seq: 0 }) }, `${this.file}.journal`, false);
      this.state = theirs;
    } else {
      this.journal.flushNow();
      const conflicts = this.changes.mergeInto(theirs, this.state);
      this.state = theirs;
      const records = Object.keys(conflicts);
      if (records.length > 0) {
        const conflictFile = `${this.file}.conflict-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
        fs.writeFileSync(conflictFile, JSON.stringify({ note: "Your versions of records that this program also changed; its versions were kept in db.json.", records: conflicts }, null, 2) + "\n");
        this.options.onEvent?.({ type: "conflict", file: this.file, conflictFile, records });
      }
      // Write the merged result back so db.json shows it, unless nothing of ours was pending.
      if (!this.changes.empty || loaded === null || fs.existsSync(foldingJournalOf(this.journal.file))) {
        this.changes.clear();
        this.compact();
      }
    }
    this.options.onEvent?.({ type: "reloaded", file: this.file });
    return true;
  }

  /**
   * A writer watches db.json itself: watching the directory would also report every journal
   * append, and that costs a kernel event per put. Editors and git replace the file rather than
   * write it in place, and so do we when compacting, so the watch moves to the new file after
   * each event and each compaction. A reader watches the directory, to follow the journal too.
   */
  private watch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.closed) return;
    const name = path.basename(this.file);
    const onChange = () => {
      if (this.closed) return;
      // Editors and git write in several steps: wait for the file to settle.
      if (this.reloadTimer) this.reloadTimer.refresh();
      else this.reloadTimer = setTimeout(() => this.onWatchEvent(), 50).unref();
    };
    const watchDirectory = (alsoJournal: boolean) =>
      fs.watch(path.dirname(this.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name || (alsoJournal && changed === `${name}.journal`)) onChange();
      });
    try {
      if (this.journal === undefined) this.watcher = watchDirectory(true);
      else {
        try {
          this.watcher = fs.watch(this.file, { persistent: false }, onChange);
        } catch {
          // db.json is gone for now (deleted, or between git's steps): wait for it to come back.
          this.watcher = watchDirectory(false);
        }
      }
      // E.g. the watched file deleted on Windows: look again once things settle.
      this.watcher.on("error", onChange);
    } catch {
      // No watcher on this file system: changes are still caught before every compaction.
    }
  }

  private onWatchEvent(): void {
    this.reloadTimer = undefined;
    // First follow the file to wherever it is now, then look: no change can fall in between.
    if (this.journal !== undefined) this.watch();
    try {
      if (this.journal === undefined) this.reload();
      else this.checkForExternalChange();
    } catch (error) {
      this.report(error);
    }
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
