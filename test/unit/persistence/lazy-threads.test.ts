// Threads read on first use (src/persistence/snapshotIndex.ts): a db.json we wrote opens
// without parsing its threads, each thread is read when asked for, and anything else (a file
// edited by hand, before or while it is open) is never read through a stale index.
import * as fs from "node:fs";
import { afterAll, afterEach, expect, it } from "vitest";
import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import type { DbState } from "../../../src/persistence/state";
import { LazyThreads } from "../../../src/persistence/snapshotIndex";
import { removeTempDirs, tempDbPath } from "./helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

async function open(path: string, readOnly = false): Promise<WorkspaceDb> {
  const db = await openWorkspaceDb({ path, readOnly, idleCompactionMs: 60_000 });
  opened.push(db);
  return db;
}

function threadsOf(db: WorkspaceDb): DbState["threads"] {
  return (db.checkpointer as unknown as { db: { state: DbState } }).db.state.threads;
}

// Integer-like ids come first in a JSON object; non-ASCII ones move byte offsets off character offsets.
const THREADS = ["10", "2", "thread-é", "thread-b"];

/** Three checkpoints per thread, each with a message naming its thread and step (some not ASCII). */
async function fill(db: WorkspaceDb): Promise<void> {
  for (const thread of THREADS) {
    let config = { configurable: { thread_id: thread, checkpoint_ns: "" } };
    for (let step = 0; step < 3; step++) {
      const checkpoint = {
        ...emptyCheckpoint(),
        id: uuid6(step),
        channel_values: { said: `${thread} step ${step} ✓ 日本` },
        channel_versions: { said: step + 1 },
      };
      config = (await db.checkpointer.put(config, checkpoint, { source: "loop", step, parents: {} }, { said: step + 1 })) as typeof config;
      await db.checkpointer.putWrites(config, [["said", `write ${thread} ${step}`]], `task-${step}`);
    }
  }
}

/** A database filled and closed, so its db.json and db.json.index are written. */
async function writtenDb(): Promise<string> {
  const path = tempDbPath();
  const writer = await openWorkspaceDb({ path, idleCompactionMs: 60_000 });
  await fill(writer);
  await writer.close();
  return path;
}

const latest = (db: WorkspaceDb, thread: string): Promise<CheckpointTuple | undefined> =>
  db.checkpointer.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } });

it("opens a db.json it wrote without reading the threads, and reads each one when first used", async () => {
  const path = await writtenDb();
  expect(fs.existsSync(`${path}.index`)).toBe(true);

  const db = await open(path, true);
  const threads = threadsOf(db);
  expect(threads).toBeInstanceOf(LazyThreads);
  expect((threads as LazyThreads).unreadCount).toBe(THREADS.length);
  expect([...threads.keys()].sort()).toEqual([...THREADS].sort());

  const tuple = await latest(db, "thread-é");
  expect(tuple?.checkpoint.channel_values).toEqual({ said: "thread-é step 2 ✓ 日本" });
  expect(tuple?.pendingWrites).toEqual([["task-2", "said", "write thread-é 2"]]);
  expect((threads as LazyThreads).unreadCount).toBe(THREADS.length - 1);

  // Every thread as a full parse of the file gives it.
  for (const thread of THREADS) {
    const history = [];
    for await (const each of db.checkpointer.list({ configurable: { thread_id: thread } })) history.push(each.checkpoint.channel_values);
    expect(history).toEqual([2, 1, 0].map((step) => ({ said: `${thread} step ${step} ✓ 日本` })));
  }
  expect((threads as LazyThreads).unreadCount).toBe(0);
});

it("writes and compacts over threads not read yet without losing them", async () => {
  const path = await writtenDb();

  const db = await open(path);
  await db.checkpointer.deleteThread("2");
  await db.store.put(["notes"], "n", { text: "kept" });
  db.compact();
  await db.close();
  opened.length = 0;

  const reopened = await open(path, true);
  expect(await latest(reopened, "2")).toBeUndefined();
  for (const thread of ["10", "thread-é", "thread-b"])
    expect((await latest(reopened, thread))?.checkpoint.channel_values).toEqual({ said: `${thread} step 2 ✓ 日本` });
  expect((await reopened.store.get(["notes"], "n"))?.value).toEqual({ text: "kept" });
});

it("parses a file edited by hand while closed whole: its index no longer describes it", async () => {
  const path = await writtenDb();
  const tree = JSON.parse(fs.readFileSync(path, "utf8"));
  const [version] = Object.keys(tree.threads["thread-b"][""].channels.said).sort().slice(-1);
  tree.threads["thread-b"][""].channels.said[version] = "edited by hand";
  fs.writeFileSync(path, JSON.stringify(tree, null, 2));

  const db = await open(path, true);
  expect(threadsOf(db)).not.toBeInstanceOf(LazyThreads);
  expect((await latest(db, "thread-b"))?.checkpoint.channel_values).toEqual({ said: "edited by hand" });
});

it("never reads a thread through a stale index when the file changes in place while open", async () => {
  const path = await writtenDb();

  const db = await open(path);
  const text = fs.readFileSync(path, "utf8");
  // Same content, shifted by one byte: every range in the index is now off by one.
  fs.writeFileSync(path, ` ${text}`);
  await expect(latest(db, "thread-b")).rejects.toMatchObject({ code: "DB_CHANGED", message: expect.stringContaining("thread-b") });
  // The watcher reloads the file; the thread then reads from the new text.
  await expect
    .poll(async () => (await latest(db, "thread-b").catch(() => undefined))?.checkpoint.channel_values, { timeout: 5_000 })
    .toEqual({ said: "thread-b step 2 ✓ 日本" });
});

it("still reads a reader's unread threads after the writer compacted: the indexed file lives on as db.json.bak", async () => {
  const path = await writtenDb();
  const writer = await open(path);
  const reader = await open(path, true);
  expect(threadsOf(reader)).toBeInstanceOf(LazyThreads);
  await writer.store.put(["notes"], "n", { text: "new snapshot" });
  writer.compact();
  // db.json is now another file; the reader has not reloaded yet, and reads from the backup.
  expect((await latest(reader, "10"))?.checkpoint.channel_values).toEqual({ said: "10 step 2 ✓ 日本" });
});
