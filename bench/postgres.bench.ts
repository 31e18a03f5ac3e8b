// `npm run bench postgres`: the Postgres backend's listings on a production-sized database, with
// the workspace JSON backend holding the same data measured in the same run beside it. Targets
// are issue 16's (absolute): Threads view's first page over 10,000 threads ≤ 200 ms, the Memory
// Store view's pages over 100,000 items ≤ 100 ms. Prints a markdown table with a verdict per
// target and exits 1 when one is missed. The server is a throwaway one (test/support).
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { BaseCheckpointSaver, Checkpoint, CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { uuid6 } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import type { DataBackend } from "../src/engine/db/backend";
import { PostgresBackend } from "../src/engine/db/postgresBackend";
import { WorkspaceBackend } from "../src/engine/db/workspaceBackend";
import { startPostgresServer } from "../test/support/postgresServer";
import { printBenchTable, type BenchRow } from "./benchTable";

const THREADS = 10_000;
/** What the Threads view asks for (src/ui/views/threadsView.ts, `db/threads`). */
const THREADS_PAGE = 500;
/** What the Memory Store view asks for per namespace (src/ui/views/storeView.ts, ITEM_LIMIT). */
const ITEMS_PAGE = 500;
const USERS = 1_000;
const ITEMS_PER_USER = 90;
/** One namespace holding many, beside the 1,000 small ones: 100,000 items in all. */
const SHARED_ITEMS = 10_000;
const ITEMS = USERS * ITEMS_PER_USER + SHARED_ITEMS;
const RUNS = 9;
const SCHEMA = "bench";

const rows: BenchRow[] = [];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median time of `run` over RUNS runs after one warm-up, taken in turn with the peer's. */
async function sideBySide(ours: () => Promise<unknown>, peer: () => Promise<unknown>): Promise<{ ours: number; peer: number }> {
  const times = { ours: [] as number[], peer: [] as number[] };
  await ours();
  await peer();
  for (let r = 0; r < RUNS; r++) {
    for (const side of r % 2 === 0 ? (["ours", "peer"] as const) : (["peer", "ours"] as const)) {
      const start = performance.now();
      await (side === "ours" ? ours : peer)();
      times[side].push(performance.now() - start);
    }
  }
  return { ours: median(times.ours), peer: median(times.peer) };
}

function compare(measure: string, times: { ours: number; peer: number }, limitMs: number): void {
  rows.push({
    measure,
    ours: ms(times.ours),
    peer: `${ms(times.peer)} (workspace JSON db)`,
    ratio: times.ours / times.peer,
    target: `≤ ${limitMs} ms`,
    pass: times.ours <= limitMs,
  });
}

function check(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

/** A chat graph's run as LangGraph records it: input, the agent triggered, the agent's reply (with their writes). */
async function recordRun(saver: BaseCheckpointSaver, threadId: string): Promise<void> {
  const question = new HumanMessage({ id: `${threadId}-q`, content: `What did we decide about ${threadId}? `.padEnd(300, ".") });
  const answer = new AIMessage({ id: `${threadId}-a`, content: `We decided to keep ${threadId} as it is. `.padEnd(600, ".") });
  const steps: Array<{ metadata: CheckpointMetadata; values: Record<string, unknown>; versions: Record<string, number>; writes: Array<[string, unknown]> }> = [
    {
      metadata: { source: "input", step: -1, parents: {} },
      values: { __start__: { messages: [question] } },
      versions: { __start__: 1 },
      writes: [
        ["messages", [question]],
        ["branch:to:agent", null],
      ],
    },
    {
      metadata: { source: "loop", step: 0, parents: {} },
      values: { messages: [question], "branch:to:agent": null },
      versions: { __start__: 2, messages: 2, "branch:to:agent": 2 },
      writes: [["messages", [answer]]],
    },
    {
      metadata: { source: "loop", step: 1, parents: {} },
      values: { messages: [question, answer] },
      versions: { __start__: 2, messages: 3, "branch:to:agent": 3 },
      writes: [],
    },
  ];
  let config: RunnableConfig = { configurable: { thread_id: threadId, checkpoint_ns: "" } };
  for (const [i, step] of steps.entries()) {
    const checkpoint: Checkpoint = {
      v: 4,
      id: uuid6(-1),
      ts: new Date().toISOString(),
      channel_values: step.values,
      channel_versions: step.versions,
      versions_seen: i === 0 ? {} : { agent: { "branch:to:agent": 2 } },
    };
    config = await saver.put(config, checkpoint, { ...step.metadata, graph_id: "agent" } as CheckpointMetadata, step.versions);
    if (step.writes.length > 0) await saver.putWrites(config, step.writes, `task-${i}`);
  }
}

/**
 * `thread-0` … `thread-9999` in SQL, copies of one recorded run with their own checkpoint ids
 * (fixed-width hex, so thread n's are newer than thread n−1's, as uuid6 ids grow with time).
 */
async function seedThreads(client: Client): Promise<void> {
  const tables = (name: string) => `"${SCHEMA}".${name}`;
  await client.query(`CREATE TEMP TABLE seed_ids AS
    SELECT checkpoint_id AS old, row_number() OVER (ORDER BY checkpoint_id) AS k FROM ${tables("checkpoints")} WHERE thread_id = 'seed'`);
  const hex = (k: string) => `'1f0' || lpad(to_hex(n * 16 + ${k}), 29, '0')`;
  const newId = (k: string) =>
    `substr(${hex(k)}, 1, 8) || '-' || substr(${hex(k)}, 9, 4) || '-' || substr(${hex(k)}, 13, 4) || '-' || substr(${hex(k)}, 17, 4) || '-' || substr(${hex(k)}, 21, 12)`;
  await client.query(`INSERT INTO ${tables("checkpoints")} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata)
    SELECT 'thread-' || n, cp.checkpoint_ns, ${newId("own.k")}, CASE WHEN parent.k IS NULL THEN NULL ELSE ${newId("parent.k")} END,
           cp.type, jsonb_set(cp.checkpoint, '{id}', to_jsonb(${newId("own.k")})), cp.metadata
      FROM ${tables("checkpoints")} cp JOIN seed_ids own ON own.old = cp.checkpoint_id
      LEFT JOIN seed_ids parent ON parent.old = cp.parent_checkpoint_id, generate_series(0, ${THREADS - 1}) n
     WHERE cp.thread_id = 'seed'`);
  await client.query(`INSERT INTO ${tables("checkpoint_blobs")} (thread_id, checkpoint_ns, channel, version, type, blob)
    SELECT 'thread-' || n, checkpoint_ns, channel, version, type, blob
      FROM ${tables("checkpoint_blobs")}, generate_series(0, ${THREADS - 1}) n WHERE thread_id = 'seed'`);
  await client.query(`INSERT INTO ${tables("checkpoint_writes")} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
    SELECT 'thread-' || n, cw.checkpoint_ns, ${newId("own.k")}, cw.task_id, cw.idx, cw.channel, cw.type, cw.blob
      FROM ${tables("checkpoint_writes")} cw JOIN seed_ids own ON own.old = cw.checkpoint_id, generate_series(0, ${THREADS - 1}) n
     WHERE cw.thread_id = 'seed'`);
  for (const table of ["checkpoints", "checkpoint_blobs", "checkpoint_writes"]) await client.query(`DELETE FROM ${tables(table)} WHERE thread_id = 'seed'`);
}

const userNamespace = (n: number) => ["memories", `user-${n}`];
const SHARED_NAMESPACE = ["memories", "shared"];
const memory = (n: number) => ({
  text: `Memory ${n}: the user prefers short answers and metric units. `.padEnd(200, "."),
  kind: n % 3 === 0 ? "fact" : "preference",
});

/** The same items as seedItems, through the workspace store (batched puts). */
async function seedWorkspaceItems(backend: WorkspaceBackend): Promise<void> {
  const puts = [];
  for (let n = 0; n < ITEMS; n++) {
    const namespace = n < USERS * ITEMS_PER_USER ? userNamespace(n % USERS) : SHARED_NAMESPACE;
    puts.push({ namespace, key: `memory-${n}`, value: memory(n) });
    if (puts.length === 5_000) await backend.store.batch(puts.splice(0));
  }
  if (puts.length > 0) await backend.store.batch(puts);
}

async function seedItems(client: Client): Promise<void> {
  const value = `jsonb_build_object('text', rpad('Memory ' || n || ': the user prefers short answers and metric units. ', 200, '.'),
                                    'kind', CASE WHEN n % 3 = 0 THEN 'fact' ELSE 'preference' END)`;
  await client.query(`INSERT INTO "${SCHEMA}".store (namespace_path, key, value, created_at, updated_at)
    SELECT CASE WHEN n < ${USERS * ITEMS_PER_USER} THEN 'memories:user-' || (n % ${USERS}) ELSE 'memories:shared' END,
           'memory-' || n, ${value}, now() - n * interval '1 second', now() - n * interval '1 second'
      FROM generate_series(0, ${ITEMS - 1}) n`);
}

async function threadsBench(postgres: DataBackend, workspace: WorkspaceBackend): Promise<void> {
  const page = { offset: 0, limit: THREADS_PAGE };
  const first = await postgres.threads(page);
  check("Postgres thread total", first.total, THREADS);
  check("Postgres first page", first.threads.length, THREADS_PAGE);
  check("Postgres newest thread", first.threads[0]?.threadId, `thread-${THREADS - 1}`);
  check("Postgres last message", first.threads[0]?.lastMessage?.role, "ai");
  check("workspace thread total", (await workspace.threads(page)).total, THREADS);
  compare(
    `Threads view first page (${THREADS_PAGE}) over ${THREADS / 1000}k threads`,
    await sideBySide(
      () => postgres.threads(page),
      () => workspace.threads(page),
    ),
    200,
  );
}

async function storeBench(postgres: DataBackend, workspace: WorkspaceBackend): Promise<void> {
  const user = { namespace: userNamespace(7), offset: 0, limit: ITEMS_PAGE };
  const shared = { namespace: SHARED_NAMESPACE, offset: 0, limit: ITEMS_PAGE };
  for (const backend of [postgres, workspace]) {
    const name = backend === postgres ? "Postgres" : "workspace";
    check(`${name} items of user-7`, (await backend.items(user)).total, ITEMS_PER_USER);
    const sharedPage = await backend.items(shared);
    check(`${name} items of shared`, sharedPage.total, SHARED_ITEMS);
    check(`${name} page of shared`, sharedPage.items.length, ITEMS_PAGE);
    check(`${name} namespaces`, (await backend.namespaces([])).length, USERS + 1);
  }
  const scale = `${ITEMS / 1000}k items`;
  compare(
    `namespace page, ${ITEMS_PER_USER} items (of ${scale})`,
    await sideBySide(
      () => postgres.items(user),
      () => workspace.items(user),
    ),
    100,
  );
  compare(
    `namespace page, first ${ITEMS_PAGE} of ${SHARED_ITEMS / 1000}k items (of ${scale})`,
    await sideBySide(
      () => postgres.items(shared),
      () => workspace.items(shared),
    ),
    100,
  );
  compare(
    `namespaces with counts (${USERS + 1}) over ${scale}`,
    await sideBySide(
      () => postgres.namespaces([]),
      () => workspace.namespaces([]),
    ),
    100,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-pg-bench-"));
  const server = await startPostgresServer();
  const closing: Array<() => Promise<unknown>> = [];
  try {
    const postgres = await PostgresBackend.open({ url: server.url, schema: SCHEMA });
    closing.push(() => postgres.close());
    const workspace = await WorkspaceBackend.open({ path: path.join(dir, "db.json") });
    closing.push(() => workspace.close());
    const client = new Client({ connectionString: server.url });
    await client.connect();
    closing.push(() => client.end());

    let seeded = performance.now();
    await recordRun(postgres.checkpointer, "seed");
    await seedThreads(client);
    await seedItems(client);
    await client.query(`ANALYZE "${SCHEMA}".checkpoints, "${SCHEMA}".checkpoint_blobs, "${SCHEMA}".checkpoint_writes, "${SCHEMA}".store`);
    const postgresSeed = performance.now() - seeded;
    seeded = performance.now();
    for (let t = 0; t < THREADS; t++) await recordRun(workspace.checkpointer, `thread-${t}`);
    await seedWorkspaceItems(workspace);
    const workspaceSeed = performance.now() - seeded;
    console.log(`Seeded ${THREADS} threads and ${ITEMS} items: Postgres (SQL) in ${ms(postgresSeed)}, workspace db (puts) in ${ms(workspaceSeed)}`);

    await threadsBench(postgres, workspace);
    await storeBench(postgres, workspace);
  } finally {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printBenchTable(rows, "Postgres", `median of ${RUNS} runs; run took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
