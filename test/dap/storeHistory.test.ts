// langgraph/storeHistory over DAP: the versions of a store item, newest first, each with its
// time and writer: the memory agent's put in thread 1 (its node and step), then the user's
// edit of the item under the Store scope ("edited in VS Code").

import type { StoreVersionView } from "../../src/protocol/engine";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { children, frames, launchMemoryAgentOnEntry, named, removeTempDirs, scope, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

describe("langgraph/storeHistory", () => {
  it("lists the node's put and the edit made in VS Code, newest first, with their writers", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: "1", content: "Hi! Remember: my name is Bob" });
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const [top] = await frames(dc);
    const [item] = await children(dc, named(await scope(dc, top!.id, "Store"), "memories/1"));
    await dc.setVariableRequest({ variablesReference: item!.variablesReference, name: "data", value: '"My name is Robert."' });

    const { versions } = (await dc.customRequest("langgraph/storeHistory", { namespace: ["memories", "1"], key: item!.name })).body as {
      versions: StoreVersionView[];
    };
    expect(versions.map(({ value, writer, origin, writtenBy }) => ({ data: value?.data, writer, origin, writtenBy }))).toEqual([
      { data: "My name is Robert.", writer: "edited in VS Code", origin: "vscode", writtenBy: undefined },
      {
        data: expect.stringContaining("my name is Bob"),
        writer: "thread 1 · step 1 · call_model",
        origin: undefined,
        writtenBy: { threadId: "1", checkpointId: expect.any(String), step: 1, node: "call_model" },
      },
    ]);
    expect(Date.parse(versions[0]!.time)).toBeGreaterThanOrEqual(Date.parse(versions[1]!.time));

    await expect(dc.customRequest("langgraph/storeHistory", { namespace: "memories", key: item!.name })).rejects.toThrow(/needs a "namespace"/);
  });
});

describe("the launch's storeHistory", () => {
  it("bounds the versions kept per item: 1 keeps only the current one", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: "1", content: "Hi! Remember: my name is Bob", storeHistory: 1 });
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const [top] = await frames(dc);
    const [item] = await children(dc, named(await scope(dc, top!.id, "Store"), "memories/1"));
    await dc.setVariableRequest({ variablesReference: item!.variablesReference, name: "data", value: '"My name is Robert."' });

    const { versions } = (await dc.customRequest("langgraph/storeHistory", { namespace: ["memories", "1"], key: item!.name })).body as {
      versions: StoreVersionView[];
    };
    expect(versions.map(({ value, writer }) => ({ data: value?.data, writer }))).toEqual([{ data: "My name is Robert.", writer: "edited in VS Code" }]);
  });
});

describe("the Store scope of a frame", () => {
  it("shows the store as it was when the frame's checkpoint was written, with the value now of items changed since", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: "1", content: "Hi! Remember: my name is Bob" });
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    let stack = await frames(dc);
    const storeScopes = async (frameId: number) => (await dc.scopesRequest({ frameId })).body.scopes.filter((found) => found.name.startsWith("Store"));
    // Named after the checkpoint: its step and when it was written.
    expect((await storeScopes(stack[0]!.id)).map((found) => found.name)).toEqual([expect.stringMatching(/^Store · as of step 1 · \d{1,2}:\d{2}:\d{2}/)]);
    expect((await storeScopes(stack.at(-1)!.id)).map((found) => found.name)).toEqual([expect.stringMatching(/^Store · as of step -1 · /)]);
    const [item] = await children(dc, named(await scope(dc, stack[0]!.id, "Store"), "memories/1"));
    expect(item!.value).not.toContain("now:");
    await dc.setVariableRequest({ variablesReference: item!.variablesReference, name: "data", value: '"My name is Robert."' });

    stack = await frames(dc);
    // The checkpoint written after the memory was saved shows it as saved, and the edit as its value now.
    const [then] = await children(dc, named(await scope(dc, stack[0]!.id, "Store"), "memories/1"));
    expect(then!.name).toBe(item!.name);
    expect(then!.value).toMatch(/my name is Bob.* · now: \{data: "My name is Robert\."\}/);
    expect(named(await children(dc, then!), "data").value).toContain("my name is Bob");
    // The input checkpoint, written before the node saved it, shows no memory yet.
    expect(named(await scope(dc, stack.at(-1)!.id, "Store"), "memories/1").value).toBe("{}");
  });
});
