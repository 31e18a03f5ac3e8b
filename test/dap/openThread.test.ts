// Inspect before you run: a launch on a thread that has checkpoints and no input opens it where
// it stands (or at `checkpointId`), writes nothing and runs nothing until the user moves; and
// at a node error, Continue ends the run while Retry Node runs the node again.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { frames, launch, memoryAgent, playground, removeTempDirs, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

/** Every file of the database's folder, byte for byte. */
function filesOf(db: string): Record<string, string> {
  const folder = dirname(db);
  return Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name)).toString("base64")]));
}

async function runAgentToEnd(db: string, threadId: string): Promise<void> {
  const run = await startAdapter();
  const ended = run.dc.waitForEvent("terminated");
  await launch(run.dc, {
    cwd: memoryAgent,
    graph: "agent",
    db,
    threadId,
    context: { userId: "1" },
    input: { messages: [{ role: "user", content: "Hi! Remember: I like tea" }] },
  });
  await ended;
  await run.dc.stop();
}

describe("opening a thread without input", () => {
  it("stops at the newest checkpoint of a finished thread, writes nothing, and Continue ends without running a node", async () => {
    const db = tempDb();
    await runAgentToEnd(db, "yesterday");
    const before = filesOf(db);

    session = await startAdapter();
    const { dc } = session;
    const stopped = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(dc, { cwd: memoryAgent, graph: "agent", db, threadId: "yesterday", context: { userId: "1" } });
    const event = await stopped;
    expect(event.body.reason).toBe("entry");
    expect(event.body.description).toContain('Opened thread "yesterday" where it stands, step 1 · call_model, the end, without running anything.');
    const stack = await frames(dc);
    expect(stack.map((frame) => frame.name)).toEqual(["step 1 · call_model", "step 0 · __start__", "step -1 · input"]);

    const terminated = dc.waitForEvent("terminated");
    await dc.continueRequest({ threadId: 1 });
    await terminated;
    await dc.stop();
    session = undefined;
    expect(filesOf(db)).toEqual(before);
  });

  it("opens at the checkpoint a launch names, and stepping from there forks", async () => {
    const db = tempDb();
    await runAgentToEnd(db, "t");
    session = await startAdapter();
    const { dc } = session;
    const first = dc.waitForEvent("stopped");
    await launch(dc, { cwd: memoryAgent, graph: "agent", db, threadId: "t", context: { userId: "1" } });
    await first;
    const input = (await frames(dc)).find((frame) => frame.name === "step 0 · __start__")!;
    await stopAfter(dc, () => dc.restartFrameRequest({ frameId: input.id }));
    const { checkpointId } = (await dc.customRequest("langgraph/position")).body as { checkpointId: string };
    await dc.stop();

    session = await startAdapter();
    const stopped = session.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(session.dc, { cwd: memoryAgent, graph: "agent", db, threadId: "t", context: { userId: "1" }, checkpointId });
    const event = await stopped;
    expect(event.body.description).toContain('Opened thread "t" at step 0 · __start__, next: call_model, without running anything.');
    const step = await stopAfter(session.dc, () => session!.dc.nextRequest({ threadId: 1 }));
    expect(step.body.reason).toBe("end");
    // The step ran call_model again from step 0: LangGraph's replay wrote a fork beside the original step 1.
    expect((await frames(session.dc)).map((frame) => frame.name)).toEqual([
      "step 2 · call_model",
      "step 1 · __start__ (fork)",
      "step 0 · __start__",
      "step -1 · input",
    ]);
  });

  it("says so when the thread waits at an interrupt(), and resumes it", async () => {
    const db = tempDb();
    const input = { topic: "time travel", requiredDrafts: 1 };
    const first = await startAdapter();
    const ended = first.dc.waitForEvent("terminated");
    await launch(first.dc, { cwd: playground, graph: "playground", db, threadId: "waiting", input }, { exceptionFilters: ["nodeErrors"] });
    await ended;
    await first.dc.stop();

    session = await startAdapter();
    const stopped = session.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(session.dc, { cwd: playground, graph: "playground", db, threadId: "waiting" });
    const event = await stopped;
    expect(event.body.reason).toBe("interrupt");
    expect(event.body.description).toContain('Opened thread "waiting" where it stands');
    expect(event.body.description).toContain('Node "ask_human" waits at interrupt() for a human: answer with `resume <value>`');
    const next = session.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await session.dc.evaluateRequest({ expression: 'resume "A title"', context: "repl" });
    expect((await next).body.reason).not.toBe("interrupt");
  });

  it("refuses checkpointId without threadId, and with input", async () => {
    for (const [args, message] of [
      [{ checkpointId: "x" }, '"checkpointId" needs "threadId"'],
      [{ checkpointId: "x", threadId: "t", input: {} }, '"checkpointId" opens a thread without running it: leave out "input"'],
    ] as const) {
      session = await startAdapter();
      await expect(session.dc.launch({ type: "langgraph", request: "launch", cwd: memoryAgent, graph: "agent", db: tempDb(), ...args })).rejects.toThrow(
        message,
      );
      await session.dc.stop();
      session = undefined;
    }
  });
});

describe("after a node error", () => {
  async function stopAtError(): Promise<Session> {
    const opened = await startAdapter();
    const stopped = opened.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(opened.dc, { cwd: playground, graph: "failing", db: tempDb() });
    expect((await stopped).body.reason).toBe("exception");
    return opened;
  }

  it("Continue ends the run with the error in one step, running nothing again", async () => {
    session = await stopAtError();
    const { dc } = session;
    const terminated = dc.waitForEvent("terminated");
    let stops = 0;
    dc.on("stopped", () => stops++);
    await dc.continueRequest({ threadId: 1 });
    await terminated;
    expect(stops).toBe(0);
    expect(session.output.join("").match(/explode failed on purpose/g)?.length).toBe(2);
  });

  it("Retry Node runs the failed node again: Restart Frame on the top frame, or `retry` in the Debug Console", async () => {
    session = await stopAtError();
    const { dc } = session;
    const [top] = await frames(dc);
    const again = await stopAfter(dc, () => dc.restartFrameRequest({ frameId: top!.id }));
    expect(again.body.reason).toBe("exception");
    expect(again.body.description).toContain("explode failed on purpose");
    const thrice = await stopAfter(dc, () => dc.evaluateRequest({ expression: "retry", context: "repl" }));
    expect(thrice.body.reason).toBe("exception");
    expect(session.output.join("").match(/Node "explode" threw/g)?.length).toBe(3);
  });

  it("refuses Retry Node where no node failed", async () => {
    const db = tempDb();
    session = await startAdapter();
    const stopped = session.dc.waitForEvent("stopped");
    await launch(session.dc, { cwd: playground, graph: "playground", db, stopOnEntry: true, input: { topic: "x", requiredDrafts: 1 } });
    await stopped;
    await expect(session.dc.evaluateRequest({ expression: "retry", context: "repl" })).rejects.toThrow(
      "is not stopped at a node error, so there is no node to retry",
    );
  });
});
