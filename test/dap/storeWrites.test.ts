// Each step's store writes in a frame's Writes scope over DAP: under `store`, every item the
// step's nodes put or deleted, as added / changed / deleted with the value before and after.
// Found by the checkpoint the step ran from, so a fork that runs the node again shows its own
// write while the original branch keeps showing the one it made.

import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer";
import { children, frames, launch, launchMemoryAgentOnEntry, named, removeTempDirs, scope, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

const profileGraph = join(__dirname, "fixtures", "profile");

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

/** The Writes scope's store group of a frame, each entry with its children (before / after) by name. */
async function storeWrites(dc: DebugClient, frameId: number): Promise<Array<{ name: string; value: string; children: Record<string, string> }>> {
  const group = named(await scope(dc, frameId, "Writes"), "store");
  return Promise.all(
    (await children(dc, group)).map(async (entry) => ({
      name: entry.name,
      value: entry.value,
      children: Object.fromEntries((await children(dc, entry)).map((child) => [child.name, child.value])),
    })),
  );
}

async function position(dc: DebugClient): Promise<string> {
  return ((await dc.customRequest("langgraph/position")).body as { checkpointId: string }).checkpointId;
}

describe("store writes in the Writes scope", () => {
  it("lists the memory the agent's node added, with its value after, at the checkpoint that node's step made", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: "1", content: "Hi! Remember: my name is Bob" });
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 1 · call_model");

    const writes = await scope(dc, stack[0]!.id, "Writes");
    expect(named(writes, "store").value).toBe("1 store write");
    const [write, ...others] = await storeWrites(dc, stack[0]!.id);
    expect(others).toEqual([]);
    expect(write!.name).toMatch(/^\["memories","1"\] \/ [0-9a-f-]{36}$/);
    expect(write!.value).toMatch(/^added · \{data: ".*my name is Bob/);
    expect(Object.keys(write!.children)).toEqual(["after"]);
    expect(write!.children.after).toContain("my name is Bob");
    // The steps before it wrote nothing to the store.
    for (const earlier of stack.slice(1)) expect((await scope(dc, earlier.id, "Writes")).map((entry) => entry.name)).not.toContain("store");
  });

  it("shows a fork's rewrite of an item as changed, before and after, while the original branch shows its own write", async () => {
    session = await startAdapter();
    const { dc } = session;
    const entry = dc.waitForEvent("stopped");
    await launch(dc, { cwd: profileGraph, graph: "profile", db: tempDb(), threadId: "p", stopOnEntry: true, input: { name: "Bob" } });
    await entry;
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const original = await position(dc);
    let stack = await frames(dc);
    expect(stack.map((frame) => frame.name).slice(0, 2)).toEqual(["step 1 · remember", "step 0 · __start__"]);
    const added = [{ name: '["memories","1"] / name', value: 'added · {name: "Bob"}', children: { after: '{name: "Bob"}' } }];
    expect(await storeWrites(dc, stack[0]!.id)).toEqual(added);

    // Fork the checkpoint `remember` ran from with another name, and run it again from there.
    const state = (await dc.scopesRequest({ frameId: stack[1]!.id })).body.scopes.find((found) => found.name === "State")!;
    const forked = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
    await dc.setVariableRequest({ variablesReference: state.variablesReference, name: "name", value: '"Robert"' });
    expect((await forked).body.reason).toBe("fork");
    stack = await frames(dc);
    // The edit itself ran no node: its checkpoint lists no store writes.
    expect((await scope(dc, stack[0]!.id, "Writes")).map((found) => found.name)).not.toContain("store");
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 2 · remember");
    expect(await storeWrites(dc, stack[0]!.id)).toEqual([
      {
        name: '["memories","1"] / name',
        value: 'changed · {name: "Robert"}',
        children: { before: '{name: "Bob"}', after: '{name: "Robert"}' },
      },
    ]);

    // The original branch's checkpoint still shows the write its own step made.
    await stopAfter(dc, () => dc.customRequest("langgraph/goto", { checkpointId: original }));
    stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 1 · remember");
    expect(await storeWrites(dc, stack[0]!.id)).toEqual(added);

    // A fork whose run deletes the item: deleted, with the value it removed.
    const again = (await dc.scopesRequest({ frameId: stack[1]!.id })).body.scopes.find((found) => found.name === "State")!;
    await stopAfter(dc, () => dc.setVariableRequest({ variablesReference: again.variablesReference, name: "name", value: '""' }));
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    stack = await frames(dc);
    expect(await storeWrites(dc, stack[0]!.id)).toEqual([{ name: '["memories","1"] / name', value: "deleted", children: { before: '{name: "Robert"}' } }]);
  });
});

describe("store writes on a store that keeps no history", () => {
  let postgres: PostgresServer | undefined;
  beforeAll(async () => {
    postgres = await startPostgresServer();
  }, 60_000);
  afterAll(() => postgres?.stop());

  it("says in one read-only entry that the workspace database records them, on Postgres", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: `${postgres!.url}?schema=store_writes`, threadId: "1", content: "Hi! Remember: my name is Bob" });
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const [top] = await frames(dc);
    const note = named(await scope(dc, top!.id, "Writes"), "store");
    expect(note.value).toBe('"store writes are recorded in the workspace database only"');
    expect(note.variablesReference).toBe(0);
  });
});
