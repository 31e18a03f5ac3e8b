// The debug-playground graph over DAP: stepping through its loop, node breakpoints before and
// after with conditions and hit counts, the polish subgraph as one superstep, and answering
// ask_human's interrupt() from the Debug Console.

import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  children,
  launchPlayground,
  evaluate,
  frames,
  named,
  playground,
  removeTempDirs,
  scope,
  startAdapter,
  stopAfter,
  tempDb,
  type Session,
} from "./helpers";
import type { LaunchOptions } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

async function start(args: Record<string, unknown>, options?: LaunchOptions) {
  const launched = await launchPlayground(args, options);
  session = launched.session;
  return { dc: session.dc, stopped: launched.stopped };
}

describe("playground: stepping", () => {
  it("stops on entry and runs one superstep per Step Over, around the loop and over the subgraph", async () => {
    const { dc, stopped } = await start({ stopOnEntry: true });
    expect(stopped.body.reason).toBe("entry");
    const seen = [(await frames(dc))[0]!.name];
    for (let step = 0; step < 5; step++) {
      const next = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
      expect(next.body.reason).toBe("step");
      seen.push((await frames(dc))[0]!.name);
    }
    // Each checkpoint is named by the node(s) whose writes made it, not by the node that runs next.
    expect(seen).toEqual(["step 0 · __start__", "step 1 · write_draft", "step 2 · review", "step 3 · write_draft", "step 4 · review", "step 5 · polish"]);

    // The subgraph ran as one superstep of the parent: its writes are those of `polish`.
    const [top] = await frames(dc);
    const writes = await scope(dc, top!.id, "Writes");
    const polish = await children(dc, named(writes, "polish"));
    expect(named(polish, "edits").value).toBe('(2) ["tidy", "format"]');
    expect(await evaluate(dc, "draft", top!.id)).toBe('"Time travel (draft 2)."');
    // The frame about to run polish points at the subgraph's source.
    const polishFrame = (await frames(dc))[1]!;
    expect(polishFrame.name).toBe("step 4 · review");
    expect(polishFrame.source?.path).toMatch(/polish\.ts$/);
  });
});

describe("playground: node breakpoints", () => {
  it("stops before a node only when its condition holds", async () => {
    const { dc, stopped } = await start({}, { functionBreakpoints: [{ name: "review", condition: "revision >= 2" }] });
    expect(stopped.body.reason).toBe("function breakpoint");
    expect(stopped.body.hitBreakpointIds).toEqual([1]);
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 3 · write_draft");
    expect(await evaluate(dc, "revision", top!.id)).toBe("2");
  });

  it("stops after a node on the hit the hit count names", async () => {
    const { dc, stopped } = await start({}, { functionBreakpoints: [{ name: "after:write_draft", hitCondition: "2" }] });
    expect(stopped.body.reason).toBe("function breakpoint");
    const [top] = await frames(dc);
    // After the second write_draft: its writes are applied and review is next.
    expect(top!.name).toBe("step 3 · write_draft");
    expect(named(await scope(dc, top!.id, "Writes"), "write_draft").value).toContain("draft 2");
  });

  it("reports breakpoints on unknown nodes as unverified, with the graph's nodes", async () => {
    session = await startAdapter();
    const { dc } = session;
    let states: Array<{ verified: boolean; message?: string }> = [];
    const terminated = dc.waitForEvent("terminated");
    const configured = dc.waitForEvent("initialized").then(async () => {
      states = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: "reveiw" }, { name: "after:publish" }] })).body.breakpoints;
      await dc.setExceptionBreakpointsRequest({ filters: [] });
      await dc.configurationDoneRequest();
    });
    await Promise.all([dc.launch({ type: "langgraph", request: "launch", cwd: playground, graph: "playground", db: tempDb() }), configured]);
    expect(states[0]).toMatchObject({ verified: false, message: expect.stringContaining('no node "reveiw"') });
    expect(states[0]!.message).toContain("write_draft, review, polish, ask_human, publish");
    expect(states[1]).toMatchObject({ verified: true });
    // With the "interrupts" filter off the run ends at ask_human's interrupt() and says so.
    await terminated;
    expect(session.output.join("")).toContain('Node "ask_human" called interrupt()');
  });
});

describe("playground: interrupt and resume", () => {
  it("stops at interrupt(), resumes with a value from the Debug Console, and stops at the end", async () => {
    const { dc, stopped } = await start({ input: { topic: "time travel", requiredDrafts: 1 } });
    expect(stopped.body.reason).toBe("interrupt");
    expect(stopped.body.description).toContain('Node "ask_human" called interrupt()');
    expect(session!.output.join("")).toContain("What title should the post have?");
    const [top] = await frames(dc);
    const next = await scope(dc, top!.id, "Next");
    expect(named(next, "ask_human").value).toContain("interrupts");

    // Continue alone cannot go on: the node needs an answer.
    await expect(dc.continueRequest({ threadId: 1 })).rejects.toThrow(/waiting at interrupt\(\).*resume/);

    const end = await stopAfter(dc, () => dc.evaluateRequest({ expression: 'resume "My title"', context: "repl" }));
    expect(end.body.reason).toBe("end");
    const [last] = await frames(dc);
    expect(await evaluate(dc, "published", last!.id)).toBe(JSON.stringify("# My title\n\nTime travel (draft 1)."));

    // Continue at the end finishes the session.
    const terminated = dc.waitForEvent("terminated");
    await dc.continueRequest({ threadId: 1 });
    await terminated;
  });
});
