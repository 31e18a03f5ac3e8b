// db/copyThread on the real engine process (dist/engine.js): a thread a session wrote into one
// workspace database is copied into another, both opened with db/open as the views open them.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import { dbFixture, disposeDbEngines, startDbEngine } from "./dbEngine";

const configFile = join(dbFixture, "langgraph.json");
const dir = mkdtempSync(join(tmpdir(), "langgraph-copy-"));
afterEach(disposeDbEngines);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("copies a thread and its items into another opened database; refuses what it may not do", async () => {
  const { engine, stops } = startDbEngine();
  const from = join(dir, "production.json");
  const to = join(dir, "db.json");
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath: from, threadId: "thread-a" });
  await engine.request("session/run", { sessionId, input: { note: "buy milk" } });
  await expect.poll(() => stops.find((stop) => stop.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("interrupt");
  await engine.request("db/open", { configFile, dbPath: from });

  // The target must be open as the views open it.
  await expect(engine.request("db/copyThread", { dbPath: from, threadId: "thread-a", toDbPath: to })).rejects.toMatchObject({ code: "dbNotOpen" });
  await engine.request("db/open", { configFile, dbPath: to });
  await expect(engine.request("db/copyThread", { dbPath: from, threadId: "thread-a", toDbPath: to, labels: "user-1" as never })).rejects.toMatchObject({
    code: "invalidInput",
    message: expect.stringContaining("labels"),
  });

  const copied = await engine.request("db/copyThread", { dbPath: from, threadId: "thread-a", toDbPath: to, labels: ["user-1"] });
  expect(copied).toMatchObject({ threadId: "thread-a", dbPath: to, checkpoints: 4, items: 1, labels: ["thread-a", "user-1"] });
  const original = await engine.request("db/checkpoints", { dbPath: from, threadId: "thread-a" });
  expect(await engine.request("db/checkpoints", { dbPath: to, threadId: "thread-a" })).toEqual(original);
  expect((await engine.request("db/items", { dbPath: to, namespace: ["notes", "user-1"] })).items.map((item) => item.value)).toEqual([{ text: "buy milk" }]);

  await expect(engine.request("db/copyThread", { dbPath: from, threadId: "thread-a", toDbPath: to })).rejects.toMatchObject({
    code: "conflict",
    message: expect.stringContaining(`${to} already has a thread "thread-a"`),
  });
  // A window that does not trust the workspace may not write into it.
  await engine.request("db/open", { configFile, dbPath: to, trusted: false });
  await expect(engine.request("db/copyThread", { dbPath: from, threadId: "thread-a", toDbPath: to, newThreadId: "copy" })).rejects.toMatchObject({
    code: "notEditable",
    message: expect.stringContaining("not trusted"),
  });
});
