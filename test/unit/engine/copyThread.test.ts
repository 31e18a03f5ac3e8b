// Copy Thread to Workspace Database (issue 16): a thread run by a real graph (a subgraph that
// interrupts, a sibling task whose write waits as a pending write) on a real PostgreSQL database
// is copied into a workspace JSON database, where LangGraph must see the same history; and the
// same between two JSON databases, as the copy is written against the backend contract only.

import { Annotation, Command, END, interrupt, START, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DataBackend } from "../../../src/engine/db/backend";
import { copyThread } from "../../../src/engine/db/copyThread";
import { PostgresBackend } from "../../../src/engine/db/postgresBackend";
import { WorkspaceBackend } from "../../../src/engine/db/workspaceBackend";
import { startPostgresServer, type PostgresServer } from "../../support/postgresServer";
import { removeTempDirs, tempDbPath } from "../persistence/helpers";

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
  answer: Annotation<string>(),
});

/** review → (approve: a subgraph that asks a human) ∥ (side) → done; review writes the user's memory. */
function buildGraph() {
  const approval = new StateGraph(Annotation.Root({ answer: Annotation<string>() }))
    .addNode("ask", () => ({ answer: interrupt<string, string>("approve?") }))
    .addEdge(START, "ask")
    .addEdge("ask", END)
    .compile();
  return new StateGraph(State)
    .addNode("review", async (_state, config: LangGraphRunnableConfig) => {
      const user = String(config.configurable?.user_id);
      await config.store?.put(["memories", user], "last-review", { text: `reviewed for ${user}` });
      return { log: ["review"] };
    })
    .addNode("approve", approval)
    .addNode("side", () => ({ log: ["side"] }))
    .addNode("done", (state) => ({ log: [`done: ${state.answer}`] }))
    .addEdge(START, "review")
    .addEdge("review", "approve")
    .addEdge("review", "side")
    .addEdge(["approve", "side"], "done")
    .addEdge("done", END);
}

function graphOn(backend: DataBackend) {
  return buildGraph().compile({ checkpointer: backend.checkpointer, store: backend.store });
}

/** Runs a thread to its interrupt and, unless `stopAtInterrupt`, resumes it to the end. */
async function runThread(backend: DataBackend, threadId: string, userId: string, stopAtInterrupt = false): Promise<void> {
  const graph = graphOn(backend);
  const config = { configurable: { thread_id: threadId, user_id: userId } };
  await graph.invoke({ log: ["start"] }, config);
  if (!stopAtInterrupt) await graph.invoke(new Command({ resume: "yes" }), config);
}

/** The thread as LangGraph shows it: the history, and the state with subgraphs at every checkpoint. */
async function historyOf(backend: DataBackend, threadId: string) {
  const graph = graphOn(backend);
  const history = [];
  for await (const snapshot of graph.getStateHistory({ configurable: { thread_id: threadId } })) {
    const withSubgraphs = await graph.getState(snapshot.config, { subgraphs: true });
    history.push({ snapshot, tasks: withSubgraphs.tasks });
  }
  return history;
}

/**
 * Every checkpoint tuple of the thread, subgraphs' too, as the saver returns them; pending writes
 * in one order (savers list them in their own: Postgres by task and index, the JSON db as written).
 */
async function tuplesOf(backend: DataBackend, threadId: string) {
  const tuples = [];
  for await (const { parentConfig, pendingWrites = [], ...tuple } of backend.checkpointer!.list({ configurable: { thread_id: threadId } })) {
    const writes = pendingWrites.map((write) => ({ write, order: JSON.stringify(write) }));
    writes.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    tuples.push({ ...tuple, parentConfig: parentConfig ?? null, pendingWrites: writes.map(({ write }) => write) });
  }
  return tuples;
}

const renamed = <T>(value: T, from: string, to: string): T => JSON.parse(JSON.stringify(value).replaceAll(`"${from}"`, `"${to}"`)) as T;

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const opened: DataBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.close();
});
let schemas = 0;
async function postgres(): Promise<PostgresBackend> {
  const backend = await PostgresBackend.open({ url: server.url, schema: `copy_${process.pid}_${++schemas}` });
  opened.push(backend);
  return backend;
}
async function workspace(path = tempDbPath(), readOnly = false): Promise<WorkspaceBackend> {
  const backend = await WorkspaceBackend.open({ path, readOnly });
  opened.push(backend);
  return backend;
}

describe("copy a thread from PostgreSQL into the workspace JSON database", () => {
  it("is the same thread there: LangGraph's history, subgraph checkpoints and pending writes", async () => {
    const source = await postgres();
    await runThread(source, "t-1", "user-1");
    await runThread(source, "t-waiting", "user-1", true);
    const target = await workspace();

    const copied = await copyThread(source, target, "t-1", { labels: ["user-1"] });
    const sourceTuples = await tuplesOf(source, "t-1");
    expect(sourceTuples.some((tuple) => tuple.config.configurable?.checkpoint_ns !== "")).toBe(true);
    expect(copied).toMatchObject({ threadId: "t-1", dbPath: target.info().location, checkpoints: sourceTuples.length });
    expect(copied.writes).toBe(sourceTuples.reduce((sum, tuple) => sum + (tuple.pendingWrites?.length ?? 0), 0));
    expect(await tuplesOf(target, "t-1")).toEqual(sourceTuples);
    const history = await historyOf(source, "t-1");
    expect(history.length).toBeGreaterThan(4);
    expect(await historyOf(target, "t-1")).toEqual(history);

    // A thread waiting at its interrupt: the sibling's write waits as a pending write, and the
    // copy resumes from there as the original would.
    const waiting = await copyThread(source, target, "t-waiting");
    expect(waiting.writes).toBeGreaterThan(0);
    const state = await graphOn(target).getState({ configurable: { thread_id: "t-waiting" } }, { subgraphs: true });
    expect(state.tasks.flatMap((task) => task.interrupts.map((pending) => pending.value))).toEqual(["approve?"]);
    expect(await historyOf(target, "t-waiting")).toEqual(await historyOf(source, "t-waiting"));
    const resumed = await graphOn(target).invoke(new Command({ resume: "local" }), { configurable: { thread_id: "t-waiting", user_id: "user-1" } });
    expect(resumed.log).toEqual(["start", "review", "side", "done: local"]);
    expect((await graphOn(source).getState({ configurable: { thread_id: "t-waiting" } })).next).toEqual(["approve"]);
  });

  it("copies the store items of the namespaces naming the thread, and says which", async () => {
    const source = await postgres();
    await runThread(source, "t-1", "user-1");
    await runThread(source, "t-2", "user-2");
    await source.putItem({ namespace: ["threads", "t-1"], key: "notes" }, { text: "seen in production" });
    const target = await workspace();

    const copied = await copyThread(source, target, "t-1", { labels: ["user-1"] });
    expect(copied).toMatchObject({ items: 2, labels: ["t-1", "user-1"], itemRule: expect.stringContaining('"t-1" or "user-1"') });
    expect(await target.namespaces([])).toEqual([
      { namespace: ["memories", "user-1"], count: 1 },
      { namespace: ["threads", "t-1"], count: 1 },
    ]);
    expect(await target.item({ namespace: ["memories", "user-1"], key: "last-review" })).toMatchObject({ value: { text: "reviewed for user-1" } });
  });

  it("keeps a local item changed later than the source's, and says so", async () => {
    const source = await postgres();
    await runThread(source, "t-1", "user-1");
    const target = await workspace();
    await target.putItem({ namespace: ["memories", "user-1"], key: "last-review" }, { text: "edited locally" });
    await target.putItem({ namespace: ["memories", "user-1"], key: "older-here" }, { text: "local, older" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await source.putItem({ namespace: ["memories", "user-1"], key: "older-here" }, { text: "production, newest" });

    const copied = await copyThread(source, target, "t-1", { labels: ["user-1"] });
    expect(copied.items).toBe(1);
    expect(copied.skipped).toEqual([{ namespace: ["memories", "user-1"], key: "last-review", reason: expect.stringContaining("newer value") }]);
    expect(await target.item({ namespace: ["memories", "user-1"], key: "last-review" })).toMatchObject({ value: { text: "edited locally" } });
    expect(await target.item({ namespace: ["memories", "user-1"], key: "older-here" })).toMatchObject({ value: { text: "production, newest" } });
  });

  it("refuses a thread the workspace has already, naming both; copies it under a new id instead", async () => {
    const source = await postgres();
    await runThread(source, "t-1", "user-1");
    const target = await workspace();
    await copyThread(source, target, "t-1");
    const before = await tuplesOf(target, "t-1");

    await expect(copyThread(source, target, "t-1")).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(new RegExp(`${target.info().location.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")} already has a thread "t-1"`)),
      hint: expect.stringContaining("newThreadId"),
    });
    expect(await tuplesOf(target, "t-1")).toEqual(before);

    const copy = await copyThread(source, target, "t-1", { newThreadId: "t-1-local" });
    expect(copy.threadId).toBe("t-1-local");
    expect(await historyOf(target, "t-1-local")).toEqual(renamed(await historyOf(source, "t-1"), "t-1", "t-1-local"));
  });

  it("refuses a read-only workspace database with its reason, and a thread the source does not have", async () => {
    const source = await postgres();
    await runThread(source, "t-1", "user-1");
    const path = tempDbPath();
    await workspace(path);
    const readOnly = await workspace(path, true);
    await expect(copyThread(source, readOnly, "t-1")).rejects.toMatchObject({ code: "notEditable", message: expect.stringContaining(path) });
    await expect(copyThread(source, await workspace(), "no-such-thread")).rejects.toMatchObject({
      code: "checkpointNotFound",
      message: expect.stringContaining('no thread "no-such-thread"'),
    });
  });
});

describe("copy a thread between two workspace JSON databases", () => {
  it("gives the same history, and takes the labels a thread's metadata records", async () => {
    const source = await workspace();
    await runThread(source, "t-1", "user-1");
    const target = await workspace();
    const copied = await copyThread(source, target, "t-1", { labels: ["user-1"] });
    expect(await historyOf(target, "t-1")).toEqual(await historyOf(source, "t-1"));
    expect(copied.items).toBe(1);

    // A thread a LangGraph server wrote records its user in the checkpoints' metadata.
    const checkpoint = { v: 4, id: uuid6(-1), ts: new Date().toISOString(), channel_values: { log: ["hi"] }, channel_versions: { log: 1 }, versions_seen: {} };
    const metadata = { source: "input" as const, step: -1, parents: {}, user_id: "user-9", graph_id: "agent" };
    await source.checkpointer.put({ configurable: { thread_id: "from-server", checkpoint_ns: "" } }, checkpoint, metadata, { log: 1 });
    await source.putItem({ namespace: ["memories", "user-9"], key: "k" }, { text: "user 9" });
    await source.putItem({ namespace: ["agent"], key: "k" }, { text: "every user's" });
    const fromServer = await copyThread(source, target, "from-server");
    expect(fromServer).toMatchObject({ checkpoints: 1, items: 1, labels: ["from-server", "user-9"] });
    expect(await target.item({ namespace: ["agent"], key: "k" })).toBeNull();
  });
});
