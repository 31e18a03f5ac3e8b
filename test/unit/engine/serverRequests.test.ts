// The db/* requests on a LangGraph server named by its URL, through the real engine process
// (dist/engine.js) and a real `langgraphjs dev` serving examples/memory-agent: the views browse
// its threads and store; a debug session on it is refused with what to do; a thread is copied
// into the workspace database with the same history.

import { Client } from "@langchain/langgraph-sdk";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";
import { dbFixture, disposeDbEngines, startDbEngine } from "./dbEngine";

const configFile = join(dbFixture, "langgraph.json");
const dir = mkdtempSync(join(tmpdir(), "langgraph-server-requests-"));
let server: LangGraphServer;
let client: Client;

beforeAll(async () => {
  server = await startLangGraphServer();
  client = new Client({ apiUrl: server.url, apiKey: null });
}, 150_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(disposeDbEngines);

it("browses a LangGraph server with the db/* requests, refuses a debug session on it, and copies a thread to debug", async () => {
  const { thread_id: threadId } = await client.threads.create();
  await client.runs.wait(threadId, "agent", { input: { messages: [{ role: "human", content: "remember my name is Bob" }] }, context: { userId: "user-1" } });
  const { engine, changes } = startDbEngine();

  const info = await engine.request("db/open", { configFile, dbPath: `${server.url}/` });
  expect(info).toMatchObject({ kind: "server", dbPath: server.url, readOnly: false, semanticSearch: false });
  const { threads, total } = await engine.request("db/threads", { dbPath: info.dbPath });
  expect(total).toBe(1);
  expect(threads[0]).toMatchObject({ threadId, graphId: "agent", status: "idle", lastMessage: { role: "ai" } });
  expect(threads[0]!.checkpointCount).toBeUndefined();
  const { checkpoints } = await engine.request("db/checkpoints", { dbPath: info.dbPath, threadId });
  expect(checkpoints.map((checkpoint) => checkpoint.step)).toEqual([1, 0, -1]);
  const { items } = await engine.request("db/items", { dbPath: info.dbPath, namespace: ["memories"] });
  expect(items).toEqual([expect.objectContaining({ namespace: ["memories", "user-1"], value: { data: "my name is Bob" } })]);
  expect(await engine.request("db/namespaces", { dbPath: info.dbPath })).toEqual({ namespaces: [{ namespace: ["memories", "user-1"], count: 1 }] });
  await engine.request("db/putItem", { dbPath: info.dbPath, namespace: ["memories", "user-1"], key: "tea", value: { data: "likes tea" } });
  await expect.poll(() => changes.some((change) => change.dbPath === info.dbPath && change.kinds.includes("store")), { timeout: 5000 }).toBe(true);
  expect((await client.store.getItem(["memories", "user-1"], "tea"))?.value).toEqual({ data: "likes tea" });

  await expect(engine.request("session/open", { configFile, graphId: "notes", dbPath: server.url })).rejects.toMatchObject({
    message: expect.stringContaining(`A debug session cannot run on the LangGraph server ${server.url}`),
  });

  // Copy Thread to Workspace Database: the same history there, where it can be debugged.
  const to = join(dir, "db.json");
  await engine.request("db/open", { configFile, dbPath: to });
  const copied = await engine.request("db/copyThread", { dbPath: info.dbPath, threadId, toDbPath: to, labels: ["user-1"] });
  expect(copied).toMatchObject({ threadId, dbPath: to, checkpoints: 3, items: 2, labels: [threadId, "user-1"] });
  expect(await engine.request("db/checkpoints", { dbPath: to, threadId })).toEqual(await engine.request("db/checkpoints", { dbPath: info.dbPath, threadId }));
  for (const { checkpointId } of checkpoints) {
    const [there, here] = await Promise.all([info.dbPath, to].map((dbPath) => engine.request("db/checkpoint", { dbPath, threadId, checkpointId })));
    expect(here).toEqual(there);
  }
  expect(await engine.request("db/namespaces", { dbPath: to })).toEqual({ namespaces: [{ namespace: ["memories", "user-1"], count: 2 }] });
  // The copy runs on: a debug session continues the conversation from the copied state.
  const agentConfig = join(__dirname, "..", "..", "..", "examples", "memory-agent", "langgraph.json");
  const ended: Array<{ sessionId: string; reason: string }> = [];
  engine.onNotification("session/terminated", (event) => ended.push(event));
  const { sessionId } = await engine.request("session/open", {
    configFile: agentConfig,
    graphId: "agent",
    dbPath: to,
    threadId,
    context: { userId: "user-1" },
  });
  await engine.request("session/run", { sessionId, input: { messages: [{ role: "human", content: "what is my name?" }] } });
  await expect.poll(() => ended.find((event) => event.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("finished");
  const { checkpoints: after } = await engine.request("db/checkpoints", { dbPath: to, threadId });
  expect(after.length).toBeGreaterThan(checkpoints.length);
  const newest = await engine.request("db/checkpoint", { dbPath: to, threadId, checkpointId: after[0]!.checkpointId });
  expect((newest.values.messages as Array<{ content?: unknown }>).map((message) => message.content)).toEqual([
    "remember my name is Bob",
    expect.any(String),
    "what is my name?",
    expect.stringContaining("Bob"),
  ]);

  // And not the other way: a server's checkpoints are written by its own runs.
  await expect(engine.request("db/copyThread", { dbPath: to, threadId, toDbPath: info.dbPath, newThreadId: "x" })).rejects.toMatchObject({
    code: "invalidInput",
    message: expect.stringContaining(`Threads cannot be copied into ${server.url}`),
  });
});

it("draws a graph as the server serves it (db/graphShape), and names the server's graphs for an unknown one", async () => {
  const { engine } = startDbEngine();
  const { dbPath } = await engine.request("db/open", { configFile, dbPath: server.url });
  const shape = await engine.request("db/graphShape", { dbPath, graphId: "agent" });
  expect(shape.graphId).toBe("agent");
  expect(shape.nodes.map((node) => `${node.kind}:${node.name}`).sort()).toEqual(["end:__end__", "node:call_model", "start:__start__"]);
  expect(shape.edges).toEqual(expect.arrayContaining([expect.objectContaining({ source: "__start__", target: "call_model" })]));
  // The run form of the debugger view: the context schema the server reports for the graph.
  expect(shape.contextSchema?.properties).toHaveProperty("userId");
  await expect(engine.request("db/graphShape", { dbPath, graphId: "nope" })).rejects.toMatchObject({
    message: expect.stringContaining('no graph or assistant "nope" (its graphs: agent)'),
  });
  // A workspace database's graphs come from langgraph.json: it refuses, saying so.
  const to = join(dir, "shape.json");
  await engine.request("db/open", { configFile, dbPath: to });
  await expect(engine.request("db/graphShape", { dbPath: to, graphId: "notes" })).rejects.toMatchObject({
    message: expect.stringContaining("does not run graphs"),
  });
});
