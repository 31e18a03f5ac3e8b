// Edits over DAP: setExpression on a State path forks the thread like setVariable (a new
// checkpoint, the old one unchanged), and a Store item edited under the Store scope is written
// to the store and the workspace database (the scope, as of its frame, shows it as the item's value now).

import { readFileSync } from "node:fs";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { children, evaluate, frames, launchMemoryAgentOnEntry, named, removeTempDirs, scope, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

/** DebugClient has no method for setExpression; the request is sent by name. */
function setExpression(dc: DebugClient, args: DebugProtocol.SetExpressionArguments): Promise<DebugProtocol.SetExpressionResponse> {
  return dc.customRequest("setExpression", args) as Promise<DebugProtocol.SetExpressionResponse>;
}

/** The memory agent for user 1, stopped at the end of its run (reason `end`). */
async function atEnd(db: string) {
  session = await startAdapter();
  const { dc } = session;
  await launchMemoryAgentOnEntry(dc, { db, threadId: "1", content: "Hi! Remember: my name is Bob" });
  const end = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
  expect(end.body.reason).toBe("end");
  return dc;
}

describe("setExpression", () => {
  it("forks the thread with the value an expression names, leaving the old checkpoint as it was", async () => {
    session = await startAdapter();
    const capabilities = (await session.dc.initializeRequest()).body;
    expect(capabilities?.supportsSetExpression).toBe(true);
    await session.dc.stop();
    const dc = await atEnd(tempDb());
    let stack = await frames(dc);
    // Named by the node that wrote the final checkpoint, not by what runs next (nothing).
    expect(stack[0]!.name).toBe("step 1 · call_model");
    const before = stack[0]!.id;
    expect(await evaluate(dc, "messages.at(-1).content", before)).toContain("Got it");

    const forked = dc.waitForEvent("stopped");
    const set = await setExpression(dc, { expression: "messages.at(-1).content", value: '"Hello Bob, edited."', frameId: before });
    expect(set.body.value).toBe('"Hello Bob, edited."');
    expect((await forked).body.reason).toBe("fork");

    stack = await frames(dc);
    expect(stack.map((frame) => frame.name).slice(0, 2)).toEqual(["step 2 · call_model (edited)", "step 1 · call_model"]);
    expect(await evaluate(dc, "messages.map(m => m.content)", stack[0]!.id)).toBe('(2) ["Hi! Remember: my name is Bob", "Hello Bob, edited."]');
    expect(await evaluate(dc, "messages.at(-1).content", stack[1]!.id)).toContain("Got it");
  });

  it("refuses an expression that names no State value", async () => {
    const dc = await atEnd(tempDb());
    const [top] = await frames(dc);
    await expect(setExpression(dc, { expression: "messages.length + 1", value: "3", frameId: top!.id })).rejects.toThrow("does not name a value in the state");
    await expect(setExpression(dc, { expression: "nothing.here", value: "3", frameId: top!.id })).rejects.toThrow("does not name a value in the state");
  });
});

describe("langgraph/editState", () => {
  it("forks any checkpoint of the thread with a JSON value in one request, and the session moves to the fork", async () => {
    const dc = await atEnd(tempDb());
    const position = (await dc.customRequest("langgraph/position")).body as { checkpointId: string };

    const forked = dc.waitForEvent("stopped");
    const edited = await dc.customRequest("langgraph/editState", {
      checkpointId: position.checkpointId,
      path: ["messages", 1, "content"],
      value: "Hello Bob, edited from the view.",
    });
    expect((await forked).body.reason).toBe("fork");
    const fork = (edited.body as { checkpointId: string }).checkpointId;
    expect(((await dc.customRequest("langgraph/position")).body as { checkpointId: string }).checkpointId).toBe(fork);
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 2 · call_model (edited)");
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Hello Bob, edited from the view."');

    await expect(dc.customRequest("langgraph/editState", { checkpointId: fork, path: ["nothing"], value: 1 })).rejects.toThrow(/nothing/);
  });
});

describe("Store edits", () => {
  it("writes an item edited under the Store scope to the store and the database file", async () => {
    const db = tempDb();
    const dc = await atEnd(db);
    const [top] = await frames(dc);
    const store = await scope(dc, top!.id, "Store");
    const [item] = await children(dc, named(store, "memories/1"));
    const fields = await children(dc, item!);
    expect(named(fields, "data").value).toContain("my name is Bob");

    const set = await dc.setVariableRequest({ variablesReference: item!.variablesReference, name: "data", value: '"My name is Robert."' });
    expect(set.body.value).toBe('"My name is Robert."');

    // A fresh request reads the store again: the frame shows it as of its checkpoint, the edit as the item's value now.
    const [again] = await frames(dc);
    const reread = named(await children(dc, named(await scope(dc, again!.id, "Store"), "memories/1")), item!.name);
    expect(reread.value).toContain(' · now: {data: "My name is Robert."}');
    await expect.poll(() => readFileSync(db, "utf8"), { timeout: 10_000 }).toContain("My name is Robert.");
  });
});
