// Which node wrote each store item, end to end in the engine's own handlers (in this process):
// a session runs a graph whose nodes put items through LangGraph's AsyncBatchedStore, and the
// db/* requests show each item's thread, step and node, also after the database is reopened.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DbChangeFeed } from "../../../../src/engine/db/changeFeed";
import { registerDbHandlers } from "../../../../src/engine/db/dbHandlers";
import { serverSessions } from "../../../../src/engine/db/serverAttach";
import { registerSessionHandlers, type Handle, type Notify } from "../../../../src/engine/session/handlers";
import { PersistenceRegistry } from "../../../../src/engine/db/persistenceRegistry";
import { captureStoreWriters, writerFrom } from "../../../../src/engine/session/storeWriters";
import { openWorkspaceDb } from "../../../../src/persistence/index";
import type { DbChange, EngineMethod, EngineParams, EngineResult } from "../../../../src/protocol/engine";

const configFile = join(__dirname, "..", "fixtures", "store-writers", "langgraph.json");
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The engine's request handlers and notifications, without the IPC around them. */
function inProcessEngine() {
  const handlers = new Map<string, (params: unknown) => Promise<unknown>>();
  const handle: Handle = (method, handler) => void handlers.set(method, handler as (params: unknown) => Promise<unknown>);
  const notifications: Array<{ method: string; params: Record<string, unknown> }> = [];
  const notify: Notify = (method, params) => void notifications.push({ method, params: params as unknown as Record<string, unknown> });
  const changes: DbChange[] = [];
  const persistence = new PersistenceRegistry(new DbChangeFeed((change) => changes.push(change)));
  const sessions = registerSessionHandlers(handle, notify, persistence, serverSessions);
  registerDbHandlers(handle, persistence);
  const request = <M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> =>
    handlers.get(method)!(params) as Promise<EngineResult<M>>;
  return { request, notifications, changes, closeAll: () => sessions.closeAll() };
}

async function runToEnd(engine: ReturnType<typeof inProcessEngine>, dbPath: string, threadId: string): Promise<void> {
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "writers", dbPath, threadId });
  await engine.request("session/run", { sessionId, input: { note: "hi" } });
  await expect
    .poll(() => engine.notifications.find((n) => n.method === "session/terminated" && n.params.sessionId === sessionId)?.params, { timeout: 20_000 })
    .toMatchObject({ reason: "finished" });
  await engine.request("session/close", { sessionId });
}

/** The id of each checkpoint namespace's step-0 checkpoint in a thread, by namespace ("" the top graph), read from the closed database. */
async function stepZeroCheckpoints(dbPath: string, threadId: string): Promise<Record<string, string>> {
  const db = await openWorkspaceDb({ path: dbPath });
  const found: Record<string, string> = {};
  for await (const { config, metadata } of db.checkpointer.list({ configurable: { thread_id: threadId } })) {
    if (metadata?.step === 0) found[config.configurable!.checkpoint_ns as string] = config.configurable!.checkpoint_id as string;
  }
  await db.close();
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

describe("writtenBy of store items a session's nodes put", () => {
  it("names the thread, step and node of each put, parallel nodes and subgraph nodes each their own", async () => {
    const dir = mkdtempSync(join(tmpdir(), "langgraph-writers-"));
    dirs.push(dir);
    const dbPath = join(dir, "db.json");
    const engine = inProcessEngine();
    await runToEnd(engine, dbPath, "thread-w");
    expect(engine.notifications.filter((n) => n.method === "session/output" && n.params.category === "stderr")).toEqual([]);
    // The views hear of the nodes' puts as they happen (db/changed), as of any other write.
    await expect.poll(() => engine.changes.flatMap((change) => change.namespaces ?? [])).toContainEqual(["memories", "u1"]);

    // Read while no one holds the database: the session closed it with the run.
    const stepZero = await stepZeroCheckpoints(dbPath, "thread-w");
    expect(Object.keys(stepZero)).toEqual(["", expect.stringMatching(/^polish:/)]);
    await engine.request("db/open", { configFile, dbPath });
    const byKey = async () =>
      Object.fromEntries((await engine.request("db/items", { dbPath, namespace: ["memories"] })).items.map((item) => [item.key, item.writtenBy]));
    // `left` and `right` run in the first superstep after the input, from the thread's step-0
    // checkpoint; the subgraph's `tidy` in its own first, from the subgraph's step-0 checkpoint.
    const [root, polish] = Object.values(stepZero);
    const expected = {
      left: { threadId: "thread-w", checkpointId: root, step: 1, node: "left" },
      right: { threadId: "thread-w", checkpointId: root, step: 1, node: "right" },
      tidy: { threadId: "thread-w", checkpointId: polish, step: 1, node: "polish:tidy" },
    };
    expect(await byKey()).toEqual(expected);
    // The Timeline's store badges: each step's writes on the checkpoint it made, the subgraph's
    // `tidy` on the top graph's step that ran `polish` (its checkpoint's metadata parents).
    const { checkpoints } = await engine.request("db/checkpoints", { dbPath, threadId: "thread-w", storeWrites: true });
    expect(checkpoints.map(({ step, storeWrites }) => [step, storeWrites])).toEqual([
      [2, ["added memories/u1/tidy"]],
      [1, ["added memories/u1/left", "added memories/u1/right"]],
      [0, undefined],
      [-1, undefined],
    ]);
    expect((await engine.request("db/item", { dbPath, namespace: ["memories", "u1"], key: "left" })).item?.writtenBy).toEqual(expected.left);

    // An edit from the views names no node: the item no longer claims one.
    const edited = await engine.request("db/putItem", { dbPath, namespace: ["memories", "u1"], key: "left", value: { text: "by hand" } });
    expect(edited.item.writtenBy).toBeUndefined();
    await engine.closeAll();

    // Persisted: a new engine, without any session, reads the writers from the file.
    const reopened = inProcessEngine();
    await reopened.request("db/open", { configFile, dbPath });
    const items = (await reopened.request("db/items", { dbPath, namespace: ["memories"] })).items;
    expect(Object.fromEntries(items.map((item) => [item.key, item.writtenBy]))).toEqual({ left: undefined, right: expected.right, tidy: expected.tidy });
    await reopened.closeAll();
  }, 60_000);
});

describe("noting the writer of a put", () => {
  it("names a subgraph's node by the path of subgraph nodes, and nothing outside a node", () => {
    const config = (ns: string, node?: string) => ({
      configurable: { thread_id: "t" },
      metadata: { langgraph_node: node, langgraph_step: 3, langgraph_checkpoint_ns: ns },
    });
    expect(writerFrom(config("left:1f0a", "left"))).toEqual({ threadId: "t", step: 3, node: "left" });
    expect(writerFrom(config("outer:1|inner:2|deep:3", "deep"))).toEqual({ threadId: "t", step: 3, node: "outer:inner:deep" });
    // The checkpoint the step ran from: LangGraph's checkpoint_map entry for the graph the node runs in.
    const checkpointMap = { "": "c-top", "outer:1": "c-outer", "outer:1|inner:2": "c-inner" };
    const inMap = (ns: string, node: string) => ({
      ...config(ns, node),
      configurable: { thread_id: "t", checkpoint_id: undefined, checkpoint_map: checkpointMap },
    });
    expect(writerFrom(inMap("left:1f0a", "left"))).toEqual({ threadId: "t", checkpointId: "c-top", step: 3, node: "left" });
    expect(writerFrom(inMap("outer:1|inner:2|deep:3", "deep"))).toEqual({ threadId: "t", checkpointId: "c-inner", step: 3, node: "outer:inner:deep" });
    expect(writerFrom(config(""))).toBeUndefined();
    expect(writerFrom(undefined)).toBeUndefined();
  });

  it("without the user's LangGraph store machinery, says so once per graph file and lets the run go on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "langgraph-no-langgraph-"));
    dirs.push(dir);
    const warnings: string[] = [];
    expect(await captureStoreWriters(join(dir, "graph.ts"), (text) => warnings.push(text))).toBe(false);
    expect(await captureStoreWriters(join(dir, "graph.ts"), (text) => warnings.push(text))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^Store items this graph writes will not show which node wrote them: .*@langchain\/langgraph-checkpoint/)]);
  });
});
