// The db/* requests on a LangGraph server named by its URL, through the real engine process
// (dist/engine.js) and a real `langgraphjs dev` serving examples/memory-agent: the views browse
// its threads and store; a debug session on it is refused with what to do.

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

it("browses a LangGraph server's threads and store with the db/* requests, and refuses a debug session on it", async () => {
  const { thread_id: threadId } = await client.threads.create();
  await client.runs.wait(threadId, "agent", { input: { messages: [{ role: "human", content: "remember my name is Bob" }] }, context: { userId: "user-1" } });
  const { engine, changes } = startDbEngine();

  const info = await engine.request("db/open", { configFile, dbPath: `${server.url}/` });
  expect(info).toMatchObject({ kind: "server", dbPath: server.url, readOnly: false, semanticSearch: false });
  const { threads, total } = await engine.request("db/threads", { dbPath: info.dbPath });
  expect(total).toBe(1);
  expect(threads[0]).toMatchObject({ threadId, graphId: "agent", checkpointCount: 3, lastMessage: { role: "ai" } });
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

  // Copying needs the server's raw checkpoints, which its API does not give (yet): refused clearly.
  const to = join(dir, "db.json");
  await engine.request("db/open", { configFile, dbPath: to });
  await expect(engine.request("db/copyThread", { dbPath: info.dbPath, threadId, toDbPath: to })).rejects.toMatchObject({
    code: "invalidInput",
    message: expect.stringContaining(`Threads cannot be copied to or from ${server.url} yet`),
  });
});
