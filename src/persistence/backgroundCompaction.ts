// Compaction off the main thread. Folding the journal into db.json formats the whole database
// as pretty-printed JSON (for 100k store items about a quarter of a second), and while the main
// thread does that no put can be acknowledged. So a worker thread folds from the files instead:
// the database moves the journal aside (db.json.journal.folding; new changes go to a fresh
// journal), the worker reads db.json and that journal, writes the new snapshot to a temporary
// file and says where its threads are, and the database puts it in place (a rename) unless
// db.json changed meanwhile. Recovery after a crash at any point: see replayJournals.

import * as fs from "node:fs";
import * as inspector from "node:inspector";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { writeFileDurably } from "./fileWrites";
import type { LoadedSnapshot } from "./format";
import type { JournalMark } from "./records";
import { formatSnapshot, parseSnapshot, parseThreadText } from "./format";
import { readJournal, replayJournal } from "./journal";
import type { FileIdentity, ThreadRanges } from "./snapshotIndex";
import { readIfUnchanged, readSnapshotIndex, threadRanges, threadRangesOf } from "./snapshotIndex";
import { emptyState } from "./state";

export interface FoldJob {
  /** db.json, which must still be the file the database last read or wrote (`seen`). */
  file: string;
  seen: FileIdentity | undefined;
  /** The journal moved aside, and the mark of the snapshot to write: the fresh journal's id, the last change folded. */
  folding: string;
  mark: JournalMark;
  temporary: string;
  /** The database's store history limit (versions per item). */
  storeHistory: number;
}

export interface FoldResult {
  chars: number;
  ranges: ThreadRanges | undefined;
}

/**
 * In the worker: db.json plus the folding journal → the new snapshot, in `job.temporary`.
 * Threads the journal does not touch are copied from db.json as text, not parsed and formatted
 * again: a fold then costs little more than a copy of the file when most threads are idle.
 */
export function foldIntoSnapshot(job: FoldJob): FoldResult {
  const folding = readJournal(job.folding, false);
  if (folding === undefined) throw new Error(`${job.folding} is missing`);
  const touched = new Set(folding.entries.flatMap((entry) => ("thread" in entry ? [entry.thread] : [])));
  const { state, journal: mark, unchangedThreads } = readSnapshotAsSeen(job.file, job.seen, touched);
  state.storeHistory.limit = job.storeHistory;
  replayJournal(state, mark, folding);
  if (mark.seq !== job.mark.seq) throw new Error(`${job.folding} ends at change ${mark.seq}, not at ${job.mark.seq}`);
  const text = formatSnapshot(state, job.mark, unchangedThreads);
  writeFileDurably(job.temporary, text);
  return { chars: text.length, ranges: threadRangesOf(text) };
}

/**
 * db.json as the database last saw it, with the threads in `touched` parsed; the others are
 * left as their text when the file is one this database wrote (its index says so), so that
 * their text is what formatSnapshot would write for them.
 */
function readSnapshotAsSeen(
  file: string,
  seen: FileIdentity | undefined,
  touched: ReadonlySet<string>,
): LoadedSnapshot & { unchangedThreads?: Map<string, string> } {
  const changed = new Error(`${file} changed on disk`);
  // There was no db.json when the database last looked: there must still be none.
  if (seen === undefined) {
    if (fs.existsSync(file)) throw changed;
    return { state: emptyState(), journal: { id: "", seq: 0 } };
  }
  const text = readIfUnchanged(file, seen);
  if (text === undefined) throw changed;
  const found = readSnapshotIndex(file, seen) && threadRanges(text);
  if (!found) return parseSnapshot(text, file, undefined);
  const [threadsStart, threadsEnd] = found.threads;
  const loaded = parseSnapshot(`${text.slice(0, threadsStart)}{}${text.slice(threadsEnd)}`, file, undefined);
  const unchangedThreads = new Map<string, string>();
  for (const [thread, [start, end]] of Object.entries(found.ranges)) {
    if (touched.has(thread)) loaded.state.threads.set(thread, parseThreadText(text.slice(start, end), thread, file));
    else unchangedThreads.set(thread, text.slice(start, end));
  }
  return { ...loaded, unchangedThreads };
}

type Reply = { id: number; result: FoldResult } | { id: number; error: string };

/** The database's side: one worker thread, started on first use, folding one job at a time. */
export class CompactionWorker {
  private readonly pending = new Map<number, { resolve: (result: FoldResult) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** Set once the worker died: its jobs failed, and the database compacts on its own thread. */
  dead = false;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const job = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ("error" in reply) job?.reject(new Error(reply.error));
      else job?.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.dead = true;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the compaction worker exited (code ${code})`)));
  }

  /**
   * Undefined when there is no worker script beside this module, or when the process runs under
   * the Node.js inspector: a JavaScript debugger attached to it (the engine with debugUserCode)
   * would list the worker in its Call Stack beside the user's code. Compaction then stays on the
   * main thread.
   */
  static start(): CompactionWorker | undefined {
    if (inspector.url() !== undefined) return undefined;
    const worker = startWorkerThread();
    return worker && new CompactionWorker(worker);
  }

  fold(job: FoldJob): Promise<FoldResult> {
    if (this.dead) return Promise.reject(new Error("the compaction worker is not running"));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job });
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

function startWorkerThread(): Worker | undefined {
  // Named for debuggers that list threads.
  const options = { name: "LangGraph workspace db compaction" };
  // Bundled (dist/): the worker's own bundle sits beside the one running this code.
  const bundled = path.join(__dirname, "compaction-worker.js");
  if (fs.existsSync(bundled)) return new Worker(bundled, options);
  // From the TypeScript sources (tests, benchmarks): jiti compiles the worker as it loads it.
  const source = path.join(__dirname, "compactionWorker.ts");
  if (!fs.existsSync(source)) return undefined;
  const jiti = createRequire(source).resolve("jiti");
  return new Worker(`require(${JSON.stringify(jiti)}).createJiti(${JSON.stringify(source)}).import(${JSON.stringify(source)});`, { ...options, eval: true });
}
