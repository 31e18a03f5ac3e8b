// The adapter's `langgraph/position` event and its custom requests (src/protocol/debugEvents.ts),
// which the views and the debugger webview use to follow and drive a session.

import type { DebugProtocol } from "@vscode/debugprotocol";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { POSITION_EVENT, type PositionEventBody } from "../../src/protocol/debugEvents";
import { frames, launch, playground, removeTempDirs, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

/** Every position event the session sends, in order. */
function positions(dc: DebugClient): PositionEventBody[] {
  const seen: PositionEventBody[] = [];
  dc.on(POSITION_EVENT, (event: DebugProtocol.Event) => seen.push(event.body as PositionEventBody));
  return seen;
}

async function customRequest<T>(dc: DebugClient, command: string, args: unknown = {}): Promise<T> {
  return (await dc.send(command, args)).body as T;
}

describe("position event", () => {
  it("says where the session stands at every stop, while it runs, and when it ends", async () => {
    session = await startAdapter();
    const { dc } = session;
    const seen = positions(dc);
    const db = tempDb();
    const stopped = dc.waitForEvent("stopped");
    await launch(dc, { cwd: playground, graph: "playground", db, threadId: "pos-1", stopOnEntry: true, input: { topic: "maps", requiredDrafts: 1 } });
    await stopped;

    await expect.poll(() => seen.length).toBe(2);
    const base = { configFile: `${playground}/langgraph.json`, dbPath: db, graphId: "playground", threadId: "pos-1" };
    expect(seen[0]).toEqual({ ...base, status: "running" });
    const [entry] = await frames(dc);
    expect(seen[1]).toEqual({
      ...base,
      status: "stopped",
      reason: "entry",
      checkpointId: expect.any(String),
      description: expect.any(String),
      step: 0,
      name: "step 0 · __start__",
      next: ["write_draft"],
    });
    expect(entry!.name).toBe("step 0 · __start__");

    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    await expect.poll(() => seen.length).toBe(4);
    expect(seen[2]).toEqual({ ...base, status: "running" });
    expect(seen[3]).toMatchObject({ status: "stopped", reason: "step", step: 1, name: "step 1 · write_draft", next: ["review"] });
    expect(seen[3]!.checkpointId).not.toBe(seen[1]!.checkpointId);

    // The request answers what the last event said.
    expect(await customRequest<PositionEventBody>(dc, "langgraph/position")).toEqual(seen[3]);

    const terminated = dc.waitForEvent("terminated");
    await dc.terminateRequest({});
    await terminated;
    expect(seen.at(-1)).toEqual({ ...base, status: "ended" });
  });
});

describe("custom requests", () => {
  it("langgraph/goto travels to a checkpoint of the thread", async () => {
    session = await startAdapter();
    const { dc } = session;
    const seen = positions(dc);
    const stopped = dc.waitForEvent("stopped");
    await launch(dc, { cwd: playground, graph: "playground", db: tempDb(), stopOnEntry: true, input: { topic: "maps", requiredDrafts: 1 } });
    await stopped;
    await expect.poll(() => seen.at(-1)?.status).toBe("stopped");
    const first = seen.at(-1)!.checkpointId!;
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));

    const back = await stopAfter(dc, () => customRequest(dc, "langgraph/goto", { checkpointId: first }));
    expect(back.body.reason).toBe("goto");
    await expect.poll(() => seen.at(-1)).toMatchObject({ status: "stopped", reason: "goto", checkpointId: first, step: 0 });
    expect((await frames(dc))[0]!.name).toBe("step 0 · __start__");

    await expect(customRequest(dc, "langgraph/goto", {})).rejects.toThrow(/checkpointId/);
    await expect(customRequest(dc, "langgraph/nope")).rejects.toThrow(/Unknown request "langgraph\/nope"/);
  });

  it("langgraph/resume answers a pending interrupt()", async () => {
    session = await startAdapter();
    const { dc } = session;
    const seen = positions(dc);
    const interrupted = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await launch(dc, { cwd: playground, graph: "playground", db: tempDb(), input: { topic: "maps", requiredDrafts: 1 } });
    expect((await interrupted).body.reason).toBe("interrupt");
    await expect.poll(() => seen.at(-1)).toMatchObject({ status: "stopped", reason: "interrupt", next: ["ask_human"] });

    const end = await stopAfter(dc, () => customRequest(dc, "langgraph/resume", { value: "A title" }));
    expect(end.body.reason).toBe("end");
    await expect.poll(() => seen.at(-1)).toMatchObject({ status: "stopped", reason: "end", next: [] });
  });
});
