// The db/* requests and debug sessions on a Postgres database named by URL, through the real
// engine process (dist/engine.js) and a real PostgreSQL server: the same requests the views
// make on the workspace JSON database, keyed by the URL without its password.

import { join } from "node:path";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../../src/engineClient/engineClient";
import type { SessionStop } from "../../../src/protocol/engine";
import { startPostgresServer, type PostgresServer } from "../../support/postgresServer";
import { dbFixture, disposeDbEngines, startDbEngine } from "./dbEngine";

const configFile = join(dbFixture, "langgraph.json");
let server: PostgresServer;
let schemas = 0;

beforeAll(async () => {
  server = await startPostgresServer();
}, 60_000);
afterAll(async () => server?.stop());
afterEach(disposeDbEngines);

/** A URL naming a schema of its own, so every test starts empty. */
function freshUrl(extra = ""): string {
  schemas += 1;
  return `${server.url}?schema=requests_${schemas}${extra}`;
}

/** Runs the notes graph on a thread until its interrupt. */
async function runNotes(engine: EngineClient, stops: SessionStop[], dbPath: string, threadId: string, note: string): Promise<void> {
  const { sessionId } = await engine.request("session/open", { configFile, graphId: "notes", dbPath, threadId });
  const before = stops.length;
  await engine.request("session/run", { sessionId, input: { note } });
  await expect.poll(() => stops.slice(before).find((stop) => stop.sessionId === sessionId)?.reason, { timeout: 20_000 }).toBe("interrupt");
  await engine.request("session/close", { sessionId });
}

describe("a Postgres database named by URL", () => {
  it("runs a session on it and browses it with the db/* requests, never showing the password", async () => {
    const { engine, stops, changes } = startDbEngine();
    const url = freshUrl();
    await runNotes(engine, stops, url, "thread-a", "buy milk");
    const info = await engine.request("db/open", { configFile, dbPath: url });
    expect(info).toMatchObject({ kind: "postgres", readOnly: false, semanticSearch: false });
    expect(info.dbPath).toBe(url.replace(`:${server.password}@`, "@"));
    const { threads, total } = await engine.request("db/threads", { dbPath: info.dbPath });
    expect(total).toBe(1);
    expect(threads[0]).toMatchObject({ threadId: "thread-a", graphId: "notes" });
    const { checkpoints } = await engine.request("db/checkpoints", { dbPath: info.dbPath, threadId: "thread-a" });
    expect(checkpoints.length).toBeGreaterThan(1);
    await engine.request("db/putItem", { dbPath: info.dbPath, namespace: ["memories", "1"], key: "name", value: { name: "Bob" } });
    await expect.poll(() => changes.some((change) => change.dbPath === info.dbPath && change.kinds.includes("store")), { timeout: 5000 }).toBe(true);
    expect(JSON.stringify([info, threads, checkpoints, changes])).not.toContain(server.password);
  });

  it("shows what a production app wrote with PostgresSaver and PostgresStore, and tells the views", async () => {
    const { engine, changes } = startDbEngine();
    const url = freshUrl();
    const info = await engine.request("db/open", { configFile, dbPath: url });
    const schema = new URL(url).searchParams.get("schema")!;
    const connection = server.url;
    const store = PostgresStore.fromConnString(connection, { schema });
    const saver = PostgresSaver.fromConnString(connection, { schema });
    try {
      await store.put(["memories", "2"], "name", { name: "Alice" });
      // Another process's write: found by polling, reported as an outside change.
      await expect.poll(() => changes.some((change) => change.dbPath === info.dbPath && change.kinds.includes("external")), { timeout: 10_000 }).toBe(true);
      const { items } = await engine.request("db/items", { dbPath: info.dbPath, namespace: ["memories"] });
      expect(items.map((item) => [item.namespace, item.key, item.value])).toEqual([[["memories", "2"], "name", { name: "Alice" }]]);
      // And the app reads what the debugger wrote.
      await engine.request("db/putItem", { dbPath: info.dbPath, namespace: ["memories", "3"], key: "name", value: { name: "Carol" } });
      expect((await store.get(["memories", "3"], "name"))?.value).toEqual({ name: "Carol" });
      expect(await saver.getTuple({ configurable: { thread_id: "absent" } })).toBeUndefined();
    } finally {
      await store.stop();
      await saver.end();
    }
  });

  it("readOnly=true: the views read, every write and every debug session is refused with what to do", async () => {
    const { engine, stops } = startDbEngine();
    const writable = freshUrl();
    await runNotes(engine, stops, writable, "thread-a", "buy milk");
    const url = `${writable}&readOnly=true`;
    const info = await engine.request("db/open", { configFile, dbPath: url });
    expect(info).toMatchObject({ kind: "postgres", readOnly: true, readOnlyReason: expect.stringContaining("Copy Thread to Workspace Database") });
    expect(info.dbPath).toContain("readOnly=true");
    expect((await engine.request("db/threads", { dbPath: info.dbPath })).total).toBe(1);
    await expect(
      engine.request("db/putItem", { dbPath: info.dbPath, namespace: ["memories", "1"], key: "name", value: { name: "Bob" } }),
    ).rejects.toMatchObject({
      code: "notEditable",
    });
    await expect(engine.request("session/open", { configFile, graphId: "notes", dbPath: url, threadId: "thread-b" })).rejects.toMatchObject({
      message: expect.stringContaining("read-only (readOnly=true)"),
    });
  });

  it("a refused password comes back as dbAuthFailed, for the extension to ask for it", async () => {
    const { engine } = startDbEngine();
    const url = freshUrl().replace(server.password, "not-the-password");
    const failure = await engine.request("db/open", { configFile, dbPath: url }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "dbAuthFailed" });
    expect(String(failure)).not.toContain("not-the-password");
  });
});
