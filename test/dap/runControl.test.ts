// Pause while a node is still running (the stop comes at the next superstep boundary) and Stop
// on a node that never returns (the engine is killed). Fixture graphs in fixtures/slow.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { frames, launch, processAlive, removeTempDirs, startAdapter, tempDb, type Session } from "./helpers";

const fixture = join(__dirname, "fixtures", "slow");
/** How long to wait for the engine to get there: a limit for a hang, not a timing assertion. */
const LIMIT = { timeout: 20_000 };
let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

describe("run control", () => {
  it("pauses at the next superstep boundary when Pause comes while a node runs", async () => {
    session = await startAdapter();
    const { dc, output } = session;
    const db = tempDb();
    const gate = join(db, "..", "gate");
    await launch(dc, { cwd: fixture, graph: "gated", db, env: { GATE_FILE: gate } });
    await expect.poll(() => output.join(""), LIMIT).toContain("wait_for_gate: waiting for the gate");
    await dc.pauseRequest({ threadId: 1 });
    const stopped = dc.waitForEvent("stopped");
    writeFileSync(gate, "open");
    const event = await stopped;
    expect(event.body.reason).toBe("pause");
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 1 · wait_for_gate");
  });

  it("kills the engine on Stop when a node never returns", async () => {
    session = await startAdapter();
    const { dc, output } = session;
    await launch(dc, { cwd: fixture, graph: "hangs", db: tempDb() });
    await expect.poll(() => output.join(""), LIMIT).toContain("never_returns: started");
    const pidLine = output.join("").match(/engine pid (\d+)/);
    expect(pidLine).not.toBeNull();
    await dc.terminateRequest({});
    await expect.poll(() => processAlive(Number(pidLine![1])), LIMIT).toBe(false);
  });
});
