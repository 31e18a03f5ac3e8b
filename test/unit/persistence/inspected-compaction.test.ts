// A process under the Node.js inspector (the engine with debugUserCode) starts no compaction
// worker thread: a JavaScript debugger attached to it would list the worker in its Call Stack
// beside the user's code. The database then compacts on its own thread. What a debugger sees
// is read the way js-debug reads it, through the inspector's NodeWorker domain.

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDbPath } from "./helpers";

const bundle = path.join(__dirname, "..", "..", "..", "dist", "persistence.cjs");
afterAll(removeTempDirs);

/** Runs a put and a background compaction in a new Node process; returns the worker threads a debugger would see and what db.json holds. */
function compactIn(execArgv: string[]): { workers: string[]; stored: boolean } {
  const file = tempDbPath();
  const script = `
    const inspector = require("node:inspector");
    const fs = require("node:fs");
    const session = new inspector.Session();
    session.connect();
    const workers = [];
    session.on("NodeWorker.attachedToWorker", ({ params }) => workers.push(params.workerInfo.title));
    session.post("NodeWorker.enable", { waitForDebuggerOnStart: false }, async () => {
      const { openWorkspaceDb } = require(${JSON.stringify(bundle)});
      const db = await openWorkspaceDb({ path: ${JSON.stringify(file)}, idleCompactionMs: 60000 });
      await db.store.put(["memories"], "k", { text: "compacted" });
      await db.compactInBackground();
      const stored = fs.readFileSync(${JSON.stringify(file)}, "utf8").includes("compacted");
      await db.close();
      session.disconnect();
      process.stdout.write(JSON.stringify({ workers, stored }));
    });`;
  const output = execFileSync(process.execPath, [...execArgv, "-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return JSON.parse(output) as { workers: string[]; stored: boolean };
}

describe("compaction under the Node.js inspector", () => {
  it("folds in a worker thread a debugger can see when the process is not inspected", () => {
    const { workers, stored } = compactIn([]);
    expect(stored).toBe(true);
    expect(workers.some((title) => title.includes("compaction"))).toBe(true);
  });

  it("starts no worker thread when the process runs under the inspector, and still compacts", () => {
    const { workers, stored } = compactIn(["--inspect=127.0.0.1:0"]);
    expect(stored).toBe(true);
    expect(workers).toEqual([]);
  });
});
