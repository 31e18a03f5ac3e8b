// Recorded calls in the workspace database: each kept with the checkpoint its step produced (the
// child of the checkpoint it ran from written after it started), or with that checkpoint when
// the step made none; in db.json after a reopen; gone with their thread; an edit kept beside the
// original; a malformed call refused as DB_CORRUPT naming where it is.
import { readFileSync, writeFileSync } from "node:fs";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CallRecord, WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

async function open(path: string): Promise<WorkspaceDb> {
  const db = await openWorkspaceDb({ path });
  opened.push(db);
  return db;
}

async function put(db: WorkspaceDb, threadId: string, parent?: string): Promise<string> {
  const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), ts: new Date().toISOString() };
  const config = { configurable: { thread_id: threadId, checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } };
  await db.checkpointer.put(config, checkpoint, { source: "loop", step: 0, parents: {} }, {});
  return checkpoint.id;
}

function call(id: string, from: string, startedAt: Date): CallRecord {
  return {
    id,
    from,
    task: "task-1",
    node: "agent",
    index: 1,
    kind: "model",
    name: "ChatStandIn",
    request: { messages: [{ type: "human", content: "hi" }] },
    requestHash: "h",
    response: { message: { content: "hello" } },
    startedAt: startedAt.toISOString(),
    latencyMs: 12,
  };
}

describe("recorded calls", () => {
  it("go on the checkpoint their step produced, or stay on the one it ran from", async () => {
    const path = tempDbPath();
    let db = await open(path);
    const root = await put(db, "t");
    const earlier = await put(db, "t", root); // a sibling from an earlier run
    const started = new Date(Date.now() + 5);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const produced = await put(db, "t", root);
    await db.calls.record("t", [
      { ns: "", call: call("a", root, started) },
      { ns: "", call: call("b", produced, new Date()) },
    ]);
    const where = () => Object.fromEntries(db.calls.list("t").map(({ checkpointId, call: found }) => [found.id, checkpointId]));
    expect(where()).toEqual({ a: produced, b: produced });
    expect(db.calls.at("t", "", earlier)).toEqual([]);
    expect(db.calls.lineage("t", "", produced)).toEqual([produced, root]);

    await db.close();
    opened.pop();
    expect(readFileSync(path, "utf8")).toContain('"calls"');
    db = await open(path);
    expect(where()).toEqual({ a: produced, b: produced });

    const edited = { ...call("c", root, new Date()), editedFrom: "a" };
    await db.calls.addEdited("t", "", produced, edited);
    expect(db.calls.at("t", "", produced).map((found) => found.id)).toEqual(["a", "b", "c"]);

    await db.checkpointer.deleteThread("t");
    expect(db.calls.list("t")).toEqual([]);
  });

  it("refuses a db.json whose call lacks what a replay needs, naming where", async () => {
    const path = tempDbPath();
    const db = await open(path);
    const root = await put(db, "t");
    await db.calls.record("t", [{ ns: "", call: call("a", root, new Date(0)) }]);
    await db.close();
    opened.pop();
    const text = readFileSync(path, "utf8").replace('"kind": "model"', '"kind": "telepathy"');
    writeFileSync(path, text);
    await expect(openWorkspaceDb({ path })).rejects.toMatchObject({
      code: "DB_CORRUPT",
      message: expect.stringContaining(`checkpoints["${root}"].calls[0].kind`),
    });
  });
});
