// db/* on a large database through the real engine: 10k checkpoints on one thread plus 2k
// threads, written with the workspace database's own checkpointer (as a long-used workspace
// would have them). Pages must come back fast, and their contents must be the right ones.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { uuid6, type Checkpoint } from "@langchain/langgraph-checkpoint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../../src/engineClient/engineClient";
import { openWorkspaceDb } from "../../../src/persistence";

const root = join(__dirname, "..", "..", "..");
const configFile = join(__dirname, "fixtures", "db", "langgraph.json");
const CHECKPOINTS = 10_000;
const THREADS = 2_000;

let dir: string;
let dbPath: string;
let engine: EngineClient;
const ids: string[] = [];

/** A checkpoint shaped as LangGraph 1.x writes one: `agent` runs next, messages grow by one. */
function checkpointAt(step: number, id: string): Checkpoint {
  return {
    v: 4,
    id,
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
    channel_values: { messages: [new HumanMessage(`question ${step}`), new AIMessage(`answer ${step}`)], "branch:to:agent": null },
    channel_versions: { messages: step + 1, "branch:to:agent": step + 1 },
    versions_seen: {},
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "langgraph-db-scale-"));
  dbPath = join(dir, "db.json");
  const db = await openWorkspaceDb({ path: dbPath });
  let parent: string | undefined;
  const writes: Array<Promise<unknown>> = [];
  for (let step = 0; step < CHECKPOINTS; step++) {
    const id = uuid6(-1);
    ids.push(id);
    const config = { configurable: { thread_id: "long", checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } };
    writes.push(
      db.checkpointer.put(config, checkpointAt(step, id), { source: "loop", step, parents: {} }, { messages: step + 1, "branch:to:agent": step + 1 }),
    );
    parent = id;
  }
  for (let thread = 0; thread < THREADS; thread++) {
    const id = uuid6(-1);
    writes.push(
      db.checkpointer.put(
        { configurable: { thread_id: `short-${thread}`, checkpoint_ns: "" } },
        checkpointAt(0, id),
        { source: "input", step: -1, parents: {} },
        { messages: 1 },
      ),
    );
  }
  await Promise.all(writes);
  await db.close();
  engine = EngineClient.start({ cwd: dir, enginePath: join(root, "dist", "engine.js") });
  await engine.request("db/open", { configFile, dbPath });
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The fastest of a few round trips (IPC included), so a busy machine does not decide the test. */
async function fastest(request: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await request();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe("db/* on 10k checkpoints", () => {
  it("pages a 10k-checkpoint thread, newest first, 200 at a time within 50 ms", async () => {
    const first = await engine.request("db/checkpoints", { dbPath, threadId: "long", limit: 200 });
    expect(first.total).toBe(CHECKPOINTS);
    expect(first.checkpoints.map((checkpoint) => checkpoint.checkpointId)).toEqual(ids.slice(-200).reverse());
    expect(first.checkpoints[0]).toMatchObject({ step: CHECKPOINTS - 1, next: ["agent"], writers: ["agent"], parentCheckpointId: ids.at(-2) });

    const deep = await engine.request("db/checkpoints", { dbPath, threadId: "long", offset: 9_900, limit: 200 });
    expect(deep.checkpoints.map((checkpoint) => checkpoint.step)).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));

    expect(await fastest(() => engine.request("db/checkpoints", { dbPath, threadId: "long", offset: 5_000, limit: 200 }))).toBeLessThan(50);
  });

  it("lists 2k threads, most recently updated first, within 50 ms a page", async () => {
    const { threads, total } = await engine.request("db/threads", { dbPath, limit: 200 });
    expect(total).toBe(THREADS + 1);
    expect(threads[0]).toMatchObject({ threadId: `short-${THREADS - 1}`, checkpointCount: 1, step: -1 });
    const long = (await engine.request("db/threads", { dbPath, offset: THREADS, limit: 200 })).threads;
    expect(long).toEqual([expect.objectContaining({ threadId: "long", checkpointCount: CHECKPOINTS, step: CHECKPOINTS - 1, next: ["agent"] })]);
    expect(await fastest(() => engine.request("db/threads", { dbPath, limit: 200 }))).toBeLessThan(50);
  });

  it("reads one checkpoint's messages as plain JSON", async () => {
    const detail = await engine.request("db/checkpoint", { dbPath, threadId: "long", checkpointId: ids[42] });
    expect(detail.values).toEqual({
      messages: [expect.objectContaining({ type: "human", content: "question 42" }), expect.objectContaining({ type: "ai", content: "answer 42" })],
    });
  });
});
