// Compaction in a worker thread (src/persistence/backgroundCompaction.ts): puts go on while the
// worker folds the journal moved aside; a crash between any two of its steps loses nothing and
// repeats nothing; an edit of db.json made meanwhile is merged, not overwritten; readers and
// threads not read yet follow the new file.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb, WorkspaceDbEvent } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { foldIntoSnapshot } from "../../../src/persistence/backgroundCompaction";
import { formatSnapshot, parseSnapshot } from "../../../src/persistence/format";
import { LazyThreads, threadRanges, threadRangesOf, writeSnapshotIndex } from "../../../src/persistence/snapshotIndex";
import type { DbState } from "../../../src/persistence/state";
import { removeTempDirs, tempDbPath } from "./helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

async function open(file: string, options: { readOnly?: boolean; onEvent?: (event: WorkspaceDbEvent) => void } = {}): Promise<WorkspaceDb> {
  const db = await openWorkspaceDb({ path: file, idleCompactionMs: 60_000, ...options });
  opened.push(db);
  return db;
}

const folding = (file: string) => `${file}.journal.folding`;
const snapshotItems = (file: string): Record<string, { value: unknown }> => JSON.parse(fs.readFileSync(file, "utf8")).store?.["memories.1"] ?? {};
const journalLines = (file: string) => fs.readFileSync(`${file}.journal`, "utf8").trim().split("\n").length - 1;

/** Copies db.json and its journals (not the lock) into a new directory: the files a crash would leave. */
function crashCopy(file: string): string {
  const copy = tempDbPath();
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  for (const suffix of ["", ".journal", ".journal.folding", ".index"]) {
    if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
  }
  return copy;
}

async function values(db: WorkspaceDb): Promise<Record<string, unknown>> {
  const items = await db.store.search(["memories", "1"], { limit: 1000 });
  return Object.fromEntries(items.map((item) => [item.key, item.value.n]));
}

let saidVersion = 0;

/** A checkpoint on `thread` whose one channel says `said` (under a version of its own: a stored value is never rewritten). */
async function putSaying(db: WorkspaceDb, thread: string, said: string): Promise<void> {
  const version = ++saidVersion;
  const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: { said }, channel_versions: { said: version } };
  await db.checkpointer.put(
    { configurable: { thread_id: thread, checkpoint_ns: "" } },
    checkpoint,
    { source: "input", step: -1, parents: {} },
    { said: version },
  );
}

const threadText = (text: string, thread: string) => {
  const [start, end] = threadRanges(text)!.ranges[thread]!;
  return text.slice(start, end);
};

it("folds in a worker while puts go on: they land in the fresh journal, and everything reopens", async () => {
  const file = tempDbPath();
  const db = await open(file);
  for (let n = 0; n < 200; n++) await db.store.put(["memories", "1"], `k${n}`, { n });

  const done = db.compactInBackground();
  // The journal was moved aside at once, for the worker; the main thread never does that.
  expect(fs.existsSync(folding(file))).toBe(true);
  for (let n = 200; n < 250; n++) await db.store.put(["memories", "1"], `k${n}`, { n });
  await done;

  expect(fs.existsSync(folding(file))).toBe(false);
  expect(Object.keys(snapshotItems(file))).toHaveLength(200);
  expect(journalLines(file)).toBe(50);
  expect(Object.keys(await values(db))).toHaveLength(250);
  await db.close();
  const reopened = await open(file);
  expect(Object.keys(await values(reopened))).toHaveLength(250);
});

it("loses nothing and repeats nothing after a crash at any step of a background compaction", async () => {
  const file = tempDbPath();
  const db = await open(file);
  await db.store.put(["memories", "1"], "kept", { n: 0 });
  await db.store.put(["memories", "1"], "deleted-later", { n: 1 });
  await db.store.put(["memories", "1"], "updated-later", { n: 2 });
  db.compact();
  // Folded by the worker: an update and a new item.
  await db.store.put(["memories", "1"], "kept", { n: 10 });
  await db.store.put(["memories", "1"], "folded", { n: 11 });
  const done = db.compactInBackground();
  // After the worker started: a delete and an update of records it folds.
  await db.store.delete(["memories", "1"], "deleted-later");
  await db.store.put(["memories", "1"], "updated-later", { n: 22 });
  const expected = { kept: 10, folded: 11, "updated-later": 22 };
  // Crash before the worker's snapshot is in place: old db.json, the journal moved aside, the fresh journal.
  const beforeSwap = crashCopy(file);
  await done;
  // Crash after the new db.json was put in place but before the folded journal was removed.
  const afterSwap = crashCopy(file);
  fs.copyFileSync(folding(beforeSwap), folding(afterSwap));

  for (const copy of [beforeSwap, afterSwap]) {
    const recovered = await open(copy);
    expect(await values(recovered), copy).toEqual(expected);
    // Opening folded everything into db.json and removed the journal moved aside.
    expect(fs.existsSync(folding(copy))).toBe(false);
    expect(Object.fromEntries(Object.entries(snapshotItems(copy)).map(([key, item]) => [key, (item.value as { n: number }).n]))).toEqual(expected);
  }
  // A reader of the files a crash left replays them the same way, without changing them.
  const reader = await open(crashCopy(beforeSwap), { readOnly: true });
  expect(await values(reader)).toEqual(expected);
});

it("merges an edit of db.json made while the worker folds, instead of overwriting it", async () => {
  const file = tempDbPath();
  const events: WorkspaceDbEvent[] = [];
  const db = await open(file, { onEvent: (event) => events.push(event) });
  await db.store.put(["memories", "1"], "ours", { n: 1 });
  db.compact();
  await db.store.put(["memories", "1"], "ours-later", { n: 2 });
  const done = db.compactInBackground();
  // The user saves db.json (as an editor does: a new file) before the worker's result comes back.
  const tree = JSON.parse(fs.readFileSync(file, "utf8"));
  tree.store["memories.1"].theirs = { ...tree.store["memories.1"].ours, value: { n: 3 } };
  fs.writeFileSync(`${file}.edit`, JSON.stringify(tree, null, 2));
  fs.renameSync(`${file}.edit`, file);
  await done;

  expect(await values(db)).toEqual({ ours: 1, "ours-later": 2, theirs: 3 });
  expect(events.some((event) => event.type === "reloaded")).toBe(true);
  await db.close();
  const reopened = await open(file);
  expect(await values(reopened)).toEqual({ ours: 1, "ours-later": 2, theirs: 3 });
});

it("threads not read yet are read from the new db.json after background compactions", async () => {
  const file = tempDbPath();
  const writer = await openWorkspaceDb({ path: file, idleCompactionMs: 60_000 });
  for (const thread of ["a", "b", "c"]) await putSaying(writer, thread, `hello from ${thread}`);
  await writer.close();

  const db = await open(file);
  const threads = (db.checkpointer as unknown as { db: { state: DbState } }).db.state.threads;
  expect(threads).toBeInstanceOf(LazyThreads);
  // Two compactions, each with a change to thread "a" only: the file "b" and "c" were indexed in is gone from db.json and db.json.bak.
  for (let round = 0; round < 2; round++) {
    const checkpoint = { ...emptyCheckpoint(), id: uuid6(round), channel_values: { said: `round ${round}` }, channel_versions: { said: round + 2 } };
    await db.checkpointer.put(
      { configurable: { thread_id: "a", checkpoint_ns: "" } },
      checkpoint,
      { source: "loop", step: round, parents: {} },
      { said: round + 2 },
    );
    await db.compactInBackground();
  }
  expect((threads as LazyThreads).unreadCount).toBe(2);
  for (const thread of ["b", "c"]) {
    const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } });
    expect(tuple?.checkpoint.channel_values.said).toBe(`hello from ${thread}`);
  }
});

it("never writes its snapshot over a db.json saved broken while the worker folds", async () => {
  const file = tempDbPath();
  const events: WorkspaceDbEvent[] = [];
  const db = await open(file, { onEvent: (event) => events.push(event) });
  await db.store.put(["memories", "1"], "ours", { n: 1 });
  const done = db.compactInBackground();
  // Once the worker has written its snapshot (this thread has not yet taken it: no await yet)…
  const compacting = () => fs.readdirSync(path.dirname(file)).some((name) => name.startsWith(".db.json.compacting-"));
  const deadline = Date.now() + 10_000;
  while (!compacting() && Date.now() < deadline);
  expect(compacting()).toBe(true);
  // …the user saves a half-edited file (as an editor does: a new file), and the database looks.
  const broken = fs.readFileSync(file, "utf8").replace(/}\s*$/, "");
  fs.writeFileSync(`${file}.edit`, broken);
  fs.renameSync(`${file}.edit`, file);
  db.checkForExternalChange();
  await done;

  expect(fs.readFileSync(file, "utf8")).toBe(broken);
  expect(events.some((event) => event.type === "error" && event.error.code === "DB_CORRUPT")).toBe(true);
  expect(await values(db)).toEqual({ ours: 1 });
});

it("measures the journal against the db.json a running fold is writing, so folds do not run back to back", async () => {
  const file = tempDbPath();
  const db = await open(file);
  // Puts of 100 KB values, awaited without giving the event loop a turn (a journal write is
  // acknowledged in a promise job), so that the worker's answer waits until the test yields.
  const big = "x".repeat(100_000);
  let n = 0;
  const putMegabytes = async (megabytes: number) => {
    for (const end = n + megabytes * 10; n < end; n++) await db.store.put(["memories", "1"], `k${n}`, { n, big });
  };
  // db.json of 6 MB, then 6 MB more for the worker to fold: the new db.json will be 12 MB.
  await putMegabytes(6);
  db.compact();
  await putMegabytes(6);
  const fold = db.compactInBackground();
  // 13 MB while it folds: twice the old db.json, but not twice the new one.
  await putMegabytes(13);
  await fold;
  await new Promise(setImmediate);

  expect(fs.existsSync(folding(file))).toBe(false);
  expect(journalLines(file)).toBe(130);
  // Once the journal outgrows the new db.json too, the next fold starts.
  await putMegabytes(14);
  await new Promise(setImmediate);
  expect(fs.existsSync(folding(file))).toBe(true);
});

it("a fold copies the threads it does not touch and writes what formatting the whole database writes", async () => {
  const file = tempDbPath();
  const db = await open(file);
  // Non-ASCII text: character and byte offsets differ.
  for (const thread of ["a", "b-ünïcødé", "c"]) await putSaying(db, thread, `hello from ${thread} ✓`);
  await db.store.put(["memories", "1"], "k1", { n: 1 });
  db.compact();
  const before = fs.readFileSync(file, "utf8");

  // In the worker: a change to "a", "c" deleted, a new thread "d", a store item.
  await putSaying(db, "a", "again");
  await db.checkpointer.deleteThread("c");
  await putSaying(db, "d", "new ✓");
  await db.store.put(["memories", "1"], "k2", { n: 2 });
  await db.compactInBackground();

  const after = fs.readFileSync(file, "utf8");
  expect(Object.keys(threadRanges(after)!.ranges)).toEqual(["a", "b-ünïcødé", "d"]);
  expect(threadText(after, "b-ünïcødé")).toBe(threadText(before, "b-ünïcødé"));
  const loaded = parseSnapshot(after, file, undefined);
  expect(after).toBe(formatSnapshot(loaded.state, loaded.journal));
  expect(Object.keys(snapshotItems(file))).toEqual(["k1", "k2"]);
  await db.close();
  const reopened = await open(file);
  const said = async (thread: string) =>
    (await reopened.checkpointer.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } }))?.checkpoint.channel_values.said;
  expect([await said("a"), await said("b-ünïcødé"), await said("c"), await said("d")]).toEqual(["again", "hello from b-ünïcødé ✓", undefined, "new ✓"]);
});

it("copies an untouched thread's text only from a db.json it wrote itself (its index says so)", async () => {
  // db.json with threads "a" and "b", and a journal that changes "a" only, as a crash leaves them.
  const db = await open(tempDbPath());
  for (const thread of ["a", "b"]) await putSaying(db, thread, `hello from ${thread}`);
  db.compact();
  await putSaying(db, "a", "changed");
  const file = crashCopy(db.path);
  const journal = `${file}.journal`;
  const lastSeq = (JSON.parse(fs.readFileSync(journal, "utf8").trim().split("\n").at(-1)!) as { seq: number }).seq;
  // Thread "b" laid out with an extra space: formatting it again would remove it.
  const text = fs.readFileSync(file, "utf8");
  const [start, end] = threadRanges(text)!.ranges.b!;
  fs.writeFileSync(file, text.slice(0, start) + threadText(text, "b").replace('"said": ', '"said":  ') + text.slice(end));
  const fold = (seenAsOurs: boolean) => {
    const seen = fs.statSync(file);
    if (seenAsOurs) writeSnapshotIndex(file, threadRangesOf(fs.readFileSync(file, "utf8")), seen);
    else fs.rmSync(`${file}.index`, { force: true });
    const temporary = `${file}.test-fold`;
    foldIntoSnapshot({ file, seen, folding: journal, mark: { id: "test", seq: lastSeq }, temporary, storeHistory: 50 });
    return fs.readFileSync(temporary, "utf8");
  };

  const copied = fold(true);
  expect(threadText(copied, "b")).toContain('"said":  ');
  expect(threadText(copied, "a")).toContain("changed");
  // Without an index that matches, the file may be a hand edit: every thread is parsed and formatted.
  const formatted = fold(false);
  expect(threadText(formatted, "b")).not.toContain('"said":  ');
  expect(threadText(formatted, "b")).toContain("hello from b");
  expect(threadText(formatted, "a")).toContain("changed");
});
