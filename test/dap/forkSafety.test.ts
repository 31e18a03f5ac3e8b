// Forks over DAP leave the branch they fork from as it was: after restartFrame to a past
// checkpoint and an edit there (setVariable), every checkpoint the database held before shows
// the same values, read back from the database file itself.

import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openWorkspaceDb } from "../../src/persistence/index";
import { frames, launchMemoryAgentOnEntry, launchPlayground, named, removeTempDirs, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

/** Every checkpoint in the database (thread, namespace, id) with the channel values it shows, as JSON. */
async function checkpointValues(dbPath: string): Promise<Map<string, string>> {
  const db = await openWorkspaceDb({ path: dbPath, readOnly: true });
  try {
    const values = new Map<string, string>();
    for await (const tuple of db.checkpointer.list({})) {
      const { thread_id, checkpoint_ns } = tuple.config.configurable ?? {};
      values.set(`${thread_id} ${checkpoint_ns} ${tuple.checkpoint.id}`, JSON.stringify(tuple.checkpoint.channel_values));
    }
    return values;
  } finally {
    await db.close();
  }
}

async function expectUnchanged(dbPath: string, before: Map<string, string>): Promise<void> {
  const now = await checkpointValues(dbPath);
  expect(now.size).toBeGreaterThan(before.size);
  for (const [key, values] of before) expect(now.get(key), `checkpoint ${key}`).toBe(values);
}

async function restartFrame(dc: DebugClient, name: string): Promise<void> {
  const target = (await frames(dc)).find((frame) => frame.name === name);
  if (!target) throw new Error(`no frame ${name} in ${(await frames(dc)).map((frame) => frame.name).join(", ")}`);
  const travelled = await stopAfter(dc, () => dc.restartFrameRequest({ frameId: target.id }));
  expect(travelled.body.reason).toBe("goto");
}

/** The variables at `path` under the top frame's State scope. */
async function stateVariables(dc: DebugClient, path: string[]): Promise<{ reference: number; variables: DebugProtocol.Variable[] }> {
  const [top] = await frames(dc);
  let reference = (await dc.scopesRequest({ frameId: top!.id })).body.scopes.find((candidate) => candidate.name === "State")!.variablesReference;
  let variables = (await dc.variablesRequest({ variablesReference: reference })).body.variables;
  for (const name of path) {
    reference = named(variables, name).variablesReference;
    variables = (await dc.variablesRequest({ variablesReference: reference })).body.variables;
  }
  return { reference, variables };
}

/** setVariable `name` under `path` of the top frame's State, which forks the thread. */
async function setStateVariable(dc: DebugClient, path: string[], name: string, value: string): Promise<void> {
  const { reference } = await stateVariables(dc, path);
  const forked = dc.waitForEvent("stopped");
  await dc.setVariableRequest({ variablesReference: reference, name, value });
  expect((await forked).body.reason).toBe("fork");
}

describe("forks over DAP", () => {
  it("an edited message at a past checkpoint of the memory agent leaves the run's final checkpoint as it was", async () => {
    const db = tempDb();
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db, threadId: "1", content: "Hi! Remember: my name is Bob" });
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    const before = await checkpointValues(db);

    const [finalCheckpoint] = [...before].find(([, values]) => values.includes("Got it. I will remember that: my name is Bob."))!;

    await restartFrame(dc, "step 0 · __start__");
    const { variables: messages } = await stateVariables(dc, ["messages"]);
    await setStateVariable(dc, ["messages", messages[messages.length - 1]!.name], "content", '"Hi! Remember: my name is Alice"');

    await expectUnchanged(db, before);
    expect((await checkpointValues(db)).get(finalCheckpoint)).toContain("Got it. I will remember that: my name is Bob.");
  });

  it("an edit at a past checkpoint inside the playground's subgraph leaves the subgraph's later checkpoint as it was", async () => {
    const db = tempDb();
    const launched = await launchPlayground({ db }, { functionBreakpoints: [{ name: "polish:format" }] });
    session = launched.session;
    const { dc } = session;
    expect((await frames(dc))[0]!.name).toBe("step 1 · polish:tidy");
    const before = await checkpointValues(db);
    expect([...before.keys()].some((key) => key.includes(" polish:"))).toBe(true);

    await restartFrame(dc, "step 0 · polish:__start__");
    await setStateVariable(dc, [], "draft", '"edited draft"');

    await expectUnchanged(db, before);
  });
});
