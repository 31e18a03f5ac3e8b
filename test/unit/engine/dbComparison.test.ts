// db/comparisonSide on the real engine process (dist/engine.js) and a real workspace database:
// each side names its checkpoint, the path of nodes run to it (a fork's path runs through its
// origin), its state, and the store as it was at that checkpoint, not as it is now.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engineClient/engineClient";
import type { SessionStop } from "../../../src/protocol/engine";
import { dbFixture, disposeDbEngines, startDbEngine } from "./dbEngine";

const configFile = join(dbFixture, "langgraph.json");
const dirs: string[] = [];

/** Runs the notes graph on a thread until its interrupt, then closes the session. */
async function runNotes(engine: EngineClient, stops: SessionStop[], dbPath: string, threadId: string, note: string): Promise<void> {
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId });
  const before = stops.length;
  await engine.request("session/run", { sessionId, input: { note } });
  await expect.poll(() => stops.slice(before).find((stop) => stop.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("interrupt");
  await engine.request("session/close", { sessionId });
}

afterEach(disposeDbEngines);
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("db/comparisonSide", () => {
  it("names the path of nodes, the state and the store as of the checkpoint", async () => {
    const { engine, stops } = startDbEngine();
    const dir = mkdtempSync(join(tmpdir(), "langgraph-compare-"));
    dirs.push(dir);
    const dbPath = join(dir, "db.json");
    // Both runs' `remember` put the same store key: thread-b's note replaces thread-a's.
    await runNotes(engine, stops, dbPath, "thread-a", "buy milk");
    await runNotes(engine, stops, dbPath, "thread-b", "call mom");
    await engine.request("db/open", { configFile, dbPath });
    const newestOf = async (threadId: string) => (await engine.request("db/checkpoints", { dbPath, threadId, limit: 1 })).checkpoints[0]!;

    const a = await newestOf("thread-a");
    const { text } = await engine.request("db/comparisonSide", { dbPath, threadId: "thread-a", checkpointId: a.checkpointId });
    const [heading, , pathTitle, ...rest] = text.split("\n");
    expect(heading).toBe(`thread thread-a · step 2 · tag, reply · checkpoint ${a.checkpointId.slice(-8)}`);
    expect(pathTitle).toBe("Path: 4 steps from the thread's first checkpoint");
    expect(rest.slice(0, 4)).toEqual(["  step -1 · input", "  step 0 · __start__", "  step 1 · remember", "  step 2 · tag, reply"]);
    // Channels in name order, so two sides line up.
    expect(text).toContain('\nState\n  {\n    "confirmed": "",\n    "messages": [');
    expect(text).toContain('"tags": [\n      "BUY",\n      "MILK"\n    ]');
    // As of thread-a's checkpoint the store held thread-a's note, though thread-b replaced it since.
    expect(text).toMatch(/\nStore as of this checkpoint \(\d{4}-\d\d-\d\dT[^)]+\)\n {2}notes\/user-1\n {4}note-0: \{"text":"buy milk"\}\n$/);

    const b = await newestOf("thread-b");
    const other = (await engine.request("db/comparisonSide", { dbPath, threadId: "thread-b", checkpointId: b.checkpointId })).text;
    expect(other).toContain('    note-0: {"text":"call mom"}');

    // A fork's path runs from the thread's first checkpoint through the checkpoint it branched from.
    const mid = (await engine.request("db/checkpoints", { dbPath, threadId: "thread-a" })).checkpoints.find((checkpoint) => checkpoint.step === 1)!;
    const { checkpointId: forked } = await engine.request("db/updateState", {
      dbPath,
      threadId: "thread-a",
      checkpointId: mid.checkpointId,
      path: ["note"],
      value: "buy bread",
    });
    const fork = (await engine.request("db/comparisonSide", { dbPath, threadId: "thread-a", checkpointId: forked })).text;
    expect(fork.split("\n").slice(2, 7)).toEqual([
      "Path: 4 steps from the thread's first checkpoint",
      "  step -1 · input",
      "  step 0 · __start__",
      "  step 1 · remember",
      "  step 2 · remember (edited)",
    ]);
    expect(fork).toContain('"note": "buy bread"');
  });

  it("says which checkpoint is missing", async () => {
    const { engine, stops } = startDbEngine();
    const dir = mkdtempSync(join(tmpdir(), "langgraph-compare-"));
    dirs.push(dir);
    const dbPath = join(dir, "db.json");
    await runNotes(engine, stops, dbPath, "thread-a", "buy milk");
    await engine.request("db/open", { configFile, dbPath });
    await expect(engine.request("db/comparisonSide", { dbPath, threadId: "thread-a", checkpointId: "nope" })).rejects.toThrow(/nope/);
  });
});
