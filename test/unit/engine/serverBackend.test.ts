// A running LangGraph server (`langgraphjs dev` on a copy of examples/memory-agent) as a
// DataBackend: the shared contract (backendContract.ts) on its store, then what the contract
// seeds through a local checkpointer, here through the server's own runs (client.runs.wait):
// threads, history, fork, delete, changes; and its errors (server down, refused key, a server
// that hangs, unknown threads). One server for the file: the contract's cases empty it first.

import { Client } from "@langchain/langgraph-sdk";
import { createServer, request as httpRequest, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PersistenceRegistry } from "../../../src/engine/db/persistenceRegistry";
import { ServerBackend } from "../../../src/engine/db/serverBackend";
import { readGraphConfig } from "../../../src/engine/graphConfig";
import type { DbChange } from "../../../src/protocol/engine";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";
import { backendContract } from "./backendContract";

let server: LangGraphServer;
let client: Client;
beforeAll(async () => {
  server = await startLangGraphServer();
  client = new Client({ apiUrl: server.url, apiKey: null });
}, 150_000);
afterAll(async () => server?.stop());

/** Deletes every thread and store item: the contract wants an empty backend. */
async function emptyServer(): Promise<void> {
  for (;;) {
    const threads = await client.threads.search({ limit: 100 });
    if (threads.length === 0) break;
    await Promise.all(threads.map((thread) => client.threads.delete(thread.thread_id)));
  }
  for (;;) {
    const { items } = await client.store.searchItems([], { limit: 100 });
    if (items.length === 0) break;
    await Promise.all(items.map((item) => client.store.deleteItem(item.namespace, item.key)));
  }
}

const open = () => ServerBackend.open({ url: server.url, pollIntervalMs: 250 });

const noLocalCheckpointer =
  "a LangGraph server's checkpoints are written by its own runs, so made-up checkpoints cannot be seeded; covered below with real runs";
backendContract("LangGraph server (langgraphjs dev)", {
  create: async () => {
    await emptyServer();
    return open();
  },
  semanticSearch: false,
  openReadOnly: () => Promise.reject(new Error("a LangGraph server has no read-only mode")),
  notApplicable: {
    threadPages: noLocalCheckpointer,
    fork: noLocalCheckpointer,
    listeners: noLocalCheckpointer,
    readOnly: "a LangGraph server has no read-only mode yet",
  },
});

/** An HTTP proxy in front of `target` that notes each request as "METHOD /path". */
async function countingProxy(target: string): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const proxy = createServer((request, response) => {
    requests.push(`${request.method} ${request.url?.split("?")[0]}`);
    const forwarded = httpRequest(`${target}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on("error", () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  const close = () => new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve())));
  return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, requests, close };
}

/** Runs the memory agent on a new thread (or `threadId`) as user `userId`; returns the thread id. */
async function runAgent(text: string, userId: string, threadId?: string): Promise<string> {
  const id = threadId ?? (await client.threads.create()).thread_id;
  await client.runs.wait(id, "agent", { input: { messages: [{ role: "human", content: text }] }, context: { userId } });
  return id;
}

describe("LangGraph server backend", () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const opened = async () => {
    const backend = await open();
    cleanup.push(() => backend.close());
    return backend;
  };

  it("lists threads newest first with what the server's search gives, and a thread's history newest first", async () => {
    const backend = await opened();
    const first = await runAgent("remember my name is Bob", "user-a");
    await runAgent("what is my name?", "user-a", first);
    const second = await runAgent("remember I like tea", "user-b");

    const total = await client.threads.count();
    const all = await backend.threads({ offset: 0, limit: 100 });
    expect(all.total).toBe(total);
    const ids = all.threads.map((thread) => thread.threadId);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    const history = await client.threads.getHistory(first, { limit: 100 });
    // No count, step or next nodes: the search does not give them (see the next test).
    expect(all.threads.find((thread) => thread.threadId === first)).toEqual({
      threadId: first,
      updatedAt: expect.any(String),
      graphId: "agent",
      status: "idle",
      lastMessage: { role: "ai", text: expect.stringMatching(/\w/) },
    });
    expect(await backend.threads({ offset: ids.indexOf(first), limit: 1 })).toMatchObject({ total, threads: [{ threadId: first }] });

    const checkpoints = await backend.checkpoints(first, { offset: 0, limit: 100 });
    expect(checkpoints.total).toBe(history.length);
    expect(checkpoints.checkpoints.map((checkpoint) => checkpoint.checkpointId)).toEqual(history.map((state) => state.checkpoint.checkpoint_id));
    // Every checkpoint's parent is the next older one (one branch), the oldest is the input.
    checkpoints.checkpoints
      .slice(0, -1)
      .forEach((checkpoint, index) => expect(checkpoint.parentCheckpointId).toBe(checkpoints.checkpoints[index + 1]!.checkpointId));
    expect(checkpoints.checkpoints.at(-1)).toMatchObject({ step: -1, source: "input", writers: ["__start__"], next: ["__start__"] });
    expect(checkpoints.checkpoints[0]).toMatchObject({ source: "loop", writers: ["call_model"], next: [] });
    expect(await backend.checkpoints(first, { offset: 1, limit: 1 })).toEqual({ total: history.length, checkpoints: [checkpoints.checkpoints[1]] });

    const newest = await backend.checkpoint(first, checkpoints.checkpoints[0]!.checkpointId);
    expect(newest).toMatchObject({ threadId: first, values: { messages: expect.any(Array) }, metadata: { graph_id: "agent" }, pendingWrites: [] });
    expect((newest.values.messages as unknown[]).length).toBe(4);
    const input = await backend.checkpoint(first, checkpoints.checkpoints.at(-1)!.checkpointId);
    expect(input.pendingWrites).toEqual([expect.objectContaining({ node: "__start__", channel: "messages" })]);
  });

  it("lists threads with one search and a count, reading no thread's history or state", async () => {
    await Promise.all(
      ["one", "two", "three", "four", "five"].map((text) =>
        client.threads.create({
          graphId: "agent",
          supersteps: [{ updates: [{ values: { messages: [{ role: "human", content: text }] }, asNode: "__start__" }] }],
        }),
      ),
    );
    const proxy = await countingProxy(server.url);
    const { requests } = proxy;
    cleanup.push(() => proxy.close());
    const backend = await ServerBackend.open({ url: proxy.url });
    cleanup.push(() => backend.close());
    requests.length = 0;

    const { threads, total } = await backend.threads({ offset: 0, limit: 100 });
    expect(threads.length).toBeGreaterThanOrEqual(5);
    expect(total).toBe(threads.length);
    expect(threads.filter((thread) => thread.lastMessage?.role === "human")).toHaveLength(5);
    expect([...requests].sort()).toEqual(["POST /threads/count", "POST /threads/search"]);

    // Opening a thread reads its history: its checkpoints, as before.
    requests.length = 0;
    const opened = threads.find((thread) => thread.lastMessage?.text === "three")!;
    expect((await backend.checkpoints(opened.threadId, { offset: 0, limit: 10 })).total).toBe(1);
    expect(requests).toEqual([`POST /threads/${opened.threadId}/history`]);
  });

  it("forks with updateState and leaves the original branch as it was", async () => {
    const backend = await opened();
    const threadId = await runAgent("remember my name is Bob", "user-c");
    const before = (await backend.checkpoints(threadId, { offset: 0, limit: 10 })).checkpoints;
    const details = await Promise.all(before.map((checkpoint) => backend.checkpoint(threadId, checkpoint.checkpointId)));
    // After __start__ wrote the human message, before call_model answered.
    const mid = before.find((checkpoint) => checkpoint.step === 0)!;

    const { checkpointId } = await backend.updateState({
      threadId,
      checkpointId: mid.checkpointId,
      path: ["messages", 0, "content"],
      value: "my name is Alice",
    });

    const after = await backend.checkpoints(threadId, { offset: 0, limit: 10 });
    expect(after.total).toBe(before.length + 1);
    expect(after.checkpoints[0]).toMatchObject({ checkpointId, parentCheckpointId: mid.checkpointId, source: "update", step: 1 });
    const forked = await backend.checkpoint(threadId, checkpointId);
    expect(forked.values.messages).toEqual([expect.objectContaining({ content: "my name is Alice" })]);
    for (const detail of details) expect(await backend.checkpoint(threadId, detail.checkpointId)).toEqual(detail);
  });

  it("deletes a thread, and calls an unknown thread or checkpoint checkpointNotFound, naming the server", async () => {
    const backend = await opened();
    const threadId = await runAgent("remember my name is Bob", "user-d");
    const { checkpoints } = await backend.checkpoints(threadId, { offset: 0, limit: 1 });
    await expect(backend.checkpoint(threadId, "1f000000-0000-6000-8000-000000000000")).rejects.toMatchObject({ code: "checkpointNotFound" });
    await backend.deleteThread(threadId);
    for (const unknown of [threadId, "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      await expect(backend.checkpoints(unknown, { offset: 0, limit: 10 })).rejects.toMatchObject({
        code: "checkpointNotFound",
        message: expect.stringContaining(server.url),
      });
    }
    await expect(backend.checkpoint(threadId, checkpoints[0]!.checkpointId)).rejects.toMatchObject({ code: "checkpointNotFound" });
    await expect(backend.deleteThread(threadId)).rejects.toMatchObject({ code: "checkpointNotFound" });
  });

  it("tells its listeners of its own writes at once and of other clients' by polling, until they unsubscribe", async () => {
    const backend = await opened();
    const changes: DbChange[] = [];
    const unsubscribe = backend.onChange((change) => changes.push(change));
    await backend.putItem({ namespace: ["notes", "own"], key: "k" }, { text: "mine" });
    expect(changes).toContainEqual({ dbPath: server.url, kinds: ["store"], namespaces: [["notes", "own"]] });

    // Another client (the server's own runs, or an app) writes: seen by polling.
    await runAgent("remember I like tea", "user-e");
    await expect.poll(() => changes.some((change) => change.kinds.includes("external")), { timeout: 10_000 }).toBe(true);
    unsubscribe();
    changes.length = 0;
    await backend.deleteItem({ namespace: ["notes", "own"], key: "k" });
    expect(changes).toEqual([]);
  });

  it("names the server by its URL only: an API key in the address is used but never shown", async () => {
    const backend = await ServerBackend.open({ url: `${server.url}/?apiKey=secret-key` });
    cleanup.push(() => backend.close());
    expect(backend.info()).toMatchObject({ kind: "server", location: server.url, readOnly: false });
    const failure = await backend.checkpoints("not-a-uuid", { offset: 0, limit: 1 }).catch((error: unknown) => error);
    expect(JSON.stringify([backend.info(), String(failure)])).not.toContain("secret-key");
  });

  it("refuses a debug session on the server with what to do, and serves the views", async () => {
    const registry = new PersistenceRegistry();
    cleanup.push(() => registry.closeAll());
    const config = await readGraphConfig(join(__dirname, "..", "..", "..", "examples", "memory-agent", "langgraph.json"));
    await expect(registry.acquire(config, server.url, () => undefined)).rejects.toMatchObject({
      message: expect.stringContaining(`cannot run on the LangGraph server ${server.url}`),
      hint: expect.stringContaining("attach to it"),
    });
    const lease = await registry.leaseForViews(config, `${server.url}/`, () => undefined);
    expect(lease.path).toBe(server.url);
    expect((await registry.current(server.url))?.info().kind).toBe("server");
    await lease.release();
    expect(await registry.current(server.url)).toBeUndefined();
  });
});

describe("LangGraph server backend errors", () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((stand) => (stand.closeAllConnections(), stand.close())));
  /** An HTTP server on a free port that answers every request with `respond` (or never, when it does not end the response). */
  const standIn = async (respond: Parameters<typeof createServer>[1]): Promise<string> => {
    const stand = createServer(respond);
    servers.push(stand);
    await new Promise<void>((resolve) => stand.listen(0, "127.0.0.1", resolve));
    const address = stand.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  };

  it("a server that is down: one clear error naming the URL", async () => {
    const url = await standIn(() => undefined);
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(ServerBackend.open({ url })).rejects.toMatchObject({
      code: "dbNotOpen",
      message: `Cannot reach the LangGraph server ${url}: nothing answers at that address.`,
    });
  });

  it("a refused API key (401): dbAuthFailed, and the key is not shown", async () => {
    const url = await standIn((_request, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end('{"detail":"Unauthorized"}');
    });
    const failure = await ServerBackend.open({ url, apiKey: "wrong-key" }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbAuthFailed", message: expect.stringContaining(url), hint: expect.stringContaining("LANGGRAPH_API_KEY") });
    expect(JSON.stringify(failure) + String(failure)).not.toContain("wrong-key");
  });

  it("a web server that is not a LangGraph server: says so, naming the URL", async () => {
    const url = await standIn((_request, response) => {
      response.writeHead(404, { "content-type": "text/html" });
      response.end("<h1>Not Found</h1>");
    });
    await expect(ServerBackend.open({ url })).rejects.toMatchObject({
      code: "dbNotOpen",
      message: `${url} answers, but not as a LangGraph server: it does not serve POST /threads/count (HTTP 404).`,
    });
  });

  it("a server that never answers: the request times out instead of hanging", async () => {
    const url = await standIn(() => undefined);
    await expect(ServerBackend.open({ url, timeoutMs: 300 })).rejects.toMatchObject({
      code: "dbNotOpen",
      message: expect.stringContaining("did not answer in time"),
    });
  });
});
