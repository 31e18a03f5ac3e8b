// Subgraphs over DAP on the debug-playground: Step Into enters the `polish` subgraph at its
// first superstep boundary, Step Over walks its supersteps, Step Out returns to the parent;
// breakpoints on its inner nodes (`polish:tidy`) stop inside it.

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
  type LaunchOptions,
  type Session,
} from "./helpers";

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

const names = async (dc: Session["dc"]) => (await frames(dc)).map((frame) => frame.name);

describe("subgraphs: step into, over and out", () => {
  it("steps into polish, through its supersteps, and out to the parent", async () => {
    const { dc, stopped } = await start({}, { functionBreakpoints: [{ name: "polish" }] });
    expect(stopped.body.reason).toBe("function breakpoint");
    expect((await names(dc))[0]).toBe("step 4 · review");

    // Step Into: the subgraph's first boundary, before tidy, with the parent frames below it.
    const into = await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
    expect(into.body.reason).toBe("step");
    expect(into.body.description).toContain("step 0 · polish:__start__, next: polish:tidy");
    expect((await names(dc)).slice(0, 4)).toEqual(["step 0 · polish:__start__", "step -1 · polish:input", "step 4 · review", "step 3 · write_draft"]);
    let [top] = await frames(dc);
    expect(top!.source?.path).toMatch(/polish\.ts$/);
    // State is the subgraph's: its own channels only.
    const state = await scope(dc, top!.id, "State");
    expect(state.map((variable) => variable.name).sort()).toEqual(["draft", "edits"]);
    expect(await evaluate(dc, "draft", top!.id)).toBe('"time travel  (draft 2) "');
    expect(named(await scope(dc, top!.id, "Next"), "tidy").value).toContain("input");

    // Step Over inside the subgraph: one of its supersteps.
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    expect((await names(dc))[0]).toBe("step 1 · polish:tidy");
    [top] = await frames(dc);
    expect(await evaluate(dc, "draft", top!.id)).toBe('"time travel (draft 2)"');
    expect(named(await scope(dc, top!.id, "Writes"), "tidy").value).toContain("tidy");

    // Step Out: polish finishes and the parent stops after it.
    const out = await stopAfter(dc, () => dc.stepOutRequest({ threadId: 1 }));
    expect(out.body.reason).toBe("step");
    expect((await names(dc)).slice(0, 2)).toEqual(["step 5 · polish", "step 4 · review"]);
    [top] = await frames(dc);
    expect(await evaluate(dc, "draft", top!.id)).toBe('"Time travel (draft 2)."');
    expect(await evaluate(dc, "edits", top!.id)).toBe('(2) ["tidy", "format"]');
  });

  it("steps over the subgraph's last superstep back into the parent", async () => {
    const { dc } = await start({}, { functionBreakpoints: [{ name: "polish:format" }] });
    expect((await names(dc))[0]).toBe("step 1 · polish:tidy");
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    expect((await names(dc))[0]).toBe("step 5 · polish");
  });

  it("steps into a node that is not a subgraph as Step Over does", async () => {
    const { dc } = await start({ stopOnEntry: true });
    expect((await names(dc))[0]).toBe("step 0 · __start__");
    const step = await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
    expect(step.body.reason).toBe("step");
    expect((await names(dc))[0]).toBe("step 1 · write_draft");
  });

  it("steps back out of the subgraph's first checkpoint to the parent's", async () => {
    const { dc } = await start({}, { functionBreakpoints: [{ name: "polish" }] });
    await stopAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
    await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
    expect((await names(dc))[0]).toBe("step -1 · polish:input");
    await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
    expect((await names(dc))[0]).toBe("step 4 · review");
  });
});

describe("subgraphs: edits and time travel inside", () => {
  it("forks the subgraph's checkpoint with an edit and goes on from it", async () => {
    const { dc } = await start({}, { functionBreakpoints: [{ name: "polish:format" }] });
    let [top] = await frames(dc);
    const state = await scope(dc, top!.id, "State");
    const forked = dc.waitForEvent("stopped");
    const scopeRef = (await dc.scopesRequest({ frameId: top!.id })).body.scopes.find((candidate) => candidate.name === "State")!.variablesReference;
    await dc.setVariableRequest({ variablesReference: scopeRef, name: "draft", value: '"edited draft"' });
    expect(named(state, "draft").value).toBe('"time travel (draft 2)"');
    expect((await forked).body.reason).toBe("fork");
    expect((await names(dc)).slice(0, 2)).toEqual(["step 2 · polish:tidy (edited)", "step 1 · polish:tidy"]);

    // The edit is the subgraph's newest checkpoint: the parent resumes the subgraph from it.
    const atInterrupt = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(atInterrupt.body.reason).toBe("interrupt");
    [top] = await frames(dc);
    expect(await evaluate(dc, "draft", top!.id)).toBe('"Edited draft."');
  });

  it("continuing from a past checkpoint of a running subgraph forks inside it", async () => {
    const { dc } = await start({}, { functionBreakpoints: [{ name: "polish:format" }] });
    const tidy = (await frames(dc)).find((frame) => frame.name === "step 0 · polish:__start__")!;
    const travelled = await stopAfter(dc, () => dc.restartFrameRequest({ frameId: tidy.id }));
    expect(travelled.body.reason).toBe("goto");
    expect((await names(dc))[0]).toBe("step 0 · polish:__start__");

    // A copy of the past checkpoint becomes the subgraph's newest (a fork); tidy runs again from it.
    const again = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(again.body.reason).toBe("function breakpoint");
    expect((await names(dc)).slice(0, 4)).toEqual(["step 2 · polish:tidy", "step 1 · polish:__start__ (fork)", "step -1 · polish:input", "step 4 · review"]);
    const [top] = await frames(dc);
    expect(await evaluate(dc, "edits", top!.id)).toBe('(1) ["tidy"]');
  });
});

describe("subgraphs: breakpoints on inner nodes", () => {
  it("stops before and after a node inside the subgraph", async () => {
    const { dc, stopped } = await start({}, { functionBreakpoints: [{ name: "after:polish:tidy" }, { name: "polish:format" }] });
    expect(stopped.body.reason).toBe("function breakpoint");
    // After tidy = before format: both breakpoints name this boundary.
    expect(stopped.body.hitBreakpointIds).toEqual([1, 2]);
    expect((await names(dc))[0]).toBe("step 1 · polish:tidy");
    const [top] = await frames(dc);
    const writes = await scope(dc, top!.id, "Writes");
    expect(await children(dc, named(writes, "tidy"))).toContainEqual(expect.objectContaining({ name: "draft", value: '"time travel (draft 2)"' }));

    // Continue leaves the subgraph and runs on to ask_human's interrupt.
    const next = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(next.body.reason).toBe("interrupt");
  });

  it("verifies inner node names and still refuses unknown ones", async () => {
    session = await startAdapter();
    const { dc } = session;
    let states: Array<{ verified: boolean; message?: string }> = [];
    const configured = dc.waitForEvent("initialized").then(async () => {
      states = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: "polish:tidy" }, { name: "polish:tdiy" }] })).body.breakpoints;
      await dc.configurationDoneRequest();
    });
    const stopped = dc.waitForEvent("stopped");
    await Promise.all([dc.launch({ type: "langgraph", request: "launch", cwd: playground, graph: "playground", db: tempDb() }), configured]);
    expect(states[0]).toMatchObject({ verified: true });
    expect(states[1]).toMatchObject({ verified: false, message: expect.stringContaining('no node "polish:tdiy"') });
    expect(states[1]!.message).toContain("polish:tidy, polish:format");
    expect((await stopped).body.reason).toBe("function breakpoint");
  });
});
