// Re-running from a past checkpoint with the store "as it was" (rerunStore "asItWas"), over
// DAP on the memory agent: the re-run's node reads the memories as they were when that
// checkpoint was written, its writes land in the overlay (langgraph/overlay) and not in the
// live store, applying writes each of them once, and discarding leaves the store untouched.

import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { OverlayWriteView, StoreVersionView } from "../../src/protocol/engine";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  children,
  evaluate,
  frames,
  launch,
  launchMemoryAgentOnEntry,
  memoryAgent,
  named,
  removeTempDirs,
  scope,
  startAdapter,
  stopAfter,
  tempDb,
  type Session,
} from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

const user1 = ["memories", "1"];

/** Thread 1 of the memory agent saves "my name is Bob" for user 1, in a session of its own; resolves with the item's key. */
async function rememberBob(db: string): Promise<string> {
  const own = await startAdapter();
  try {
    await launchMemoryAgentOnEntry(own.dc, { db, threadId: "1", content: "Hi! Remember: my name is Bob" });
    expect((await stopAfter(own.dc, () => own.dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const [item] = await children(own.dc, named(await scope(own.dc, (await frames(own.dc))[0]!.id, "Store"), "memories/1"));
    return item!.name;
  } finally {
    await own.dc.stop();
  }
}

/** Time travel to the frame named `name`, then Continue: a re-run from there, to the end. */
async function rerunFrom(dc: DebugClient, name: string): Promise<void> {
  const target = (await frames(dc)).find((frame) => frame.name === name)!;
  expect((await stopAfter(dc, () => dc.restartFrameRequest({ frameId: target.id }))).body.reason).toBe("goto");
  expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
}

async function overlay(dc: DebugClient): Promise<{ asOf?: string; writes: OverlayWriteView[] }> {
  return (await dc.customRequest("langgraph/overlay", {})).body;
}

async function versions(dc: DebugClient, key: string): Promise<StoreVersionView[]> {
  return ((await dc.customRequest("langgraph/storeHistory", { namespace: user1, key })).body as { versions: StoreVersionView[] }).versions;
}

describe("re-running with the store as it was", () => {
  it("reads the memories as they were at the checkpoint; switched to now, as they are", async () => {
    const db = tempDb();
    await rememberBob(db);
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db, threadId: "2", content: "what is my name?" });
    await dc.customRequest("langgraph/rerunStore", { mode: "asItWas" });
    // A run from the newest checkpoint is no re-run: the live store.
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    let [top] = await frames(dc);
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Your name is Bob."');
    const [memory] = await children(dc, named(await scope(dc, top!.id, "Store"), "memories/1"));
    await dc.setVariableRequest({ variablesReference: memory!.variablesReference, name: "data", value: '"My name is Robert."' });

    await rerunFrom(dc, "step 0 · __start__");
    expect(session.output.join("")).toMatch(
      /Re-running with the store as of step 0 · \d{1,2}:\d{2}:\d{2}.*: writes go to an overlay \(apply with `langgraph\/applyOverlay`\)/,
    );
    [top] = await frames(dc);
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Your name is Bob."');
    const scopeNames = (await dc.scopesRequest({ frameId: top!.id })).body.scopes.map((found) => found.name);
    expect(scopeNames).toContainEqual(expect.stringMatching(/^Store · overlay as of step 0 · \d{1,2}:\d{2}:\d{2}/));
    expect(named(await scope(dc, top!.id, "Store"), "memories/1").value).toContain("my name is Bob");
    expect((await overlay(dc)).writes).toEqual([]);

    await dc.customRequest("langgraph/rerunStore", { mode: "now" });
    await rerunFrom(dc, "step 0 · __start__");
    [top] = await frames(dc);
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Your name is Robert."');
    await expect(dc.customRequest("langgraph/rerunStore", { mode: "then" })).rejects.toThrow(/"mode": "asItWas"/);
  });

  it("writes only to the overlay; applying writes each item once, discarding leaves the store untouched", async () => {
    const db = tempDb();
    const original = await rememberBob(db);
    session = await startAdapter();
    const { dc } = session;
    // Open thread 1 where it stands, with re-runs against the store as it was.
    const opened = dc.waitForEvent("stopped");
    await launch(dc, { cwd: memoryAgent, graph: "agent", db, threadId: "1", context: { userId: "1" }, rerunStore: "asItWas" });
    await opened;

    // Step 0 was written before call_model saved the memory: the re-run saves it again, into the overlay.
    await rerunFrom(dc, "step 0 · __start__");
    const pending = await overlay(dc);
    expect(pending.asOf).toMatch(/^as of step 0 · /);
    expect(pending.writes).toEqual([
      { namespace: user1, key: expect.any(String), value: { data: "my name is Bob" }, writer: expect.stringMatching(/^thread 1 · step \d+ · call_model$/) },
    ]);
    const written = pending.writes[0]!;
    expect(written.key).not.toBe(original);
    expect(await versions(dc, written.key)).toEqual([]);
    // The re-run's frame shows the overlay: the store as of step 0 (no memory) plus its own write.
    const [top] = await frames(dc);
    expect((await children(dc, named(await scope(dc, top!.id, "Store"), "memories/1"))).map((item) => item.name)).toEqual([written.key]);
    // A second re-run as it was must not silently drop the pending write.
    const back = (await frames(dc)).find((frame) => frame.name === "step 0 · __start__")!;
    await stopAfter(dc, () => dc.restartFrameRequest({ frameId: back.id }));
    await expect(dc.continueRequest({ threadId: 1 })).rejects.toThrow(/still holds 1 write/);

    const { applied, conflicts } = (await dc.customRequest("langgraph/applyOverlay", {})).body as { applied: OverlayWriteView[]; conflicts: unknown[] };
    expect(applied.map((write) => write.key)).toEqual([written.key]);
    expect(conflicts).toEqual([]);
    const live = await versions(dc, written.key);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ value: { data: "my name is Bob" }, writer: written.writer });
    expect((await overlay(dc)).writes).toEqual([]);
    const originalVersions = await versions(dc, original);
    expect(originalVersions).toHaveLength(1);

    // Again, and discard from the Debug Console.
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const again = (await overlay(dc)).writes;
    expect(again).toHaveLength(1);
    expect(await evaluate(dc, "discard overlay", undefined, "repl")).toBe(`Discarded 1 overlay write(s): memories/1 · ${again[0]!.key}`);
    expect((await overlay(dc)).writes).toEqual([]);
    expect(await versions(dc, again[0]!.key)).toEqual([]);
    expect(await versions(dc, written.key)).toEqual(live);
    expect(await versions(dc, original)).toEqual(originalVersions);

    // Ending the session with writes unapplied says what is lost.
    await rerunFrom(dc, "step 0 · __start__");
    const lost = (await overlay(dc)).writes[0]!;
    const terminated = dc.waitForEvent("terminated");
    await dc.continueRequest({ threadId: 1 });
    await terminated;
    expect(session.output.join("")).toContain(`had 1 unapplied write(s), now discarded: memories/1 · ${lost.key}.`);
  });
});
