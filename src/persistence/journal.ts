// The append-only journal beside the snapshot. A write is acknowledged only after its line has
// reached the operating system (and the disk, with durability "disk"); writes arriving in the
// same tick share one write call (group commit), so the cost of a put never depends on the
// size of the database.

import * as fs from "node:fs";
import * as path from "node:path";
import { timeOfIso } from "./dates";
import type { WorkspaceDbError } from "./errors";
import { corruptFileError } from "./errors";
import { syncDirectory, writeFailedError, writeFileDurably, writeFully } from "./fileWrites";
import type { JournalEntry, JournalMark } from "./records";
import { JOURNAL_FORMAT_NAME } from "./format";
import type { DbState } from "./state";
import { applyEntry, namespaceKey } from "./state";

/**
 * `process`: an acknowledged write survives the process being killed (the guarantee of SQLite in
 * WAL mode with synchronous=NORMAL, which SqliteSaver uses); the disk is synced at compaction
 * and close. `disk`: every acknowledgement also waits for fdatasync, so it survives a power loss.
 */
export type Durability = "process" | "disk";

export interface JournalContents {
  id: string;
  entries: JournalEntry[];
  bytes: number;
  /** Bytes of a torn last line that a crash left behind (dropped). */
  tornBytes: number;
}

/**
 * Journals of earlier versions: store lines named the namespace by its labels, and put items
 * held their times as ISO text.
 */
function upgradeEntry(entry: JournalEntry): JournalEntry {
  if (entry.op !== "storePut" && entry.op !== "storeDelete") return entry;
  if (Array.isArray(entry.namespace)) entry = { ...entry, namespace: namespaceKey(entry.namespace as readonly string[]) };
  if (entry.op === "storePut" && (typeof entry.item.createdAt === "string" || typeof entry.item.updatedAt === "string")) {
    const time = (value: number | string) => (typeof value === "string" ? timeOfIso(value) : value);
    entry = { ...entry, item: { ...entry.item, createdAt: time(entry.item.createdAt), updatedAt: time(entry.item.updatedAt) } };
  }
  return entry;
}

/** Reads a journal; a torn last line is cut off when `repair` is set, any other bad line is an error. */
export function readJournal(file: string, repair: boolean): JournalContents | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  // Every line is written with its newline in one call: a last line without one was cut short
  // by a crash, and so, after a power loss, may be a last line that does not parse.
  const lines = text.split("\n");
  const unterminated = lines.pop() ?? "";
  const entries: JournalEntry[] = [];
  let id = "";
  let goodChars = 0;
  let torn = unterminated !== "";
  for (let i = 0; i < lines.length; i++) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(lines[i]);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null) {
      if (i === lines.length - 1 && !torn) {
        torn = true;
        break;
      }
      throw corruptFileError(file, `line ${i + 1}`, "a journal line is not valid JSON", undefined);
    }
    if (i === 0) {
      const header = parsed as { journal?: unknown; format?: unknown };
      if (header.format !== JOURNAL_FORMAT_NAME || typeof header.journal !== "string") {
        throw corruptFileError(file, "line 1", "the first line is not a journal header", undefined);
      }
      id = header.journal;
    } else {
      entries.push(upgradeEntry(parsed as JournalEntry));
    }
    goodChars += lines[i].length + 1;
  }
  const goodBytes = Buffer.byteLength(text.slice(0, goodChars));
  const tornBytes = torn ? Buffer.byteLength(text) - goodBytes : 0;
  if (tornBytes > 0 && repair) {
    fs.truncateSync(file, goodBytes);
  }
  return { id, entries, bytes: goodBytes, tornBytes };
}

/**
 * The journal a background compaction folds into db.json: the journal as it was when the
 * compaction started, while new changes go to a fresh journal.
 */
export function foldingJournalOf(journalFile: string): string {
  return `${journalFile}.folding`;
}

/**
 * Applies to `state` the entries of `journal` that the snapshot marked `mark` does not hold yet,
 * and moves `mark.seq` on. A journal of another snapshot (a crash between writing db.json and
 * starting the new journal, or db.json replaced while closed) is replayed whole: entries are
 * outcomes, so replaying one already folded in changes nothing. Returns how many it applied.
 */
export function replayJournal(state: DbState, mark: JournalMark, journal: JournalContents): number {
  const sameLineage = journal.id === mark.id;
  let replayed = 0;
  for (const entry of journal.entries) {
    if (sameLineage && entry.seq <= mark.seq) continue;
    applyEntry(state, entry);
    replayed++;
    mark.seq = Math.max(mark.seq, entry.seq);
  }
  return replayed;
}

/**
 * Replays what db.json does not hold yet: the journal a background compaction was folding when
 * the process stopped (unless db.json is already its result: then db.json's mark names the
 * journal started with it), then the journal. Returns the journals read and how many entries
 * were applied.
 */
export function replayJournals(state: DbState, mark: JournalMark, journalFile: string, repair: boolean) {
  const folding = readJournal(foldingJournalOf(journalFile), repair);
  const journal = readJournal(journalFile, repair);
  let replayed = 0;
  const alreadyFolded = folding !== undefined && folding.id !== mark.id && journal?.id === mark.id;
  if (folding !== undefined && !alreadyFolded) replayed += replayJournal(state, mark, folding);
  if (journal !== undefined) replayed += replayJournal(state, mark, journal);
  return { folding, journal, replayed };
}

const RESOLVED = Promise.resolve();

/** The writes waiting for one group commit: they share one promise, settled by one write. */
interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  count: number;
}

function newBatch(): Batch {
  const batch = { count: 0 } as Batch;
  batch.promise = new Promise<void>((resolve, reject) => {
    batch.resolve = resolve;
    batch.reject = reject;
  });
  return batch;
}

export class Journal {
  private fd: number | undefined;
  private pending = "";
  private batch: Batch | undefined;
  private failure: WorkspaceDbError | undefined;
  /** Bytes in the journal file: when to fold it into the snapshot, and what a failed write is cut back to. */
  bytes = 0;
  private readonly flushTask = () => this.flushNow();

  constructor(
    readonly file: string,
    private readonly durability: Durability,
    /** Called when a write failed, before its changes are refused: the journal holds none of them. */
    private readonly onFailure: () => void = () => {},
  ) {}

  /** Starts a fresh journal named `id`, holding `carried` lines, replacing any previous one atomically. */
  reset(id: string, carried: readonly string[] = []): void {
    const fresh = this.writeFresh(id, carried);
    fs.renameSync(fresh.temporary, this.file);
    this.install(fresh.bytes);
  }

  /**
   * Moves the journal aside as `folding` for a background compaction and starts a fresh one
   * named `id`; nothing can be appended in between (all of this is synchronous).
   */
  rotate(id: string, folding: string): void {
    // The fresh journal is written first: if the disk is full, nothing has moved yet.
    const fresh = this.writeFresh(id, []);
    this.closeFd();
    try {
      fs.renameSync(this.file, folding);
    } catch (error) {
      fs.rmSync(fresh.temporary, { force: true });
      this.fd = fs.openSync(this.file, "a");
      throw error;
    }
    fs.renameSync(fresh.temporary, this.file);
    this.install(fresh.bytes);
  }

  /** Writes the pending lines, then a journal named `id` to a temporary file, on disk in full. */
  private writeFresh(id: string, carried: readonly string[]): { temporary: string; bytes: number } {
    this.flushNow();
    if (this.failure) throw this.failure;
    const text = JSON.stringify({ journal: id, format: JOURNAL_FORMAT_NAME }) + "\n" + carried.join("");
    const temporary = `${this.file}.tmp`;
    try {
      writeFileDurably(temporary, text);
    } catch (error) {
      throw writeFailedError(
        this.file,
        error,
        "it was left as it was, so no change is lost, and changes still go to it.",
        "close the database (end the debug session) to fold it into the snapshot.",
      );
    }
    return { temporary, bytes: Buffer.byteLength(text) };
  }

  /** Appends from now on to the journal just renamed into place. */
  private install(bytes: number): void {
    // The rename must survive a power loss before changes are acknowledged into the new file.
    syncDirectory(path.dirname(this.file));
    this.closeFd();
    this.fd = fs.openSync(this.file, "a");
    this.bytes = bytes;
  }

  /** Opens an existing journal for appending; `bytes` is its exact size, what a failed write is cut back to. */
  openExisting(bytes: number): void {
    this.fd = fs.openSync(this.file, "a");
    this.bytes = bytes;
  }

  /** Queues `lines` (each ending in a newline); the promise resolves once they are written. */
  append(lines: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.pending += lines;
    let batch = this.batch;
    if (batch === undefined) {
      batch = this.batch = newBatch();
      // A plain promise job: Node's queueMicrotask also creates an async resource per call.
      void RESOLVED.then(this.flushTask);
    }
    batch.count++;
    return batch.promise;
  }

  get failed(): WorkspaceDbError | undefined {
    return this.failure;
  }

  /** Writes every pending line now, then settles their promise. */
  flushNow(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    const chunk = this.pending;
    this.pending = "";
    this.batch = undefined;
    try {
      if (this.fd === undefined) throw new Error("the journal is closed");
      const written = writeFully(this.fd, chunk);
      if (this.durability === "disk") fs.fdatasyncSync(this.fd);
      this.bytes += written;
    } catch (error) {
      this.fail(batch, error);
      return;
    }
    batch.resolve();
  }

  /**
   * Refuses every change of `batch`. The journal is cut back to its last acknowledged line, so
   * that reopening shows exactly what was acknowledged; without that cut, whole lines of the
   * refused batch would come back at the next open. Nothing more is appended after a failure,
   * so a cut line can never end up followed by good ones.
   */
  private fail(batch: Batch, error: unknown): void {
    let kept = "the changes saved before them are kept";
    try {
      if (this.fd !== undefined) fs.ftruncateSync(this.fd, this.bytes);
    } catch (truncateError) {
      kept = `and the file could not be cut back to its last saved change either (${(truncateError as Error).message})`;
    }
    this.failure = writeFailedError(
      this.file,
      error,
      `${batch.count} change(s) were not saved (${kept}); the database takes no more changes until it is reopened.`,
      "reopen the database (restart the debug session).",
    );
    this.onFailure();
    batch.reject(this.failure);
  }

  sync(): void {
    if (this.fd !== undefined) fs.fdatasyncSync(this.fd);
  }

  private closeFd(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  close(remove: boolean): void {
    this.flushNow();
    this.closeFd();
    if (remove) fs.rmSync(this.file, { force: true });
  }
}
