// db/threads' totals of a thread's recorded calls: counted over every checkpoint and namespace
// of the thread, priced with the user's prices, a replayed call apart; nothing for a thread
// without calls. Real workspace database, checkpoints written by its checkpointer.
import { afterAll, afterEach, expect, it } from "vitest";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { CallRecord, WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { listThreads } from "../../../src/engine/db/checkpointSummaries";
import { removeTempDirs, tempDbPath } from "../persistence/helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

/** Writes a checkpoint (child of `parent` when given) and returns its id. */
async function put(db: WorkspaceDb, threadId: string, ns: string, step: number, parent?: string): Promise<string> {
  const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), ts: new Date().toISOString() };
  const config = { configurable: { thread_id: threadId, checkpoint_ns: ns, ...(parent ? { checkpoint_id: parent } : {}) } };
  await db.checkpointer.put(config, checkpoint, { source: "loop", step, parents: {} }, {});
  return checkpoint.id;
}

let calls = 0;
function call(from: string, fields: Partial<CallRecord>): CallRecord {
  calls++;
  return {
    id: `call-${calls}`,
    from,
    task: `task-${calls}`,
    node: "agent",
    step: 0,
    index: 1,
    kind: "model",
    name: "ChatStandIn",
    request: { messages: [] },
    requestHash: `hash-${calls}`,
    // Before the checkpoint its step produces: the call is kept there.
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    latencyMs: 250,
    ...fields,
  };
}

it("gives each thread with recorded calls their totals, priced with the user's prices", async () => {
  const db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000 });
  opened.push(db);
  const first = await put(db, "with-calls", "", 0);
  await put(db, "with-calls", "", 1, first);
  const inner = await put(db, "with-calls", "tools:1", 0);
  await put(db, "without-calls", "", 0);
  await db.calls.record("with-calls", [
    { ns: "", call: call(first, { model: "my-model-large", usage: { input: 1000, output: 200 } }) },
    { ns: "", call: call(first, { model: "my-model-large", usage: { input: 500, output: 100 }, replayedFrom: "call-1" }) },
    { ns: "tools:1", call: call(inner, { kind: "tool", name: "search", error: "Error: offline" }) },
  ]);

  const prices = { "my-model": { input: 2, output: 10 } };
  const byId = Object.fromEntries(listThreads(db, { offset: 0, limit: 10 }, prices).threads.map((thread) => [thread.threadId, thread.calls]));
  expect(byId["with-calls"]).toEqual({
    calls: 3,
    replayed: 1,
    errors: 1,
    tokensIn: 1000,
    tokensOut: 200,
    latencyMs: 500,
    cost: (1000 * 2 + 200 * 10) / 1_000_000,
    unpriced: 0,
    text: "3 calls (1 replayed) · 1,000 → 200 tokens · 500 ms · $0.0040",
  });
  expect(byId["without-calls"]).toBeUndefined();

  // Without the user's prices the model has none: its tokens are counted, not priced.
  const unpriced = listThreads(db, { offset: 0, limit: 10 }).threads.find((thread) => thread.threadId === "with-calls")!.calls!;
  expect(unpriced.cost).toBeUndefined();
  expect(unpriced.unpriced).toBe(1);
  expect(unpriced.text).toBe("3 calls (1 replayed) · 1,000 → 200 tokens · 500 ms");
});
