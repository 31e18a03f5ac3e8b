// The history of store items (issue 18): every put, delete and rename keeps the value it
// replaces, with its time and writer, bounded per item; kept through the journal, compaction
// and reopening (left unread until asked for when the file is ours); read back from files that
// never had it.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Operation } from "@langchain/langgraph-checkpoint";
import type { ItemVersion, WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { attributePut } from "../../../src/persistence/store";
import type { StoreWriter } from "../../../src/persistence/records";
import { removeTempDirs, tempDbPath } from "./helpers";

afterAll(removeTempDirs);

const remember: StoreWriter = { threadId: "thread-1", step: 1, node: "remember" };
const ns = ["memories", "user-1"];

function putAs(db: WorkspaceDb, writer: StoreWriter, key: string, value: Record<string, unknown> | null): Promise<unknown> {
  const op: Operation = { namespace: ns, key, value };
  attributePut(op, writer);
  return db.store.batch([op]);
}

/** What a user reads of each version: its value (or deletion) and who wrote it. */
function summary(versions: ItemVersion[]): unknown[] {
  return versions.map(({ value, deleted, writtenBy, origin }) => ({ ...(deleted ? { deleted } : { value }), writtenBy, origin }));
}

/** A wait long enough for the next write to get a later millisecond. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describe("store history", () => {
  it("keeps every put and delete with its writer, through replay, compaction and reopening", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await putAs(db, remember, "food", { likes: "pizza" });
    await db.store.edit(ns, "food", { likes: "sushi" });
    await putAs(db, { ...remember, step: 3 }, "food", null);
    await db.store.put(ns, "food", { likes: "ramen" });
    const expected = [
      { value: { likes: "ramen" }, writtenBy: undefined, origin: undefined },
      { deleted: true, writtenBy: { ...remember, step: 3 }, origin: undefined },
      { value: { likes: "sushi" }, writtenBy: undefined, origin: "vscode" },
      { value: { likes: "pizza" }, writtenBy: remember, origin: undefined },
    ];
    expect(summary(await db.store.history(ns, "food"))).toEqual(expected);

    // A crash before any compaction: the journal alone holds the history.
    const crashed = tempDbPath();
    fs.mkdirSync(path.dirname(crashed), { recursive: true });
    fs.copyFileSync(`${dbPath}.journal`, `${crashed}.journal`);
    const replayed = await openWorkspaceDb({ path: crashed });
    expect(summary(await replayed.store.history(ns, "food"))).toEqual(expected);
    await replayed.close();

    await db.close();
    const text = fs.readFileSync(dbPath, "utf8");
    expect(JSON.parse(text).storeHistory["memories.user-1"].food).toHaveLength(3);
    // Readable: each version names its time, then its value or deletion, then its writer.
    expect(text).toMatch(/"at": "[^"]+",\n\s+"seq": \d+,\n\s+"value": \{\n\s+"likes": "pizza"\n\s+\},\n\s+"writtenBy": \{\n\s+"threadId": "thread-1"/);

    // Reopened through its index: the history is read when first asked for, after a new put.
    const reopened = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await tick();
    await reopened.store.put(ns, "food", { likes: "curry" });
    expect(summary(await reopened.store.history(ns, "food"))).toEqual([{ value: { likes: "curry" }, writtenBy: undefined, origin: undefined }, ...expected]);
    await reopened.close();
    const again = await openWorkspaceDb({ path: dbPath });
    expect(await again.store.history(ns, "food")).toHaveLength(5);
    await again.close();
  });

  it("finds the version current at a time, before it existed and after it was deleted", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath(), storeHistory: 1000 });
    const times: Date[] = [];
    for (let i = 0; i < 200; i++) {
      await tick();
      await db.store.put(ns, "counter", { i });
      times.push(new Date());
    }
    await tick();
    await db.store.delete(ns, "counter");
    const deletedAt = new Date();
    expect(await db.store.history(ns, "counter")).toHaveLength(201);
    expect(await db.store.asOf(ns, "counter", new Date(times[0].getTime() - 5))).toBeUndefined();
    for (const i of [0, 1, 99, 198, 199]) expect((await db.store.asOf(ns, "counter", times[i]))?.value).toEqual({ i });
    expect(await db.store.asOf(ns, "counter", deletedAt)).toMatchObject({ deleted: true });
    await db.close();
  });

  it("lists a namespace as it was at a time, with what changed since", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    await putAs(db, remember, "kept", { n: 1 });
    await putAs(db, remember, "changed", { n: 1 });
    await putAs(db, remember, "deleted", { n: 1 });
    await tick();
    const then = new Date();
    await tick();
    await db.store.edit(ns, "changed", { n: 2 });
    await db.store.delete(ns, "deleted");
    await db.store.put(ns, "added", { n: 1 });
    const items = await db.store.namespaceAsOf(ns, then);
    expect(items.map(({ key, then: version, changed, now }) => ({ key, value: version.value, changed, now: now?.value }))).toEqual([
      { key: "changed", value: { n: 1 }, changed: true, now: { n: 2 } },
      { key: "deleted", value: { n: 1 }, changed: true, now: undefined },
      { key: "kept", value: { n: 1 }, changed: false, now: undefined },
    ]);
    expect(items[0]!.then.writtenBy).toEqual(remember);
    await db.close();
  });

  it("keeps at most storeHistory versions per item, and none at 0", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, storeHistory: 3 });
    for (let i = 0; i < 10; i++) await db.store.put(ns, "k", { i });
    expect((await db.store.history(ns, "k")).map((version) => version.value)).toEqual([{ i: 9 }, { i: 8 }, { i: 7 }]);
    await db.close();

    const off = tempDbPath();
    const noHistory = await openWorkspaceDb({ path: off, storeHistory: 0 });
    for (let i = 0; i < 3; i++) await noHistory.store.put(ns, "k", { i });
    await noHistory.store.delete(ns, "other");
    expect(await noHistory.store.history(ns, "k")).toHaveLength(1);
    await noHistory.close();
    expect(JSON.parse(fs.readFileSync(off, "utf8"))).not.toHaveProperty("storeHistory");

    await expect(openWorkspaceDb({ path: tempDbPath(), storeHistory: -1 })).rejects.toMatchObject({
      code: "DB_INVALID_INPUT",
      message: expect.stringContaining("storeHistory"),
    });
  });

  it("keeps the limit when an item is written before the versions db.json holds are read", async () => {
    const dbPath = tempDbPath();
    const first = await openWorkspaceDb({ path: dbPath, storeHistory: 2 });
    for (let i = 1; i <= 3; i++) await first.store.put(ns, "k", { i });
    await first.close();
    // Reopened through its index: the versions in db.json stay unread until the history is asked for.
    const reopened = await openWorkspaceDb({ path: dbPath, storeHistory: 3 });
    for (let i = 4; i <= 5; i++) await reopened.store.put(ns, "k", { i });
    expect((await reopened.store.history(ns, "k")).map((version) => version.value)).toEqual([{ i: 5 }, { i: 4 }, { i: 3 }]);
    await reopened.close();
  });

  it("moves an item's versions with it when it is renamed in VS Code", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath });
    await putAs(db, remember, "old", { text: "v1" });
    await db.store.put(ns, "old", { text: "v2" });
    await db.store.move({ namespace: ns, key: "old" }, { namespace: ns, key: "new" });
    expect(await db.store.history(ns, "old")).toEqual([]);
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath });
    expect(summary(await reopened.store.history(ns, "new"))).toEqual([
      { value: { text: "v2" }, writtenBy: undefined, origin: "vscode" },
      { value: { text: "v2" }, writtenBy: undefined, origin: undefined },
      { value: { text: "v1" }, writtenBy: remember, origin: undefined },
    ]);
    await reopened.close();
  });

  it("adds nothing twice when a journal already folded in is replayed whole", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    for (let i = 0; i < 3; i++) await db.store.put(ns, "k", { i });
    await db.store.delete(ns, "k");
    await db.store.put(ns, "k", { i: 3 });
    const journal = fs.readFileSync(`${dbPath}.journal`, "utf8");
    await db.close();
    // db.json holds all of it under a new journal id: the old journal is another snapshot's.
    fs.writeFileSync(`${dbPath}.journal`, journal);
    fs.rmSync(`${dbPath}.index`);
    const reopened = await openWorkspaceDb({ path: dbPath });
    expect(summary(await reopened.store.history(ns, "k"))).toEqual([
      { value: { i: 3 }, writtenBy: undefined, origin: undefined },
      { deleted: true, writtenBy: undefined, origin: undefined },
      { value: { i: 2 }, writtenBy: undefined, origin: undefined },
      { value: { i: 1 }, writtenBy: undefined, origin: undefined },
      { value: { i: 0 }, writtenBy: undefined, origin: undefined },
    ]);
    await reopened.close();
  });

  it("keeps history through a background compaction of a database opened with unread history", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath });
    await db.store.put(ns, "k", { i: 0 });
    await db.store.put(ns, "k", { i: 1 });
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    // Two folds: the file opened is gone from db.json and db.json.bak, its history still unread.
    await reopened.store.put(ns, "k", { i: 2 });
    await reopened.compactInBackground();
    await reopened.store.put(ns, "k", { i: 3 });
    await reopened.compactInBackground();
    await reopened.store.put(ns, "k", { i: 4 });
    expect((await reopened.store.history(ns, "k")).map((version) => version.value)).toEqual([{ i: 4 }, { i: 3 }, { i: 2 }, { i: 1 }, { i: 0 }]);
    await reopened.close();
    const last = await openWorkspaceDb({ path: dbPath });
    expect(await last.store.history(ns, "k")).toHaveLength(5);
    await last.close();
  });

  it("notes the items another process changed in db.json as written by it, the values they replaced kept", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await putAs(db, remember, "changed", { text: "ours" });
    await putAs(db, remember, "deleted", { text: "ours" });
    await putAs(db, remember, "kept", { text: "ours" });
    db.compact();
    const tree = JSON.parse(fs.readFileSync(dbPath, "utf8"));
    const items = tree.store["memories.user-1"];
    items.changed.value = { text: "theirs" };
    delete items.deleted;
    items.added = { ...items.kept, value: { text: "added" } };
    await tick();
    fs.writeFileSync(dbPath, JSON.stringify(tree, null, 2));
    db.checkForExternalChange();

    const outside = { writtenBy: undefined, origin: "external" };
    expect(summary(await db.store.history(ns, "changed"))).toEqual([
      { value: { text: "theirs" }, ...outside },
      { value: { text: "ours" }, writtenBy: remember, origin: undefined },
    ]);
    expect(summary(await db.store.history(ns, "deleted"))).toEqual([
      { deleted: true, ...outside },
      { value: { text: "ours" }, writtenBy: remember, origin: undefined },
    ]);
    expect(summary(await db.store.history(ns, "added"))).toEqual([{ value: { text: "added" }, ...outside }]);
    expect(await db.store.history(ns, "kept")).toHaveLength(1);
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath });
    expect(summary(await reopened.store.history(ns, "deleted"))).toEqual([
      { deleted: true, ...outside },
      { value: { text: "ours" }, writtenBy: remember, origin: undefined },
    ]);
    await reopened.close();
  });

  it("keeps the versions of items named like Object's own properties, with non-ASCII values, read on first use", async () => {
    const dbPath = tempDbPath();
    const hostile = ["__proto__", "x"];
    const db = await openWorkspaceDb({ path: dbPath });
    for (const key of ["__proto__", "constructor", "toString"]) {
      await db.store.put(hostile, key, { v: 1 });
      await db.store.put(hostile, key, { v: "é2 ✓" });
    }
    await db.close();
    // Reopened through the index: the history's byte range is found past the multi-byte text.
    const reopened = await openWorkspaceDb({ path: dbPath });
    await reopened.store.put(hostile, "toString", { v: 3 });
    for (const key of ["__proto__", "constructor"])
      expect((await reopened.store.history(hostile, key)).map((version) => version.value)).toEqual([{ v: "é2 ✓" }, { v: 1 }]);
    expect((await reopened.store.history(hostile, "toString")).map((version) => version.value)).toEqual([{ v: 3 }, { v: "é2 ✓" }, { v: 1 }]);
    await reopened.close();
  });

  it("opens files written before store history existed, and refuses a broken version naming where", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const item = { value: { text: "old" }, createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z" };
    const file = { format: "langgraph-workspace-db", version: 1, journal: { id: "j1", seq: 1 }, threads: {}, store: { notes: { k: item } } };
    fs.writeFileSync(dbPath, JSON.stringify(file, null, 2));
    const db = await openWorkspaceDb({ path: dbPath });
    expect(summary(await db.store.history(["notes"], "k"))).toEqual([{ value: { text: "old" }, writtenBy: undefined, origin: undefined }]);
    await db.store.put(["notes"], "k", { text: "new" });
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath });
    expect((await reopened.store.history(["notes"], "k")).map((version) => version.value)).toEqual([{ text: "new" }, { text: "old" }]);
    await reopened.close();

    const broken = tempDbPath();
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, JSON.stringify({ ...file, storeHistory: { notes: { k: [{ at: "yesterday", seq: 1, value: {} }] } } }));
    await expect(openWorkspaceDb({ path: broken })).rejects.toMatchObject({
      code: "DB_CORRUPT",
      message: expect.stringContaining(`storeHistory["notes"]["k"][0].at`),
    });
  });
});
