// Compaction: folds the journal into a new db.json when it outgrows the snapshot and when
// writes pause, in a worker thread (backgroundCompaction.ts) or on this thread; and
// synchronously on demand and at close.

import * as fs from "node:fs";
import * as path from "node:path";
import type { FoldResult } from "./backgroundCompaction";
import { CompactionWorker } from "./backgroundCompaction";
import { DatabaseCore, newJournalId, storeHistoryLimit } from "./databaseCore";
import type { Journal } from "./journal";
import { foldingJournalOf } from "./journal";
import { ChangeTracker } from "./merge";
import { ExternalChangeError } from "./snapshotFile";
import { LazyThreads, unreadStoreHistory } from "./snapshotIndex";

const MIN_COMPACTION_BYTES = 8 * 1024 * 1024;
/**
 * The journal is folded in once it is this many times the snapshot's size: each compaction
 * rewrites the whole snapshot, so a put's share of that cost is divided by this factor (at 1,
 * compaction was a third of a store put). Bursts end in an idle compaction anyway; the price is
 * a longer replay after a crash and a journal up to twice the snapshot on disk.
 */
const COMPACTION_GROWTH = 2;

/** A compaction running in the worker: it folds the changes up to `seq`, noted in `changes`. */
interface BackgroundCompaction {
  seq: number;
  changes: ChangeTracker;
  temporary: string;
  /** Settles once db.json holds the changes, or the job was given up. */
  done?: Promise<void>;
}

export abstract class CompactingDatabase extends DatabaseCore {
  protected background: BackgroundCompaction | undefined;
  /** Started on first use; null when there is none to start (then compaction stays on this thread). */
  protected compactor: CompactionWorker | null | undefined;
  protected idleTimer: NodeJS.Timeout | undefined;
  protected compactionQueued = false;

  /** Temporary files of background compactions: `.db.json.compacting-<journal id>.tmp`. */
  protected get compactingPrefix(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.compacting-`);
  }

  /** Removes what background compactions left behind (a crash, or jobs given up at close). */
  protected removeCompactingFiles(): void {
    const prefix = path.basename(this.compactingPrefix);
    for (const name of fs.readdirSync(path.dirname(this.file))) {
      if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(path.dirname(this.file), name), { force: true });
    }
  }

  protected scheduleCompaction(journal: Journal): void {
    this.foldIfJournalOutgrew(journal);
    // A timestamp rather than a timer reset per write: writes are the hot path.
    this.lastCommitAt = performance.now();
    if (this.idleTimer === undefined) this.armIdleTimer(this.options.idleCompactionMs ?? 2000);
  }

  protected lastCommitAt = 0;
  /**
   * Set when the last compaction failed (a full disk): until one succeeds, only pauses in the
   * writes and close try again, not every put once the journal is big.
   */
  protected lastFoldFailed = false;

  /**
   * Starts a fold once the journal outgrows the snapshot. Not while a fold runs: db.json is
   * about to grow by all that fold holds, so the check waits for the new file (finishBackground).
   * Measured against the old file, a slow fold of a large database left the fresh journal
   * "too big" before it ended, and the folds then ran back to back, with the worker never idle.
   */
  protected foldIfJournalOutgrew(journal: Journal): void {
    if (this.compactionQueued || this.background !== undefined || this.lastFoldFailed) return;
    if (journal.bytes <= Math.max(MIN_COMPACTION_BYTES, COMPACTION_GROWTH * this.snapshot.bytes)) return;
    this.compactionQueued = true;
    setImmediate(() => {
      this.compactionQueued = false;
      void this.compactInBackground();
    });
  }

  protected armIdleTimer(delay: number): void {
    this.idleTimer = setTimeout(() => {
      const idle = this.options.idleCompactionMs ?? 2000;
      const quietFor = performance.now() - this.lastCommitAt;
      if (quietFor < idle) return this.armIdleTimer(idle - quietFor);
      this.idleTimer = undefined;
      void this.compactInBackground();
    }, delay).unref();
  }

  protected compactSafely(): void {
    try {
      this.compact();
    } catch (error) {
      this.report(error);
    }
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
        .fold({
          file: this.file,
          seen: this.snapshot.seenIdentity,
          folding,
          mark: { id, seq: job.seq },
          temporary: job.temporary,
          storeHistory: storeHistoryLimit(this.options),
        })
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
  protected finishBackground(job: BackgroundCompaction, result: FoldResult): void {
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
      // So is the store's history: the new snapshot holds all the old one did.
      const history = index && unreadStoreHistory(this.file, index, this.snapshot.backup);
      if (!(history && this.state.storeHistory.follow(history))) this.state.storeHistory.readAll();
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
  protected abandonBackground(job = this.background): boolean {
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
  protected canFold(): boolean {
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

  /** Merges db.json as someone else left it (externalEdits.ts); false when it does not parse. */
  protected abstract reload(): boolean;
  /** Watches db.json as it is now (externalEdits.ts). */
  protected abstract watch(): void;
  abstract checkForExternalChange(): void;
}
