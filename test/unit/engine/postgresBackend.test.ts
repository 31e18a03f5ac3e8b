// A real PostgreSQL database as a DataBackend: the shared contract (backendContract.ts), a
// production app's own PostgresSaver/PostgresStore on the same tables, and connection errors.
// The server is a throwaway one (test/support/postgresServer.ts); each test gets its own schema.

import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { Send } from "@langchain/langgraph";
import { TASKS, uuid6, type CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { Client, Pool } from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DataBackend } from "../../../src/engine/db/backend";
import { PostgresBackend } from "../../../src/engine/db/postgresBackend";
import type { DbChange } from "../../../src/protocol/engine";
import { startPostgresServer, type PostgresServer } from "../../support/postgresServer";
import { backendContract } from "./backendContract";

let server: PostgresServer;
let startedInMs = 0;
beforeAll(async () => {
  const started = Date.now();
  server = await startPostgresServer();
  startedInMs = Date.now() - started;
});
afterAll(async () => {
  console.log(`PostgreSQL started in ${startedInMs} ms`);
  await server?.stop();
});

let schemas = 0;
const freshSchema = () => `test_${process.pid}_${++schemas}`;
/** The schema each backend was opened on, to open its data a second time. */
const schemaOf = new WeakMap<DataBackend, string>();

async function openBackend(schema = freshSchema(), options: { readOnly?: boolean; pollIntervalMs?: number } = {}): Promise<PostgresBackend> {
  const backend = await PostgresBackend.open({ url: server.url, schema, pollIntervalMs: 250, ...options });
  schemaOf.set(backend, schema);
  return backend;
}

backendContract("PostgreSQL (PostgresSaver + PostgresStore)", {
  create: () => openBackend(),
  // pgvector is not in Debian's repository here: the backend must say so and refuse queries.
  semanticSearch: false,
  openReadOnly: (backend) => openBackend(schemaOf.get(backend), { readOnly: true }),
});

describe("PostgreSQL backend", () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const opened = async (schema?: string, options?: { readOnly?: boolean }) => {
    const backend = await openBackend(schema, options);
    cleanup.push(() => backend.close());
    return backend;
  };

  it("shares its tables with a production app's own PostgresSaver and PostgresStore, both ways", async () => {
    const schema = freshSchema();
    const backend = await opened(schema);
    const changes: DbChange[] = [];
    cleanup.push(async () => backend.onChange((change) => changes.push(change))());
    backend.onChange((change) => changes.push(change));

    // The app, as a script would write it.
    const saver = PostgresSaver.fromConnString(server.url, { schema });
    const store = PostgresStore.fromConnString(server.url, { schema });
    cleanup.push(
      () => saver.end(),
      () => store.stop(),
    );
    const checkpoint = {
      v: 4,
      id: uuid6(-1),
      ts: new Date().toISOString(),
      channel_values: { count: 7 },
      channel_versions: { count: 1 },
      versions_seen: {},
    };
    await saver.put({ configurable: { thread_id: "from-app", checkpoint_ns: "" } }, checkpoint, { source: "input", step: -1, parents: {} }, { count: 1 });
    await store.put(["memories", "user-1"], "likes", { text: "tea" });

    // The debugger sees it, and hears of it by polling.
    await expect.poll(() => changes.some((change) => change.kinds.includes("external")), { timeout: 10_000 }).toBe(true);
    expect((await backend.threads({ offset: 0, limit: 10 })).threads).toMatchObject([{ threadId: "from-app", checkpointCount: 1, step: -1 }]);
    expect((await backend.checkpoint("from-app", checkpoint.id)).values).toEqual({ count: 7 });
    expect(await backend.namespaces([])).toEqual([{ namespace: ["memories", "user-1"], count: 1 }]);
    expect(await backend.item({ namespace: ["memories", "user-1"], key: "likes" })).toMatchObject({ value: { text: "tea" } });

    // The app sees the debugger's edits.
    await backend.putItem({ namespace: ["memories", "user-1"], key: "likes" }, { text: "coffee" });
    await backend.moveItem({ namespace: ["memories", "user-1"], key: "likes" }, { namespace: ["memories", "user-2"], key: "likes" });
    expect(await store.get(["memories", "user-1"], "likes")).toBeNull();
    expect((await store.get(["memories", "user-2"], "likes"))?.value).toEqual({ text: "coffee" });
    expect(await store.search(["memories"], { filter: { text: "coffee" } })).toHaveLength(1);
    await backend.deleteThread("from-app");
    expect(await saver.getTuple({ configurable: { thread_id: "from-app", checkpoint_ns: "" } })).toBeUndefined();
  });

  it("summarizes a thread by its last message, as LangGraph's messages channel holds it", async () => {
    const backend = await opened();
    const checkpoint = {
      v: 4,
      id: uuid6(-1),
      ts: new Date().toISOString(),
      channel_values: {
        messages: [new HumanMessage("what's the weather?"), new AIMessage({ content: "", tool_calls: [{ name: "weather", args: {}, id: "c1" }] })],
      },
      channel_versions: { messages: 1 },
      versions_seen: {},
    };
    await backend.checkpointer.put(
      { configurable: { thread_id: "chat", checkpoint_ns: "" } },
      checkpoint,
      { source: "loop", step: 1, parents: {} },
      { messages: 1 },
    );
    expect((await backend.threads({ offset: 0, limit: 1 })).threads[0]).toMatchObject({ threadId: "chat", lastMessage: { role: "ai", text: "calls weather" } });
  });

  it("lists a thread's step, time, graph and next nodes from its newest checkpoint, Sends first", async () => {
    const backend = await opened();
    const ts = new Date().toISOString();
    const values = { [TASKS]: [new Send("worker", { n: 1 })], "branch:to:agent": null, messages: [new HumanMessage("hi")] };
    const versions = { [TASKS]: 1, "branch:to:agent": 1, messages: 1, "branch:to:done": 1 };
    await backend.checkpointer.put(
      { configurable: { thread_id: "fan-out", checkpoint_ns: "" } },
      { v: 4, id: uuid6(-1), ts, channel_values: values, channel_versions: versions, versions_seen: {} },
      { source: "loop", step: 3, parents: {}, graph_id: "agent" } as CheckpointMetadata,
      versions,
    );
    // "branch:to:done" has a version but no value (an "empty" blob): done does not run next.
    expect((await backend.threads({ offset: 0, limit: 1 })).threads).toEqual([
      {
        threadId: "fan-out",
        checkpointCount: 1,
        step: 3,
        updatedAt: ts,
        graphId: "agent",
        next: ["worker", "agent"],
        lastMessage: { role: "human", text: "hi" },
      },
    ]);
  });

  it("lists a thread whose last message holds a NUL character, which Postgres's json type refuses", async () => {
    const backend = await opened();
    const values = { messages: [new HumanMessage("hi"), new AIMessage("nul\u0000here")] };
    await backend.checkpointer.put(
      { configurable: { thread_id: "nul", checkpoint_ns: "" } },
      { v: 4, id: uuid6(-1), ts: new Date().toISOString(), channel_values: values, channel_versions: { messages: 1 }, versions_seen: {} },
      { source: "loop", step: 1, parents: {} },
      { messages: 1 },
    );
    expect((await backend.threads({ offset: 0, limit: 1 })).threads[0]).toMatchObject({ threadId: "nul", lastMessage: { role: "ai", text: "nul\u0000here" } });
  });

  it("lists the Sends of a checkpoint older than format 4, kept in its parent's writes", async () => {
    const backend = await opened();
    const thread = { configurable: { thread_id: "old", checkpoint_ns: "" } };
    const parent = await backend.checkpointer.put(
      thread,
      { v: 1, id: uuid6(-1), ts: new Date().toISOString(), channel_values: {}, channel_versions: {}, versions_seen: {} },
      { source: "loop", step: 0, parents: {} },
      {},
    );
    await backend.checkpointer.putWrites(parent, [[TASKS, new Send("worker", { n: 1 })]], "task-1");
    await backend.checkpointer.put(
      parent,
      { v: 1, id: uuid6(-1), ts: new Date().toISOString(), channel_values: {}, channel_versions: {}, versions_seen: {} },
      { source: "loop", step: 1, parents: {} },
      {},
    );
    expect((await backend.threads({ offset: 0, limit: 1 })).threads[0]).toMatchObject({ threadId: "old", step: 1, next: ["worker"] });
  });

  it("gives the store the index its namespace-prefix listings need, when writable", async () => {
    const schema = freshSchema();
    await opened(schema);
    const client = new Client({ connectionString: server.url });
    await client.connect();
    cleanup.push(() => client.end());
    const { rows } = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'store'", [schema]);
    // PostgresStore's own btree serves LIKE 'prefix%' only under the C collation.
    expect(rows.map((row) => row.indexdef)).toContainEqual(expect.stringMatching(/\(namespace_path text_pattern_ops\)/));
  });

  it("opens writable as a role that may write but does not own the store table (no index then)", async () => {
    const schema = freshSchema();
    const owner = await openBackend(schema);
    await owner.close();
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    cleanup.push(() => admin.end());
    // Tables made by the app's own migrations, under another role, before the debugger came.
    await admin.query(`DROP INDEX "${schema}".store_namespace_path_prefix`);
    const role = `writer_${process.pid}`;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'writer-pw'`);
    await admin.query(`GRANT CREATE ON DATABASE postgres TO ${role}`);
    await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);

    const url = server.url.replace(`postgres:${server.password}@`, `${role}:writer-pw@`);
    const backend = await PostgresBackend.open({ url, schema });
    cleanup.push(() => backend.close());
    await backend.putItem({ namespace: ["memories", "user-1"], key: "likes" }, { text: "tea" });
    expect(await backend.items({ namespace: ["memories"], offset: 0, limit: 10 })).toMatchObject({ total: 1, items: [{ key: "likes" }] });
    const index = await admin.query("SELECT to_regclass($1) AS found", [`"${schema}".store_namespace_path_prefix`]);
    expect(index.rows[0]).toEqual({ found: null });
  });

  it("a conflicting change by another process is a conflict, not overwritten", async () => {
    const schema = freshSchema();
    const backend = await opened(schema);
    const store = PostgresStore.fromConnString(server.url, { schema });
    cleanup.push(() => store.stop());
    const address = { namespace: ["memories"], key: "k" };
    const opened1 = await backend.putItem(address, { text: "mine" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.put(address.namespace, address.key, { text: "the app's" });
    await expect(backend.putItem(address, { text: "edited" }, { ifUpdatedAt: opened1.updatedAt })).rejects.toMatchObject({ code: "conflict" });
    expect((await store.get(address.namespace, address.key))?.value).toEqual({ text: "the app's" });
  });

  it("lists a namespace prefix label by label, not by text", async () => {
    const backend = await opened();
    await backend.putItem({ namespace: ["note"], key: "a" }, { text: "1" });
    await backend.putItem({ namespace: ["notes"], key: "b" }, { text: "2" });
    expect(await backend.namespaces(["note"])).toEqual([{ namespace: ["note"], count: 1 }]);
    expect(await backend.items({ namespace: ["note"], offset: 0, limit: 10 })).toMatchObject({ total: 1, items: [{ key: "a" }] });
  });

  it("a namespace PostgresStore cannot hold is invalid input, with its reason", async () => {
    const backend = await opened();
    await expect(backend.item({ namespace: [], key: "k" })).rejects.toMatchObject({ code: "invalidInput", message: expect.stringContaining("empty") });
    await expect(backend.deleteItem({ namespace: ["a.b"], key: "k" })).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("periods"),
    });
    // The backend's own SQL writes keep the store's rules, and ":" (its label separator) out.
    for (const namespace of [["a.b"], ["a:b"], ["100%"], ["langgraph", "x"]]) {
      await expect(backend.putItem({ namespace, key: "k" }, { text: "x" }), namespace.join("/")).rejects.toMatchObject({ code: "invalidInput" });
    }
    await backend.putItem({ namespace: ["ok"], key: "k" }, { text: "x" });
    await expect(backend.moveItem({ namespace: ["ok"], key: "k" }, { namespace: ["a:b"], key: "k" })).rejects.toMatchObject({ code: "invalidInput" });
    expect(await backend.namespaces([])).toEqual([{ namespace: ["ok"], count: 1 }]);
  });

  it("says semantic search needs pgvector, and refuses a query", async () => {
    const backend = await opened();
    expect(backend.info().capabilities.semanticSearch).toEqual({ available: false, reason: expect.stringContaining("pgvector") });
    await expect(backend.items({ namespace: [], query: "tea", offset: 0, limit: 10 })).rejects.toMatchObject({ code: "invalidInput" });
  });

  it("a refused connection is one clear error naming the URL", async () => {
    const url = `postgres://postgres:secret-pw@127.0.0.1:${server.port + 1}/postgres`;
    const failure = await PostgresBackend.open({ url }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbNotOpen", message: expect.stringContaining("nothing answers at that host and port") });
    expect((failure as Error).message).toContain("postgres://postgres@127.0.0.1:");
    expect(JSON.stringify(failure) + String(failure)).not.toContain("secret-pw");
  });

  it("a refused password is one clear error, without the password", async () => {
    const url = server.url.replace(server.password, "wrong-pw");
    const failure = await PostgresBackend.open({ url }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbAuthFailed", message: expect.stringContaining("the password was refused") });
    expect(String(failure)).not.toContain("wrong-pw");
  });

  it("a URL without the password the server wants is dbAuthFailed, for the extension to ask", async () => {
    const url = new URL(server.url);
    url.password = "";
    const previous = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      const failure = await PostgresBackend.open({ url: url.toString() }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "dbAuthFailed", message: expect.stringContaining("the URL gives none") });
    } finally {
      if (previous !== undefined) process.env.PGPASSWORD = previous;
    }
  });

  it("a URL that is not postgres:// is refused with the form to write", async () => {
    for (const url of ["mysql://root:secret-pw@127.0.0.1/db", "127.0.0.1:5432"]) {
      const failure = await PostgresBackend.open({ url }).catch((error: unknown) => error);
      expect(failure, url).toMatchObject({ code: "invalidInput", message: expect.stringContaining("postgres://user:password@host:port/database") });
      expect(String(failure)).not.toContain("secret-pw");
    }
  });

  it("an unknown database is one clear error", async () => {
    const url = server.url.replace(/\/postgres$/, "/absent");
    await expect(PostgresBackend.open({ url })).rejects.toMatchObject({ code: "dbNotOpen", message: expect.stringContaining("the database does not exist") });
  });

  it("a server that never answers fails after the connect timeout instead of hanging", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as AddressInfo;
    const failure = await PostgresBackend.open({ url: `postgres://postgres:pw@127.0.0.1:${port}/postgres`, connectTimeoutMs: 300 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: "dbNotOpen", message: expect.stringContaining("the connection timed out") });
  });

  it("read-only on a schema without LangGraph's tables says which tables are missing", async () => {
    const failure = await PostgresBackend.open({ url: server.url, schema: freshSchema(), readOnly: true }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbNotOpen", message: expect.stringMatching(/no LangGraph checkpoints or store table/) });
    expect(String(failure)).not.toContain(server.password);
  });

  it("read-only on tables an older PostgresStore made says so, and what to run, at open", async () => {
    const schema = freshSchema();
    await (await PostgresBackend.open({ url: server.url, schema })).close();
    // PostgresStore before TTL support: no expires_at column.
    const pool = new Pool({ connectionString: server.url });
    try {
      await pool.query(`ALTER TABLE "${schema}".store DROP COLUMN expires_at`);
    } finally {
      await pool.end();
    }
    const failure = await PostgresBackend.open({ url: server.url, schema, readOnly: true }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbNotOpen", message: expect.stringContaining("not those this version of PostgresSaver/PostgresStore reads") });
    expect((failure as { hint?: string }).hint).toContain("store.setup()");
  });
});
