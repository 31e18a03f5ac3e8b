// A store item's writtenBy: which debug session node last put it. Noted on a put operation with
// the internal attributePut, recorded by the batch() that receives it, kept through the journal,
// its replay, compaction and reopening, read back from files that never had it, and dropped by
// any put that names no writer.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Item, Operation } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { attributePut, WRITTEN_BY } from "../../../src/persistence/store";
import type { StoreWriter } from "../../../src/persistence/records";
import { removeTempDirs, tempDbPath } from "./helpers";

afterAll(removeTempDirs);

const remember: StoreWriter = { threadId: "thread-a", step: 2, node: "remember" };

function writerOf(item: Item | null): StoreWriter | undefined {
  return (item as (Item & { [WRITTEN_BY]?: StoreWriter }) | null)?.[WRITTEN_BY];
}

function putAs(db: WorkspaceDb, writer: StoreWriter | undefined, namespace: string[], key: string, value: Record<string, unknown> | null): Promise<unknown> {
  const op: Operation = { namespace, key, value };
  if (writer !== undefined) attributePut(op, writer);
  return db.store.batch([op]);
}

/** Copies db.json and its journal (not the lock), as a crash would leave them, to a fresh folder. */
function copyAsCrashed(dbPath: string): string {
  const copy = tempDbPath();
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(dbPath, copy);
  fs.copyFileSync(`${dbPath}.journal`, `${copy}.journal`);
  return copy;
}

function journalLines(dbPath: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(`${dbPath}.journal`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("writtenBy on store items", () => {
  it("goes from a put to the journal line, through replay and compaction, and survives reopening", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await putAs(db, remember, ["notes", "u1"], "n1", { text: "buy milk" });
    // Keys in the file's order whatever order the writer came in; absent ones left out.
    await putAs(db, { node: "polish:tidy", step: 1, checkpointId: "cp-1", threadId: "thread-b" }, ["notes", "u1"], "n2", { text: "tidy" });
    expect(writerOf(await db.store.get(["notes", "u1"], "n1"))).toEqual(remember);

    const raw = fs.readFileSync(`${dbPath}.journal`, "utf8");
    expect(raw).toContain(`"writtenBy":{"threadId":"thread-a","step":2,"node":"remember"}`);
    expect(raw).toContain(`"writtenBy":{"threadId":"thread-b","checkpointId":"cp-1","step":1,"node":"polish:tidy"}`);

    // Opening the crashed copy replays the journal, then compacts it into db.json.
    const copy = copyAsCrashed(dbPath);
    await db.close();
    const replayed = await openWorkspaceDb({ path: copy });
    expect(writerOf(await replayed.store.get(["notes", "u1"], "n1"))).toEqual(remember);
    const text = fs.readFileSync(copy, "utf8");
    expect(JSON.parse(text).store["notes.u1"].n2.writtenBy).toEqual({ threadId: "thread-b", checkpointId: "cp-1", step: 1, node: "polish:tidy" });
    // Human readable, after the dates and in a stable key order.
    expect(text).toMatch(/"updatedAt": "[^"]+",\n\s+"writtenBy": \{\n\s+"threadId": "thread-a",\n\s+"step": 2,\n\s+"node": "remember"\n\s+\}/);
    await replayed.close();

    const reopened = await openWorkspaceDb({ path: copy });
    const items = await reopened.store.search(["notes"]);
    expect(Object.fromEntries(items.map((item) => [item.key, writerOf(item)]))).toEqual({
      n1: remember,
      n2: { threadId: "thread-b", checkpointId: "cp-1", step: 1, node: "polish:tidy" },
    });
    // Invisible to a user's code: an Item is what LangGraph's stores return.
    const item = items.find((found) => found.key === "n1")!;
    expect(Object.keys(item).sort()).toEqual(["createdAt", "key", "namespace", "updatedAt", "value"]);
    expect(JSON.stringify(item)).not.toContain("writtenBy");
    await reopened.close();
  });

  it("reads files and journals written before writtenBy existed", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const old = { value: { text: "old" }, createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z" };
    fs.writeFileSync(
      dbPath,
      JSON.stringify({ format: "langgraph-workspace-db", version: 1, journal: { id: "j1", seq: 1 }, threads: {}, store: { notes: { old } } }, null, 2),
    );
    const header = { journal: "j1", format: "langgraph-workspace-db-journal" };
    const line = { seq: 2, op: "storePut", namespace: "notes", key: "journaled", item: old };
    fs.writeFileSync(`${dbPath}.journal`, `${JSON.stringify(header)}\n${JSON.stringify(line)}\n`);

    const db = await openWorkspaceDb({ path: dbPath });
    expect(await db.store.get(["notes"], "old")).toMatchObject({ value: { text: "old" } });
    expect(writerOf(await db.store.get(["notes"], "old"))).toBeUndefined();
    expect(writerOf(await db.store.get(["notes"], "journaled"))).toBeUndefined();
    await db.close();
    const tree = JSON.parse(fs.readFileSync(dbPath, "utf8")).store.notes;
    expect(Object.keys(tree.old)).toEqual(["value", "createdAt", "updatedAt"]);
  });

  it("reads writers saved before they named a checkpoint, in items and in their earlier versions", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const writer = { threadId: "1", step: 1, node: "call_model" };
    const item = { value: { data: "now" }, createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-02T00:00:00.000Z", writtenBy: writer };
    const earlier = { at: "2025-01-01T00:00:00.000Z", seq: 1, value: { data: "then" }, writtenBy: writer };
    fs.writeFileSync(
      dbPath,
      JSON.stringify({ format: "langgraph-workspace-db", version: 1, threads: {}, store: { notes: { k: item } }, storeHistory: { notes: { k: [earlier] } } }),
    );
    const db = await openWorkspaceDb({ path: dbPath });
    expect(writerOf(await db.store.get(["notes"], "k"))).toEqual(writer);
    expect((await db.store.history(["notes"], "k")).map((version) => [version.value?.data, version.writtenBy])).toEqual([
      ["now", writer],
      ["then", writer],
    ]);
    await db.close();
  });

  it("is dropped by a put that names no writer, and removed with the item", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    const attributed = async (key: string) => {
      await putAs(db, remember, ["notes"], key, { text: "by the graph" });
      expect(writerOf(await db.store.get(["notes"], key))).toEqual(remember);
    };

    // An edit through put() (the debugger view, the Variables pane, the user's own app).
    await attributed("edited");
    await db.store.put(["notes"], "edited", { text: "by hand" });
    expect(writerOf(await db.store.get(["notes"], "edited"))).toBeUndefined();
    // Through batch(), as an AsyncBatchedStore outside a debug session sends it.
    await attributed("batched");
    await putAs(db, undefined, ["notes"], "batched", { text: "no writer" });
    expect(writerOf(await db.store.get(["notes"], "batched"))).toBeUndefined();
    // Deleted with the item: a later put of the key names only its own writer.
    await attributed("deleted");
    await putAs(db, remember, ["notes"], "deleted", null);
    expect(await db.store.get(["notes"], "deleted")).toBeNull();
    await db.store.put(["notes"], "deleted", { text: "again" });
    expect(writerOf(await db.store.get(["notes"], "deleted"))).toBeUndefined();

    const puts = journalLines(dbPath).filter((line) => line.op === "storePut" && (line.item as { value: { text: string } }).value.text !== "by the graph");
    expect(puts).toHaveLength(3);
    for (const line of puts) expect(line.item).not.toHaveProperty("writtenBy");
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath });
    for (const item of await reopened.store.search(["notes"])) expect(writerOf(item), item.key).toBeUndefined();
    // The store's items name no writer; their earlier versions (storeHistory) keep theirs.
    expect(JSON.stringify(JSON.parse(fs.readFileSync(dbPath, "utf8")).store)).not.toContain("writtenBy");
    await reopened.close();
  });

  it("keeps the writer of the put that wins when a batch puts one key twice", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    const first: Operation = { namespace: ["notes"], key: "k", value: { n: 1 } };
    const second: Operation = { namespace: ["notes"], key: "k", value: { n: 2 } };
    attributePut(first, { threadId: "t", step: 1, node: "a" });
    attributePut(second, { threadId: "t", step: 1, node: "b" });
    await db.store.batch([first, second]);
    expect(writerOf(await db.store.get(["notes"], "k"))).toEqual({ threadId: "t", step: 1, node: "b" });
    await db.close();
  });

  it("refuses a hand-edited writtenBy without a thread, naming where", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const item = { value: {}, createdAt: "2025-01-01T00:00:00.000Z", updatedAt: "2025-01-01T00:00:00.000Z", writtenBy: { node: "x" } };
    fs.writeFileSync(dbPath, JSON.stringify({ format: "langgraph-workspace-db", version: 1, threads: {}, store: { notes: { k: item } } }));
    await expect(openWorkspaceDb({ path: dbPath })).rejects.toMatchObject({ code: "DB_CORRUPT", message: expect.stringContaining("writtenBy.threadId") });
  });
});
