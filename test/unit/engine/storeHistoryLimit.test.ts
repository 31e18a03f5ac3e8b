// The store history limit (langgraph.storeHistory) on the real engine process: db/open and
// session/open pass it to the workspace database, a changed limit reopens the file, but not
// under a running debug session, and a wrong value is refused with a message naming it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engineClient/engineClient";
import { dbFixture, disposeDbEngines, startDbEngine } from "./dbEngine";

const configFile = join(dbFixture, "langgraph.json");
const dirs: string[] = [];
const namespace = ["notes", "limits"];

afterEach(disposeDbEngines);
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "langgraph-history-"));
  dirs.push(dir);
  return join(dir, "db.json");
}

/** Puts `{ n }` for each n, one after the other, then lists the versions' values, newest first. */
async function putAndList(engine: EngineClient, dbPath: string, key: string, values: number[]): Promise<unknown[]> {
  for (const n of values) await engine.request("db/putItem", { dbPath, namespace, key, value: { n } });
  const { versions } = await engine.request("db/storeHistory", { dbPath, namespace, key });
  return versions.map((version) => version.value);
}

it("keeps as many versions per item as db/open asks, and reopens the file for a new limit", async () => {
  const { engine } = startDbEngine();
  const dbPath = tempDbPath();
  await engine.request("db/open", { configFile, dbPath, storeHistory: 2 });
  expect(await putAndList(engine, dbPath, "k", [1, 2, 3, 4])).toEqual([{ n: 4 }, { n: 3 }]);

  await engine.request("db/open", { configFile, dbPath, storeHistory: 3 });
  expect(await putAndList(engine, dbPath, "k", [5, 6])).toEqual([{ n: 6 }, { n: 5 }, { n: 4 }]);

  await engine.request("db/open", { configFile, dbPath, storeHistory: 1 });
  expect(await putAndList(engine, dbPath, "k", [7])).toEqual([{ n: 7 }]);
});

it("leaves the limit alone while a debug session holds the database, and applies it when the session ends", async () => {
  const { engine } = startDbEngine();
  const dbPath = tempDbPath();
  await engine.request("db/open", { configFile, dbPath, storeHistory: 2 });
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId: "t-1" });

  await engine.request("db/open", { configFile, dbPath, storeHistory: 4 });
  expect(await putAndList(engine, dbPath, "k", [1, 2, 3])).toEqual([{ n: 3 }, { n: 2 }]);

  await engine.request("session/close", { sessionId });
  expect(await putAndList(engine, dbPath, "k", [4, 5, 6])).toEqual([{ n: 6 }, { n: 5 }, { n: 4 }, { n: 3 }]);
});

it("a session opening the file first opens it with its own limit", async () => {
  const { engine } = startDbEngine();
  const dbPath = tempDbPath();
  await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId: "t-1", storeHistory: 1 });
  await engine.request("db/open", { configFile, dbPath });
  expect(await putAndList(engine, dbPath, "k", [1, 2])).toEqual([{ n: 2 }]);
});

it("refuses a limit that is not a whole number of 0 or more, naming storeHistory and the value", async () => {
  const { engine } = startDbEngine();
  const dbPath = tempDbPath();
  for (const bad of [-1, 2.5, "x"]) {
    const storeHistory = bad as number;
    await expect(engine.request("db/open", { configFile, dbPath, storeHistory })).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining(`storeHistory must be a whole number of versions kept per store item (0 keeps none), got ${JSON.stringify(bad)}`),
    });
    await expect(engine.request("session/open", { configFile, graphId: "notes", dbPath, storeHistory })).rejects.toMatchObject({ code: "invalidInput" });
  }
  // Nothing was opened by the refusals: a good open still works.
  await engine.request("db/open", { configFile, dbPath, storeHistory: 1 });
  expect(await putAndList(engine, dbPath, "k", [1, 2])).toEqual([{ n: 2 }]);
});
