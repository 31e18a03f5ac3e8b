// Time travel over DAP: restartFrame moves to a past checkpoint, continuing from there forks the
// thread (LangGraph replay) without losing history, reverseContinue goes back to the last stop.

import { afterAll, afterEach, describe, expect, it } from "vitest";
import { evaluate, frames, launch, playground, removeTempDirs, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

describe("time travel", () => {
  it("travels to a past checkpoint, forks from it, and reverse-continues to the previous stop", async () => {
    session = await startAdapter();
    const { dc } = session;
    const entry = dc.waitForEvent("stopped");
    await launch(
      dc,
      { cwd: playground, graph: "playground", db: tempDb(), stopOnEntry: true, input: { topic: "time travel", requiredDrafts: 2 } },
      { functionBreakpoints: [{ name: "polish" }] },
    );
    await entry;
    for (let step = 0; step < 3; step++) await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    let stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 3 · write_draft");

    const target = stack.find((frame) => frame.name === "step 1 · write_draft")!;
    const travelled = await stopAfter(dc, () => dc.restartFrameRequest({ frameId: target.id }));
    expect(travelled.body.reason).toBe("goto");
    stack = await frames(dc);
    expect(stack.map((frame) => frame.name)).toEqual(["step 1 · write_draft", "step 0 · __start__", "step -1 · input"]);
    expect(await evaluate(dc, "revision", stack[0]!.id)).toBe("1");

    // Continue from the past: LangGraph replays from here on a new branch, up to the breakpoint.
    const atPolish = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(atPolish.body.reason).toBe("function breakpoint");
    stack = await frames(dc);
    expect(stack.map((frame) => frame.name)).toEqual([
      "step 5 · review",
      "step 4 · write_draft",
      "step 3 · review",
      "step 2 · write_draft (fork)",
      "step 1 · write_draft",
      "step 0 · __start__",
      "step -1 · input",
    ]);

    // Back to the previous stop on this lineage: where we travelled to.
    const back = await stopAfter(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect(back.body.reason).toBe("step");
    expect((await frames(dc))[0]!.name).toBe("step 1 · write_draft");
  });
});
