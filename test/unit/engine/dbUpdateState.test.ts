// db/updateState on the real engine process (dist/engine.js): fork with edited state without a
// debug session. The thread is recorded by a session in one engine; a second engine, which never
// opens a session, forks it, as the debugger view does on a thread no session runs.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engineClient/engineClient";
import { dbFixture as fixture, disposeDbEngines, startDbEngine } from "./dbEngine";
import type { CheckpointSummary } from "../../../src/protocol/engine";

const configFile = join(fixture, "langgraph.json");

const dirs: string[] = [];

/** A database where the notes graph ran on `thread-a` up to its interrupt (steps -1 … 2), written by an engine that is gone. */
async function recordedDb(note = "buy milk"): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "langgraph-update-state-"));
  dirs.push(dir);
  const dbPath = join(dir, "db.json");
  const { engine, stops } = startDbEngine();
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId: "thread-a" });
  await engine.request("session/run", { sessionId, input: { note } });
  await expect.poll(() => stops.find((stop) => stop.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("interrupt");
  await engine.dispose();
  return dbPath;
}

/** The thread's checkpoints, newest first, by step. */
async function checkpoints(engine: EngineClient, dbPath: string): Promise<CheckpointSummary[]> {
  return (await engine.request("db/checkpoints", { dbPath, threadId: "thread-a" })).checkpoints;
}

afterEach(async () => {
  await disposeDbEngines();
});

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("db/updateState", () => {
  it("forks a mid-history checkpoint without any session: an update checkpoint as the node that wrote it, in db.json", async () => {
    const dbPath = await recordedDb();
    const { engine, changes } = startDbEngine();
    await engine.request("db/open", { configFile, dbPath });
    const before = await checkpoints(engine, dbPath);
    expect(before.map((checkpoint) => checkpoint.step)).toEqual([2, 1, 0, -1]);
    // Step 1: `remember` wrote it; the run went on from there to step 2.
    const mid = before.find((checkpoint) => checkpoint.step === 1)!;
    expect(mid.writers).toEqual(["remember"]);

    const { checkpointId } = await engine.request("db/updateState", {
      dbPath,
      threadId: "thread-a",
      checkpointId: mid.checkpointId,
      path: ["note"],
      value: "buy bread",
    });

    const after = await checkpoints(engine, dbPath);
    expect(after).toHaveLength(5);
    const fork = after.find((checkpoint) => checkpoint.checkpointId === checkpointId)!;
    // A branch on the mid checkpoint; the old step 2 is still there.
    expect(fork).toMatchObject({ parentCheckpointId: mid.checkpointId, source: "update", step: 2 });
    expect(after.filter((checkpoint) => checkpoint.step === 2)).toHaveLength(2);
    // As `remember`: its conditional edge ran again over the edited note (a Send per word, and reply).
    expect([...fork.next].sort()).toEqual(["reply", "tag"]);
    // The fork records its graph as the session's checkpoints do: the thread stays listed under it.
    expect((await engine.request("db/threads", { dbPath })).threads[0]).toMatchObject({ threadId: "thread-a", graphId: "notes" });
    const detail = await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId });
    expect(detail.values).toMatchObject({ note: "buy bread", messages: [expect.objectContaining({ type: "human", content: "buy milk" })] });
    // The source checkpoint is unchanged.
    expect((await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId: mid.checkpointId })).values).toMatchObject({
      note: "buy milk",
    });
    await expect.poll(() => changes.some((change) => change.kinds.includes("checkpoints") && change.threadIds?.includes("thread-a"))).toBe(true);

    await engine.dispose();
    expect(readFileSync(dbPath, "utf8")).toContain(checkpointId);
  });

  it("an edit inside a message list replaces that message by its id", async () => {
    const dbPath = await recordedDb();
    const { engine } = startDbEngine();
    await engine.request("db/open", { configFile, dbPath });
    const [newest] = await checkpoints(engine, dbPath);
    const original = await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId: newest!.checkpointId });
    const messages = original.values.messages as Array<{ id: string; type: string; content: string }>;
    expect(messages.map((message) => message.content)).toEqual(["buy milk", "noted: buy milk"]);

    const { checkpointId } = await engine.request("db/updateState", {
      dbPath,
      threadId: "thread-a",
      checkpointId: newest!.checkpointId,
      path: ["messages", 1, "content"],
      value: "noted: buy oat milk",
    });
    const forked = (await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId })).values.messages as typeof messages;
    expect(forked.map((message) => [message.id, message.type, message.content])).toEqual([
      [messages[0]!.id, "human", "buy milk"],
      [messages[1]!.id, "ai", "noted: buy oat milk"],
    ]);
  });

  it("refuses bad input with errors naming the checkpoint, path or value, and writes nothing", async () => {
    const dbPath = await recordedDb();
    const { engine } = startDbEngine();
    await engine.request("db/open", { configFile, dbPath });
    const before = await checkpoints(engine, dbPath);
    const newest = before[0]!.checkpointId;
    const detailBefore = await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId: newest });
    const edit = (params: Record<string, unknown>) =>
      engine
        .request("db/updateState", { dbPath, threadId: "thread-a", checkpointId: newest, path: ["note"], value: "x", ...params } as never)
        .catch((error: unknown) => error);

    expect(await edit({ checkpointId: "no-such-checkpoint" })).toMatchObject({
      code: "checkpointNotFound",
      message: expect.stringContaining("no-such-checkpoint"),
    });
    expect(await edit({ threadId: "no-such-thread" })).toMatchObject({ code: "checkpointNotFound", message: expect.stringContaining("no-such-thread") });
    expect(await edit({ path: ["nope"] })).toMatchObject({
      code: "invalidInput",
      message: expect.stringMatching(/no channel "nope" \(its channels: .*messages.*note/),
    });
    expect(await edit({ path: ["messages", 7, "content"] })).toMatchObject({ code: "invalidInput", message: expect.stringContaining("messages[7].content") });
    // The messages reducer cannot make a message of 42.
    expect(await edit({ path: ["messages", 1], value: 42 })).toMatchObject({
      code: "invalidInput",
      message: expect.stringMatching(new RegExp(`refused 42 as the new value of messages\\[1\\] at checkpoint ${newest}: .*Nothing was written`)),
    });
    expect(await edit({ path: "note" })).toMatchObject({ code: "invalidInput", message: expect.stringContaining("path must name a State value") });
    expect(await edit({ path: [] })).toMatchObject({ code: "invalidInput" });
    expect(await edit({ value: undefined })).toMatchObject({ code: "invalidInput", message: expect.stringContaining("missing") });
    expect(await edit({ checkpointId: "" })).toMatchObject({ code: "invalidInput", message: expect.stringContaining("checkpointId") });

    // Nothing was written: no checkpoint, and no pending write left on the source checkpoint.
    expect(await checkpoints(engine, dbPath)).toEqual(before);
    expect((await engine.request("db/checkpoint", { dbPath, threadId: "thread-a", checkpointId: newest })).pendingWrites).toEqual(detailBefore.pendingWrites);
    // And the database still works.
    const { checkpointId } = await engine.request("db/updateState", { dbPath, threadId: "thread-a", checkpointId: newest, path: ["note"], value: "fine" });
    expect((await checkpoints(engine, dbPath))[0]!.checkpointId).toBe(checkpointId);
  });

  it("uses the graph the checkpoints name, and the graphId asked for where they name none", async () => {
    const dbPath = await recordedDb();
    // As an older version, or the user's own app, wrote them: no graph_id in their metadata.
    writeFileSync(
      dbPath,
      JSON.stringify(
        JSON.parse(readFileSync(dbPath, "utf8"), (key, value) => (key === "graph_id" ? undefined : value)),
        null,
        2,
      ),
    );
    const { engine } = startDbEngine();
    await engine.request("db/open", { configFile, dbPath });
    const [newest] = await checkpoints(engine, dbPath);
    const edit = (graphId: string) =>
      engine.request("db/updateState", { dbPath, threadId: "thread-a", checkpointId: newest!.checkpointId, path: ["note"], value: "x", graphId });

    await expect(edit("elsewhere")).rejects.toMatchObject({ code: "graphNotFound", message: expect.stringContaining("elsewhere") });
    const { checkpointId } = await edit("notes");
    // From then on the thread names its graph, and graphId is not needed.
    expect((await engine.request("db/threads", { dbPath })).threads[0]).toMatchObject({ threadId: "thread-a", graphId: "notes" });
    await expect(
      engine.request("db/updateState", { dbPath, threadId: "thread-a", checkpointId, path: ["note"], value: "y", graphId: "elsewhere" }),
    ).resolves.toMatchObject({
      checkpointId: expect.any(String),
    });
  });

  it("is refused where the workspace is not trusted", async () => {
    const dbPath = await recordedDb();
    const untrusted = startDbEngine(true).engine;
    await untrusted.request("db/open", { configFile, dbPath });
    const [newest] = await checkpoints(untrusted, dbPath);
    const params = { dbPath, threadId: "thread-a", checkpointId: newest!.checkpointId, path: ["note"], value: "x" };
    await expect(untrusted.request("db/updateState", params)).rejects.toMatchObject({ code: "untrusted", message: expect.stringContaining("Restricted Mode") });
    await untrusted.dispose();

    // A trusted engine for a window that says it is not trusted: the database is read-only.
    const { engine } = startDbEngine();
    await engine.request("db/open", { configFile, dbPath, trusted: false });
    await expect(engine.request("db/updateState", params)).rejects.toMatchObject({ code: "notEditable", message: expect.stringContaining("not trusted") });
    expect(await checkpoints(engine, dbPath)).toHaveLength(4);
  });
});
