// The seed scenario, over DAP from the standalone adapter: the memory agent remembers
// Bob for user 1 across threads (through the workspace database), and not for user 2. Then
// step through it, step back and fork it by editing a message. All of it twice: on the workspace
// JSON database, and with `db` set to a Postgres URL (a real server, a fresh schema per test).

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer";
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
let postgres: PostgresServer | undefined;
let schemas = 0;
beforeAll(async () => {
  postgres = await startPostgresServer();
}, 60_000);
afterAll(async () => {
  removeTempDirs();
  await postgres?.stop();
});

/** A fresh Postgres schema for one test, as the URL a launch configuration's `db` holds. */
function postgresDb(): string {
  schemas += 1;
  return `${postgres!.url}?schema=seed_${schemas}`;
}

const databases: Array<[string, () => string]> = [
  ["workspace JSON db", tempDb],
  ["Postgres", postgresDb],
];

async function runToEnd(db: string, threadId: string, userId: string, content: string): Promise<string> {
  session = await startAdapter();
  const terminated = session.dc.waitForEvent("terminated");
  await launch(session.dc, { cwd: memoryAgent, graph: "agent", db, threadId, context: { userId }, input: { messages: [{ role: "user", content }] } });
  await terminated;
  const output = session.output.join("");
  await session.dc.stop();
  session = undefined;
  return output;
}

describe.each(databases)("seed scenario on the %s", (_, newDb) => {
  describe("seed scenario: cross-thread memory", () => {
    it("remembers Bob for user 1 in another thread, and not for user 2", async () => {
      const db = newDb();
      expect(await runToEnd(db, "1", "1", "Hi! Remember: my name is Bob")).toContain("Got it. I will remember that: my name is Bob.");
      expect(await runToEnd(db, "2", "1", "what is my name?")).toContain("Your name is Bob.");
      const stranger = await runToEnd(db, "3", "2", "what is my name?");
      expect(stranger).toContain("I don't know your name yet");
      expect(stranger).not.toContain("Bob");
    });

    it("shows the stored memory under Store and the answer under State at the end", async () => {
      const db = newDb();
      await runToEnd(db, "1", "1", "Hi! Remember: my name is Bob");
      session = await startAdapter();
      const { dc } = session;
      expect((await launchMemoryAgentOnEntry(dc, { db, threadId: "2", content: "what is my name?" })).body.reason).toBe("entry");
      const end = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
      expect(end.body.reason).toBe("end");
      const [top] = await frames(dc);
      expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Your name is Bob."');
      const store = await scope(dc, top!.id, "Store");
      const memories = await children(dc, named(store, "memories/1"));
      expect(memories.map((item) => item.value).join(" ")).toContain("my name is Bob");
    });
  });

  describe("seed scenario: step, step back, fork", () => {
    it("steps through call_model, steps back, and forks by editing the answer", async () => {
      session = await startAdapter();
      const { dc } = session;
      await launchMemoryAgentOnEntry(dc, { db: newDb(), threadId: "1", content: "Hi! Remember: my name is Bob" });
      let stack = await frames(dc);
      expect(stack.map((frame) => frame.name)).toEqual(["step 0 · __start__", "step -1 · input"]);
      expect(stack[0]!.source?.path).toMatch(/call-model\.ts$/);
      expect(stack[0]!.line).toBeGreaterThan(1);

      const step = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
      expect(step.body.reason).toBe("end");
      stack = await frames(dc);
      expect(stack.map((frame) => frame.name)).toEqual(["step 1 · call_model", "step 0 · __start__", "step -1 · input"]);
      const writes = await scope(dc, stack[0]!.id, "Writes");
      expect(named(writes, "call_model").value).toContain("Got it");

      const back = await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
      expect(back.body.reason).toBe("step");
      stack = await frames(dc);
      expect(stack[0]!.name).toBe("step 0 · __start__");
      expect(await evaluate(dc, "messages.length", stack[0]!.id)).toBe("1");

      // Stepping from the past replays: LangGraph writes a "fork" checkpoint and runs call_model again.
      const again = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
      expect(again.body.reason).toBe("end");
      stack = await frames(dc);
      expect(stack.map((frame) => frame.name)).toEqual(["step 2 · call_model", "step 1 · __start__ (fork)", "step 0 · __start__", "step -1 · input"]);

      // Edit the AI's answer: a new checkpoint (source "update") on top of the fork.
      const state = await scope(dc, stack[0]!.id, "State");
      const messages = await children(dc, named(state, "messages"));
      const answer = await children(dc, named(messages, "1"));
      expect(named(answer, "content").value).toContain("Got it");
      const forked = dc.waitForEvent("stopped");
      const edit = await dc.setVariableRequest({ variablesReference: named(messages, "1").variablesReference, name: "content", value: '"Hello Bob, edited."' });
      expect(edit.body.value).toBe('"Hello Bob, edited."');
      expect((await forked).body.reason).toBe("fork");
      stack = await frames(dc);
      expect(stack[0]!.name).toBe("step 3 · call_model (edited)");
      expect(await evaluate(dc, "messages.map(m => m.content)", stack[0]!.id)).toBe('(2) ["Hi! Remember: my name is Bob", "Hello Bob, edited."]');
      // History is kept: the unedited answer is still on the parent checkpoint.
      expect(await evaluate(dc, "messages[1].content", stack[1]!.id)).toContain("Got it");
    });
  });
});
