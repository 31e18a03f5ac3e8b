// User code that fails where no node awaits it: a throw from a timer, a promise left rejected.
// The run it belongs to stops as a node error with the stack; the engine (shared, as in VS
// Code) stays up and serves the next session.

import { join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { evaluate, frames, launch, processAlive, removeTempDirs, sessionPool, stopAfter, tempDb } from "./helpers";

const fixture = join(__dirname, "fixtures", "stray");

const pool = sessionPool();
const shared = () => pool.shared();
afterEach(() => pool.release());
afterAll(removeTempDirs);

describe("errors user code throws outside a node's own call", () => {
  it.each([
    ["timer", "late failure from a timer"],
    ["rejection", "forgotten rejection"],
  ])("%s: the run stops with the error and its stack; the engine serves the next session", async (graph, message) => {
    const { engine, connect } = await shared();
    const db = tempDb();
    const first = await connect();
    const stopped = first.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(first.dc, { cwd: fixture, graph, db });
    const stop = await stopped;
    expect(stop.body.reason).toBe("exception");
    expect(stop.body.description).toContain(
      `threw outside a node's own call (from a timer or a promise nobody awaited) while the run was at step 0 · __start__, next: ${graph === "timer" ? "schedule_throw" : "forget_rejection"}`,
    );
    expect(stop.body.description).toContain(message);
    const info = await first.dc.exceptionInfoRequest({ threadId: 1 });
    expect(info.body.details?.stackTrace).toMatch(/strays\.ts:\d+/);

    const pid = engine.pids[0]!;
    expect(processAlive(pid)).toBe(true);
    // The stopped session still answers.
    const [top] = await frames(first.dc);
    expect(await evaluate(first.dc, "1 + 1", top!.id)).toBe("2");

    const second = await connect();
    const entry = second.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(second.dc, { cwd: fixture, graph: "fine", db, stopOnEntry: true });
    expect((await entry).body.reason).toBe("entry");
    const end = await stopAfter(second.dc, () => second.dc.nextRequest({ threadId: 1 }));
    const [after] = await frames(second.dc);
    expect(end.body.reason).toBe("end");
    expect(await evaluate(second.dc, "count", after!.id)).toBe("1");
    expect(engine.pids).toEqual([pid]);
  });

  it("fails only the session whose node left the timer, while another session of the engine runs", async () => {
    const { connect } = await shared();
    const db = tempDb();
    const waiting = await connect();
    await launch(waiting.dc, { cwd: fixture, graph: "waits", db, threadId: "waits" });
    await expect.poll(() => waiting.output.join(""), { timeout: 20_000 }).toContain("wait_turn: waiting");
    // Whichever comes first: the run ends (its node was let go) or it stops (failed with the other's error).
    const waitingEnds = Promise.race([
      waiting.dc.waitForEvent("terminated").then(() => "terminated"),
      waiting.dc.waitForEvent("stopped").then((event) => `stopped: ${event.body.description}`),
    ]);

    const failing = await connect();
    const stopped = failing.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(failing.dc, { cwd: fixture, graph: "releases", db, threadId: "releases" });
    expect((await stopped).body.description).toContain("late failure of the other session");
    expect(await waitingEnds).toBe("terminated");
    expect(waiting.output.join("")).not.toContain("late failure");
  });
});
