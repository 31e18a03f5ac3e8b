// The db/* requests and db/changed on the real engine process (dist/engine.js): a real graph
// runs through a session, then the database is browsed and edited without one.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engineClient/engineClient";
import { dbFixture as fixture, disposeDbEngines, startDbEngine } from "./dbEngine";
import type { SessionStop } from "../../../src/protocol/engine";

const root = join(__dirname, "..", "..", "..");
const configFile = join(fixture, "langgraph.json");
const playgroundConfig = join(root, "examples", "debug-playground", "langgraph.json");

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "langgraph-db-"));
  dirs.push(dir);
  return dir;
}

/** Runs the notes graph on a thread until its interrupt; returns when the run stopped there. */
async function runNotes(engine: EngineClient, stops: SessionStop[], dbPath: string, threadId: string, note: string): Promise<string> {
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId });
  const before = stops.length;
  await engine.request("session/run", { sessionId, input: { note } });
  await expect.poll(() => stops.slice(before).find((stop) => stop.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("interrupt");
  return sessionId;
}

afterEach(async () => {
  await disposeDbEngines();
  delete process.env.DB_TEST_MARKER;
});

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("db/* requests", () => {
  it("lists the threads and checkpoints a session wrote, with next, writers and plain values", async () => {
    const { engine, stops } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    await runNotes(engine, stops, dbPath, "thread-a", "buy milk");
    await runNotes(engine, stops, dbPath, "thread-b", "call mom");

    const info = await engine.request("db/open", { configFile, dbPath });
    expect(info).toEqual({ kind: "workspace", dbPath, configFile, readOnly: false, semanticSearch: true });

    const { threads, total } = await engine.request("db/threads", { dbPath });
    expect(total).toBe(2);
    // Most recently updated first; both wait at `confirm`'s interrupt.
    expect(threads.map((thread) => thread.threadId)).toEqual(["thread-b", "thread-a"]);
    expect(threads[0]).toMatchObject({ checkpointCount: 4, step: 2, next: ["confirm"], graphId: "notes" });
    expect(threads[0].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The last entry of the `messages` channel, for pickers that show what a thread said last.
    expect(threads.map((thread) => thread.lastMessage)).toEqual([
      { role: "ai", text: "noted: call mom" },
      { role: "ai", text: "noted: buy milk" },
    ]);

    const page = await engine.request("db/checkpoints", { dbPath, threadId: "thread-a" });
    expect(page.total).toBe(4);
    expect(page.checkpoints.map((checkpoint) => [checkpoint.step, checkpoint.source, checkpoint.next, checkpoint.writers])).toEqual([
      [2, "loop", ["confirm"], ["tag", "reply"]],
      [1, "loop", ["tag", "reply"], ["remember"]],
      [0, "loop", ["remember"], ["__start__"]],
      [-1, "input", ["__start__"], ["__start__"]],
    ]);
    // Each names its parent, newest first.
    const ids = page.checkpoints.map((checkpoint) => checkpoint.checkpointId);
    expect(page.checkpoints.map((checkpoint) => checkpoint.parentCheckpointId)).toEqual([...ids.slice(1), undefined]);

    const second = await engine.request("db/checkpoints", { dbPath, threadId: "thread-a", offset: 1, limit: 2 });
    expect(second.checkpoints.map((checkpoint) => checkpoint.checkpointId)).toEqual(ids.slice(1, 3));

    const detail = await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId: ids[0] });
    expect(detail.values).toEqual({
      messages: [expect.objectContaining({ type: "human", content: "buy milk" }), expect.objectContaining({ type: "ai", content: "noted: buy milk" })],
      note: "buy milk",
      tags: ["BUY", "MILK"],
      confirmed: "",
    });
    expect(Object.keys(detail.values).some((channel) => channel.startsWith("branch:") || channel.startsWith("__"))).toBe(false);
    expect(detail.metadata).toMatchObject({ source: "loop", step: 2 });
    expect(detail.pendingWrites).toEqual([expect.objectContaining({ node: "confirm", channel: "__interrupt__" })]);
  });

  it("derives next exactly as LangGraph's getState does, across a loop, a subgraph and a fork", async () => {
    const { engine, stops } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    const { sessionId, threadId } = await engine.request("session/open", { configFile: playgroundConfig, graphId: "playground", dbPath });
    await engine.request("session/run", { sessionId, input: { topic: "db", requiredDrafts: 2 } });
    await expect.poll(() => stops.at(-1)?.reason, { timeout: 20_000 }).toBe("interrupt");
    await engine.request("db/open", { configFile: playgroundConfig, dbPath });
    // Fork: edit the state at the interrupt (updateState), which makes an `update` checkpoint.
    const edit = await engine.request("session/setValue", {
      sessionId,
      checkpointId: stops.at(-1)!.checkpointId,
      scope: "state",
      path: ["title"],
      expression: '"forked"',
    });
    expect(edit.checkpointId).toBeDefined();
    const { frames } = await engine.request("session/stack", { sessionId });
    expect(frames.map((frame) => frame.source)).toContain("update");
    const { checkpoints } = await engine.request("db/checkpoints", { dbPath, threadId });
    const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint]));
    expect(frames.length).toBeGreaterThan(5);
    for (const frame of frames) {
      // The call stack leaves `__start__` out of next; the rest must agree.
      expect(
        byId.get(frame.checkpointId)?.next.filter((node) => node !== "__start__"),
        `step ${frame.step}`,
      ).toEqual(frame.next);
    }
  });

  it("browses and edits store items; the edit lands in db.json", async () => {
    const { engine, stops } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    await runNotes(engine, stops, dbPath, "thread-a", "buy milk");
    await engine.request("db/open", { configFile, dbPath });

    expect(await engine.request("db/namespaces", { dbPath })).toEqual({ namespaces: [{ namespace: ["notes", "user-1"], count: 1 }] });
    expect(await engine.request("db/namespaces", { dbPath, maxDepth: 1 })).toEqual({ namespaces: [{ namespace: ["notes"], count: 1 }] });
    expect(await engine.request("db/namespaces", { dbPath, prefix: ["other"] })).toEqual({ namespaces: [] });

    const { items, total } = await engine.request("db/items", { dbPath, namespace: ["notes"] });
    expect(total).toBe(1);
    expect(items).toEqual([expect.objectContaining({ namespace: ["notes", "user-1"], key: "note-0", value: { text: "buy milk" } })]);
    const original = items[0];

    const put = await engine.request("db/putItem", {
      dbPath,
      namespace: ["notes", "user-1"],
      key: "note-0",
      value: { text: "buy oat milk" },
      ifUpdatedAt: original.updatedAt,
    });
    expect(put.item).toMatchObject({ value: { text: "buy oat milk" }, createdAt: original.createdAt });
    await engine.request("db/putItem", { dbPath, namespace: ["notes", "user-2"], key: "k", value: { text: "zebra" } });

    // A second edit based on the first read is refused: the item changed since.
    const stale = await engine
      .request("db/putItem", { dbPath, namespace: ["notes", "user-1"], key: "note-0", value: { text: "x" }, ifUpdatedAt: original.updatedAt })
      .catch((error: unknown) => error);
    expect(stale).toMatchObject({ code: "conflict", message: expect.stringMatching(/"note-0" in namespace \["notes","user-1"\] changed since you opened it/) });

    expect((await engine.request("db/item", { dbPath, namespace: ["notes", "user-1"], key: "note-0" })).item?.value).toEqual({ text: "buy oat milk" });
    expect((await engine.request("db/item", { dbPath, namespace: ["notes", "user-1"], key: "absent" })).item).toBeNull();

    const filtered = await engine.request("db/items", { dbPath, namespace: ["notes"], filter: { text: "zebra" } });
    expect(filtered.total).toBe(1);
    expect(filtered.items.map((item) => item.key)).toEqual(["k"]);
    const ranked = await engine.request("db/items", { dbPath, namespace: ["notes"], query: "zebra" });
    expect(ranked.items[0]).toMatchObject({ key: "k", score: expect.any(Number) });

    // Bad input is refused with a clear code.
    await expect(
      engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: [1] as unknown as Record<string, unknown> }),
    ).rejects.toMatchObject({ code: "invalidInput" });
    await expect(engine.request("db/putItem", { dbPath, namespace: ["a.b"], key: "k", value: {} })).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("period"),
    });

    // Rename: one atomic move, refused onto an item that exists.
    const taken = await engine
      .request("db/moveItem", { dbPath, namespace: ["notes", "user-1"], key: "note-0", toNamespace: ["notes", "user-2"], toKey: "k" })
      .catch((error: unknown) => error);
    expect(taken).toMatchObject({ code: "conflict", message: expect.stringContaining("already exists") });
    const moved = await engine.request("db/moveItem", {
      dbPath,
      namespace: ["notes", "user-1"],
      key: "note-0",
      toNamespace: ["notes", "user-3"],
      toKey: "note-0",
      ifUpdatedAt: put.item.updatedAt,
    });
    expect(moved.item).toMatchObject({ namespace: ["notes", "user-3"], key: "note-0", value: { text: "buy oat milk" } });
    expect((await engine.request("db/item", { dbPath, namespace: ["notes", "user-1"], key: "note-0" })).item).toBeNull();

    await engine.request("db/deleteItem", { dbPath, namespace: ["notes", "user-2"], key: "k" });
    await engine.request("db/deleteItem", { dbPath, namespace: ["notes", "user-2"], key: "k" });

    // The versions over db/* (issue 18), newest first, and the namespace as it was before the delete.
    const { versions } = await engine.request("db/storeHistory", { dbPath, namespace: ["notes", "user-2"], key: "k" });
    expect(versions.map(({ value, deleted, writer }) => ({ value, deleted, writer }))).toEqual([
      { value: undefined, deleted: true, writer: "edited in VS Code" },
      { value: { text: "zebra" }, deleted: undefined, writer: "edited in VS Code" },
    ]);
    const { items: then } = await engine.request("db/itemsAsOf", { dbPath, namespace: ["notes", "user-2"], time: versions[1].time });
    expect(then).toMatchObject([{ key: "k", then: { value: { text: "zebra" } }, changed: true }]);
    expect(then[0].now).toBeUndefined();
    await expect(engine.request("db/itemsAsOf", { dbPath, namespace: ["notes"], time: "yesterday" })).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining('"yesterday"'),
    });

    // Folded into db.json when the engine closes the database.
    await engine.dispose();
    const file = readFileSync(dbPath, "utf8");
    expect(file).toContain("buy oat milk");
    const { store, storeHistory } = JSON.parse(file);
    expect(JSON.stringify(store)).not.toContain("zebra");
    // The item's versions stay (issue 18): its put and its deletion, both made in VS Code.
    expect(storeHistory["notes.user-2"].k).toMatchObject([
      { value: { text: "zebra" }, origin: "vscode" },
      { deleted: true, origin: "vscode" },
    ]);
  });

  it("deletes a thread", async () => {
    const { engine, stops } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    await runNotes(engine, stops, dbPath, "thread-a", "one");
    await runNotes(engine, stops, dbPath, "thread-b", "two");
    await engine.request("db/open", { configFile, dbPath });
    await engine.request("db/deleteThread", { dbPath, threadId: "thread-a" });
    expect((await engine.request("db/threads", { dbPath })).threads.map((thread) => thread.threadId)).toEqual(["thread-b"]);
    await expect(engine.request("db/checkpoints", { dbPath, threadId: "thread-a" })).rejects.toMatchObject({ code: "checkpointNotFound" });
    await expect(engine.request("db/checkpoint", { dbPath, threadId: "thread-b", checkpointId: "nope" })).rejects.toMatchObject({ code: "checkpointNotFound" });
  });

  it("untrusted: imports no user module and refuses every write; trusting it later upgrades", async () => {
    const dir = tempDir();
    const marker = join(dir, "marker");
    process.env.DB_TEST_MARKER = marker;
    const dbPath = join(dir, "db.json");
    // A database with an item and a thread, written by a trusted engine first.
    {
      const { engine, stops } = startDbEngine();
      await runNotes(engine, stops, dbPath, "thread-a", "secret");
      await engine.dispose();
      rmSync(marker);
    }
    const { engine } = startDbEngine();
    const info = await engine.request("db/open", { configFile, dbPath, trusted: false });
    expect(info).toMatchObject({ readOnly: true, semanticSearch: false });
    expect((await engine.request("db/threads", { dbPath })).total).toBe(1);
    expect((await engine.request("db/items", { dbPath, namespace: [] })).items).toHaveLength(1);
    for (const write of [
      engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: {} }),
      engine.request("db/deleteItem", { dbPath, namespace: ["notes", "user-1"], key: "note-0" }),
      engine.request("db/deleteThread", { dbPath, threadId: "thread-a" }),
    ]) {
      await expect(write).rejects.toMatchObject({
        code: "notEditable",
        message: expect.stringContaining("not trusted"),
        hint: expect.stringContaining("Trust the workspace"),
      });
    }
    await expect(engine.request("db/items", { dbPath, namespace: [], query: "secret" })).rejects.toMatchObject({ code: "notEditable" });
    expect(existsSync(marker)).toBe(false);

    const trusted = await engine.request("db/open", { configFile, dbPath, trusted: true });
    expect(trusted).toMatchObject({ readOnly: false, semanticSearch: true });
    expect(existsSync(marker)).toBe(true);
    await engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: { text: "now allowed" } });
    expect((await engine.request("db/items", { dbPath, namespace: ["notes"], query: "allowed" })).items[0].score).toEqual(expect.any(Number));
  });

  it("opens a database another process holds read-only", async () => {
    const dbPath = join(tempDir(), "db.json");
    const first = startDbEngine();
    await runNotes(first.engine, first.stops, dbPath, "thread-a", "held");
    const second = startDbEngine();
    const info = await second.engine.request("db/open", { configFile, dbPath });
    expect(info.readOnly).toBe(true);
    expect((await second.engine.request("db/threads", { dbPath })).threads.map((thread) => thread.threadId)).toEqual(["thread-a"]);
    await expect(second.engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: {} })).rejects.toMatchObject({
      code: "notEditable",
      message: expect.stringContaining("another process"),
    });
    // A session must write: it is refused while the other engine holds the file…
    await expect(second.engine.request("session/open", { configFile, graphId: "notes", dbPath })).rejects.toMatchObject({
      message: expect.stringContaining("already open in process"),
    });
    // …and gets it once that engine is gone; the views then may write too.
    await first.engine.dispose();
    const stops = second.stops;
    await runNotes(second.engine, stops, dbPath, "thread-b", "mine now");
    expect(await second.engine.request("db/open", { configFile, dbPath })).toMatchObject({ readOnly: false });
    expect((await second.engine.request("db/threads", { dbPath })).threads.map((thread) => thread.threadId)).toEqual(["thread-b", "thread-a"]);
    await second.engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: { text: "written" } });
  });

  it("says why a database is read-only, and makes it writable by itself once the holder lets go", async () => {
    const dbPath = join(tempDir(), "db.json");
    const first = startDbEngine();
    await first.engine.request("db/open", { configFile, dbPath });
    const second = startDbEngine();
    const info = await second.engine.request("db/open", { configFile, dbPath });
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: expect.stringContaining(`another process (pid ${first.engine.pid}`) });
    expect(info.readOnlyReason).toContain("becomes writable here by itself");
    await expect(second.engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: {} })).rejects.toMatchObject({
      message: info.readOnlyReason,
    });
    // As after a window reload: the old window's engine goes away, and nobody asks for a write.
    await first.engine.dispose();
    await expect.poll(() => second.changes.some((change) => change.dbPath === dbPath && change.kinds.includes("access")), { timeout: 20_000 }).toBe(true);
    const now = await second.engine.request("db/open", { configFile, dbPath });
    expect(now.readOnly).toBe(false);
    expect(now.readOnlyReason).toBeUndefined();
    await second.engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: { text: "written" } });
  });

  it("says why an untrusted window sees the database read-only", async () => {
    const { engine } = startDbEngine();
    const info = await engine.request("db/open", { configFile, dbPath: join(tempDir(), "db.json"), trusted: false });
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: expect.stringMatching(/Restricted Mode.*Trust the workspace/) });
  });

  it("says where a hand-broken db.json is broken, and leaves it untouched", async () => {
    const { engine } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    writeFileSync(dbPath, '{\n  "threads": {\n    oops\n');
    await expect(engine.request("db/open", { configFile, dbPath })).rejects.toMatchObject({
      message: expect.stringMatching(/cannot be read: .*line 3/),
      file: dbPath,
      hint: expect.stringContaining("line and column"),
    });
    expect(readFileSync(dbPath, "utf8")).toBe('{\n  "threads": {\n    oops\n');
  });

  it("db/close lets the database go: requests name it no more, and another process may write it", async () => {
    const dbPath = join(tempDir(), "db.json");
    const first = startDbEngine();
    await first.engine.request("db/open", { configFile, dbPath });
    const second = startDbEngine();
    expect(await second.engine.request("db/open", { configFile, dbPath })).toMatchObject({ readOnly: true });
    await first.engine.request("db/close", { dbPath });
    await expect(first.engine.request("db/threads", { dbPath })).rejects.toMatchObject({ code: "dbNotOpen" });
    // The other engine takes the file over once the lock is gone (while the first engine still runs).
    await expect.poll(async () => (await second.engine.request("db/open", { configFile, dbPath })).readOnly, { timeout: 20_000 }).toBe(false);
  });

  it("requests name a database opened with db/open", async () => {
    const { engine } = startDbEngine();
    await expect(engine.request("db/threads", { dbPath: join(tempDir(), "db.json") })).rejects.toMatchObject({ code: "dbNotOpen" });
  });
});

describe("db/changed", () => {
  it("arrives after a run, merged, and after db/* writes", async () => {
    const { engine, changes, stops } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    await engine.request("db/open", { configFile, dbPath });
    await runNotes(engine, stops, dbPath, "thread-a", "hello");
    await expect.poll(() => changes.flatMap((change) => change.kinds)).toContain("store");
    const merged = changes.filter((change) => change.dbPath === dbPath);
    expect(merged.flatMap((change) => change.threadIds ?? [])).toContain("thread-a");
    expect(merged.flatMap((change) => change.namespaces ?? [])).toContainEqual(["notes", "user-1"]);
    // Four checkpoints and their writes in a fraction of a second: a few notifications, not dozens.
    expect(merged.length).toBeLessThan(6);

    changes.length = 0;
    await engine.request("db/putItem", { dbPath, namespace: ["notes", "x"], key: "k", value: { text: "t" } });
    await expect.poll(() => changes).toEqual([{ dbPath, kinds: ["store"], namespaces: [["notes", "x"]] }]);
    changes.length = 0;
    await engine.request("db/deleteThread", { dbPath, threadId: "thread-a" });
    await expect.poll(() => changes).toEqual([{ dbPath, kinds: ["checkpoints"], threadIds: ["thread-a"] }]);
  });

  it("arrives when db.json is edited outside the engine", async () => {
    const { engine, changes } = startDbEngine();
    const dbPath = join(tempDir(), "db.json");
    await engine.request("db/open", { configFile, dbPath });
    await engine.request("db/putItem", { dbPath, namespace: ["notes"], key: "k", value: { text: "before" } });
    // Let the engine fold its journal into db.json, as it does when writes pause.
    await expect.poll(() => existsSync(dbPath) && readFileSync(dbPath, "utf8").includes("before"), { timeout: 10_000 }).toBe(true);
    // The engine's own write of db.json is not an outside edit.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(changes.flatMap((change) => change.kinds)).not.toContain("external");
    changes.length = 0;
    writeFileSync(dbPath, readFileSync(dbPath, "utf8").replace("before", "edited by hand"));
    await expect.poll(() => changes.flatMap((change) => change.kinds), { timeout: 5_000 }).toContain("external");
    expect((await engine.request("db/item", { dbPath, namespace: ["notes"], key: "k" })).item?.value).toEqual({ text: "edited by hand" });
  });
});
