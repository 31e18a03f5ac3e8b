// The engine outlives no parent: when the process that started it (VS Code's extension host, the
// standalone adapter) dies without a word (SIGKILL: no IPC "disconnect" handshake, no dispose),
// the engine notices and exits by itself, so it releases the workspace database's lock for the
// next window. Each kind of engine: plain, under the Node.js inspector, and one whose node blocks
// the event loop (only a watchdog thread can act then).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { launch, memoryAgent, processAlive, removeTempDirs, startAdapter, tempDb } from "./helpers";

const fixture = join(__dirname, "fixtures", "slow");
/** Generous bounds for a slow machine, not timing assertions. */
const UNTIL_GONE = { timeout: 20_000, interval: 200 };

const engines: number[] = [];
afterAll(() => {
  // An engine a failed test left behind.
  for (const pid of engines.splice(0)) if (processAlive(pid)) process.kill(pid, "SIGKILL");
  removeTempDirs();
});

/** The parent pid of a process, from /proc (Linux). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Launches in the standalone adapter, then kills the adapter (the engine's parent) with SIGKILL. */
async function orphanEngine(args: Record<string, unknown>, ready: (output: string) => boolean): Promise<number> {
  // Not stopped at the end: its adapter is the process this kills.
  const session = await startAdapter();
  await launch(session.dc, { db: tempDb(), ...args });
  await expect.poll(() => ready(session.output.join("")), UNTIL_GONE).toBe(true);
  const enginePid = Number(/engine pid (\d+)/.exec(session.output.join(""))?.[1]);
  expect(enginePid, session.output.join("")).toBeGreaterThan(0);
  engines.push(enginePid);
  const adapterPid = parentOf(enginePid);
  process.kill(adapterPid, "SIGKILL");
  await expect.poll(() => processAlive(adapterPid), UNTIL_GONE).toBe(false);
  return enginePid;
}

describe("an engine whose parent was killed", () => {
  const agent = { cwd: memoryAgent, graph: "agent", context: { userId: "1" }, input: { messages: [{ role: "user", content: "Hi" }] }, stopOnEntry: true };

  it("exits while a session is stopped", async () => {
    const engine = await orphanEngine(agent, (output) => output.includes("engine pid"));
    await expect.poll(() => processAlive(engine), UNTIL_GONE).toBe(false);
  });

  it("exits under the Node.js inspector", async () => {
    const engine = await orphanEngine({ ...agent, debugUserCode: true }, (output) => /attach a JavaScript debugger/.test(output));
    await expect.poll(() => processAlive(engine), UNTIL_GONE).toBe(false);
  });

  it("exits while a node blocks its event loop", async () => {
    const engine = await orphanEngine({ cwd: fixture, graph: "spins" }, (output) => output.includes("spin: started"));
    await expect.poll(() => processAlive(engine), UNTIL_GONE).toBe(false);
  });
});
