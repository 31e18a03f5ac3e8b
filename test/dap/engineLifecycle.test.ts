// Where the session's engine comes from and what happens to it. The standalone adapter owns one
// engine per session; inline in VS Code the sessions share the workspace folder's engine (here:
// the adapter in this process on one SharedEngine, over a socket). A shared engine outlives a
// session's Stop unless it no longer answers; a crash ends the session with a message either way.

import { join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { frames, launch, memoryAgent, processAlive, removeTempDirs, sessionPool, startAdapter, stopAfter, tempDb } from "./helpers";

const fixture = join(__dirname, "fixtures", "slow");
/** A limit for a hang, not a timing assertion. */
const LIMIT = { timeout: 20_000 };
const agentLaunch = () => ({ cwd: memoryAgent, graph: "agent", context: { userId: "1" }, input: { messages: [{ role: "user", content: "Hi! I am Bob" }] } });

const pool = sessionPool();
const shared = () => pool.shared();
afterEach(() => pool.release());
afterAll(removeTempDirs);

describe("engine crash", () => {
  it("ends the standalone session with a message when user code ends the engine", async () => {
    const session = await startAdapter();
    pool.track(session);
    const terminated = session.dc.waitForEvent("terminated");
    await launch(session.dc, { cwd: fixture, graph: "crashes", db: tempDb() });
    await terminated;
    const output = session.output.join("");
    expect(output).toContain("crash: exiting");
    expect(output).toContain("The LangGraph engine process stopped (exit code 3)");
  });

  it("ends a session on a shared engine the same way, and the next session gets a new engine", async () => {
    const { engine, connect } = await shared();
    const first = await connect();
    const terminated = first.dc.waitForEvent("terminated");
    await launch(first.dc, { cwd: fixture, graph: "crashes", db: tempDb() });
    await terminated;
    expect(first.output.join("")).toContain("The LangGraph engine process stopped (exit code 3)");

    const second = await connect();
    const stopped = second.dc.waitForEvent("stopped");
    await launch(second.dc, { ...agentLaunch(), db: tempDb(), stopOnEntry: true });
    expect((await stopped).body.reason).toBe("entry");
    expect(engine.pids).toHaveLength(2);
    expect(engine.engine!.isRunning).toBe(true);
  });
});

describe("shared engine", () => {
  it("serves two sessions on one database at once; Stop of one leaves the engine to the other", async () => {
    const { engine, connect } = await shared();
    const db = tempDb();
    const first = await connect();
    const second = await connect();
    for (const [session, threadId] of [
      [first, "a"],
      [second, "b"],
    ] as const) {
      const stopped = session.dc.waitForEvent("stopped");
      await launch(session.dc, { ...agentLaunch(), db, threadId }, { functionBreakpoints: [{ name: "call_model" }] });
      expect((await stopped).body.reason).toBe("function breakpoint");
    }
    expect(engine.pids).toHaveLength(1);
    // Both say so in their Debug Console.
    expect(first.output.join("")).toContain(`engine pid ${engine.pids[0]}`);
    expect(second.output.join("")).toContain(`engine pid ${engine.pids[0]}`);

    const terminated = first.dc.waitForEvent("terminated");
    await first.dc.terminateRequest({});
    await terminated;
    expect(engine.engine!.isRunning).toBe(true);
    const [top] = await frames(second.dc);
    expect(top!.name).toBe("step 0 · __start__");
    const end = await stopAfter(second.dc, () => second.dc.continueRequest({ threadId: 1 }));
    expect(end.body.reason).toBe("end");
  });

  it("forwards what user code prints to the Debug Console of the session", async () => {
    const { connect } = await shared();
    const session = await connect();
    await launch(session.dc, { cwd: fixture, graph: "hangs", db: tempDb() });
    await expect.poll(() => session.output.join(""), LIMIT).toContain("never_returns: started");
    // A node that never returns but leaves the engine answering: Stop closes the session only.
    await session.dc.terminateRequest({});
  });

  it("kills the engine on Stop when a node blocks it, and starts a new one on the next launch", async () => {
    const { engine, connect } = await shared();
    const first = await connect();
    await launch(first.dc, { cwd: fixture, graph: "spins", db: tempDb() });
    await expect.poll(() => first.output.join(""), LIMIT).toContain("spin: started");
    const pid = engine.pids[0]!;
    const terminated = first.dc.waitForEvent("terminated");
    await first.dc.terminateRequest({});
    await terminated;
    expect(first.output.join("")).toContain(`The LangGraph engine (pid ${pid}) did not answer within a second`);
    await expect.poll(() => processAlive(pid), LIMIT).toBe(false);

    const second = await connect();
    const stopped = second.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(second.dc, { ...agentLaunch(), db: tempDb(), stopOnEntry: true });
    expect((await stopped).body.reason).toBe("entry");
    expect(engine.pids).toHaveLength(2);
    expect(engine.pids[1]).not.toBe(pid);
  });
});

describe("debugUserCode", () => {
  it("runs the engine under the Node.js inspector and says where a JavaScript debugger can attach", async () => {
    const session = await startAdapter();
    pool.track(session);
    const stopped = session.dc.waitForEvent("stopped");
    await launch(session.dc, { ...agentLaunch(), db: tempDb(), stopOnEntry: true, debugUserCode: true });
    await stopped;
    // The standalone adapter has no way to start a JavaScript debugger: it names the address.
    const address = session.output.join("").match(/attach a JavaScript debugger to 127\.0\.0\.1:(\d+)/);
    expect(address, session.output.join("")).not.toBeNull();
    const targets = (await (await fetch(`http://127.0.0.1:${address![1]}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
    expect(targets[0]).toMatchObject({ type: "node", webSocketDebuggerUrl: expect.stringContaining(`127.0.0.1:${address![1]}`) });
  });

  it("refuses a debugUserCode that is not true or false", async () => {
    const session = await startAdapter();
    pool.track(session);
    await expect(launch(session.dc, { ...agentLaunch(), db: tempDb(), debugUserCode: "yes" })).rejects.toThrow(/debugUserCode.*true or false/);
  });
});
