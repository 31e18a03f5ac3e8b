// `npm run bench engine`: the graph debug session against plain LangGraph, measured side by side
// in one run (issue 4's targets). Our side runs through the real engine process (dist/engine.js,
// so build first) with the workspace database; the peer runs the same graph module in this
// process with MemorySaver. Prints a markdown table and exits 1 when a target is missed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryStore, MemorySaver } from "@langchain/langgraph-checkpoint";
import { createJiti } from "jiti";
import { EngineClient } from "../src/engineClient/engineClient";
import { GraphSession } from "../src/engine/session/graphSession";
import type { StoreLike } from "../src/engine/session/recordingStore";
import type { DebuggableGraph } from "../src/engine/session/snapshots";
import { routeTokensFor } from "../src/engine/session/tokenRouting";
import { loadCommandClass } from "../src/engine/session/userLangGraph";
import type { SessionStop } from "../src/protocol/engine";
import { startPostgresServer } from "../test/support/postgresServer";
import { PostgresBackend } from "../src/engine/db/postgresBackend";
import { WorkspaceBackend } from "../src/engine/db/workspaceBackend";

const root = join(__dirname, "..");
const fixture = join(root, "test", "dap", "fixtures", "bench");
const memoryAgent = join(root, "examples", "memory-agent");
const SUPERSTEPS = 100;
const RUNS = 25;
const dir = mkdtempSync(join(tmpdir(), "lg-engine-bench-"));

type Row = { measure: string; ours: string; peer: string; verdict: string };
const rows: Row[] = [];
const ms = (value: number) => `${value.toFixed(3)} ms`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface StreamingGraph {
  checkpointer?: unknown;
  stream(input: unknown, config: unknown): Promise<AsyncIterable<unknown>>;
}

/** One plain LangGraph run: the fixture's counter with MemorySaver, in this process. */
async function plainRun(counter: StreamingGraph, run: number): Promise<number> {
  const start = performance.now();
  const stream = await counter.stream({ until: SUPERSTEPS }, { configurable: { thread_id: `plain-${run}` }, recursionLimit: SUPERSTEPS + 10 });
  for await (const _chunk of stream) void _chunk;
  return (performance.now() - start) / SUPERSTEPS;
}

class EngineSession {
  private readonly waiting: Array<{ method: string; resolve: (value: unknown) => void }> = [];
  constructor(readonly engine: EngineClient) {
    const settle = (method: string) => (value: unknown) => {
      const index = this.waiting.findIndex((waiter) => waiter.method === method);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(value);
    };
    engine.onNotification("session/stopped", settle("stopped"));
    engine.onNotification("session/terminated", settle("terminated"));
  }
  next<T>(method: "stopped" | "terminated"): Promise<T> {
    return new Promise((resolve) => this.waiting.push({ method, resolve: resolve as (value: unknown) => void }));
  }
}

function startEngine(cwd: string): EngineSession {
  return new EngineSession(EngineClient.start({ cwd, enginePath: join(root, "dist", "engine.js") }));
}

/**
 * Ours: the same graph through the engine, no breakpoints, run → terminated per superstep; runs
 * alternate with plain ones so both see the same machine load (two shared cores are noisy).
 */
async function perSuperstep(): Promise<{ ours: number; plain: number; runtime: number }> {
  const file = join(fixture, "src", "counter.ts");
  const { counter } = await createJiti(file).import<{ counter: StreamingGraph }>(file);
  counter.checkpointer = new MemorySaver();
  const { engine, next } = bind(startEngine(fixture));
  const configFile = join(fixture, "langgraph.json");
  // As in VS Code, where the views keep the workspace database open (WorkspaceDbService): the
  // sessions then share it rather than reopening and compacting the file around every run.
  await engine.request("db/open", { configFile, dbPath: join(dir, "counter.json") });
  // The session runtime alone (in this process, MemorySaver): separates its cost from the db's.
  const { counter: inProcess } = await createJiti(file, { moduleCache: false }).import<{ counter: DebuggableGraph }>(file);
  inProcess.checkpointer = new MemorySaver();
  const Command = await loadCommandClass(file);
  const tokensRouted = await routeTokensFor(file);
  const ours: number[] = [];
  const plain: number[] = [];
  const runtime: number[] = [];
  for (let run = 0; run < RUNS + 5; run++) {
    const session = new GraphSession({
      graphId: "counter",
      threadId: `runtime-${run}`,
      graph: inProcess,
      store: new InMemoryStore() as unknown as StoreLike,
      touchedNamespaces: new Map(),
      Command,
      nodes: [{ name: "tick" }],
      config: { recursionLimit: SUPERSTEPS + 10 },
      tokensRouted,
    });
    const ended = new Promise<void>((resolve) => session.on("terminated", () => resolve()));
    const runtimeStart = performance.now();
    session.run({ until: SUPERSTEPS }, false);
    await ended;
    if (run >= 5) runtime.push((performance.now() - runtimeStart) / SUPERSTEPS);

    const { sessionId } = await engine.request("session/open", {
      configFile,
      graphId: "counter",
      threadId: `engine-${run}`,
      dbPath: join(dir, "counter.json"),
      config: { recursionLimit: SUPERSTEPS + 10 },
    });
    const terminated = next("terminated");
    const start = performance.now();
    await engine.request("session/run", { sessionId, input: { until: SUPERSTEPS } });
    await terminated;
    const elapsed = (performance.now() - start) / SUPERSTEPS;
    await engine.request("session/close", { sessionId });
    const peer = await plainRun(counter, run);
    // The first runs warm up both sides' JIT.
    if (run >= 5) {
      ours.push(elapsed);
      plain.push(peer);
    }
  }
  await engine.dispose();
  return { ours: median(ours), plain: median(plain), runtime: median(runtime) };
}

/** One `next` → `stopped` → top-level State variables on the memory agent, as a DAP client sees it (ms). */
async function timedStep({ engine, next }: ReturnType<typeof bind>, dbPath: string, threadId: string): Promise<number> {
  const { sessionId } = await engine.request("session/open", {
    configFile: join(memoryAgent, "langgraph.json"),
    graphId: "agent",
    threadId,
    context: { userId: "bench" },
    dbPath,
  });
  const entry = next<SessionStop>("stopped");
  await engine.request("session/run", { sessionId, input: { messages: [{ role: "user", content: "what is my name?" }] }, stopOnEntry: true });
  await entry;
  const stopped = next<SessionStop>("stopped");
  const start = performance.now();
  await engine.request("session/next", { sessionId });
  const stop = await stopped;
  await engine.request("session/variables", { sessionId, checkpointId: stop.checkpointId, scope: "state", path: [] });
  const elapsed = performance.now() - start;
  await engine.request("session/close", { sessionId });
  return elapsed;
}

/**
 * The same step with `db` a Postgres URL (a real local server, as issue 16 asks) and with the
 * workspace JSON db, alternated so both see the same machine load; both kept open by a view.
 */
async function stepOnPostgres(): Promise<{ postgres: number; json: number }> {
  const server = await startPostgresServer();
  const engine = bind(startEngine(memoryAgent));
  try {
    const configFile = join(memoryAgent, "langgraph.json");
    const dbs = { json: join(dir, "agent-step.json"), postgres: `${server.url}?schema=bench_step` };
    for (const dbPath of Object.values(dbs)) await engine.engine.request("db/open", { configFile, dbPath });
    const times = { json: [] as number[], postgres: [] as number[] };
    for (let run = 0; run < RUNS + 3; run++) {
      for (const kind of ["json", "postgres"] as const) {
        const elapsed = await timedStep(engine, dbs[kind], `step-${kind}-${run}`);
        // The first runs warm up the JIT and the connection pool.
        if (run >= 3) times[kind].push(elapsed);
      }
    }
    return { postgres: median(times.postgres), json: median(times.json) };
  } finally {
    await engine.engine.dispose();
    await server.stop();
  }
}

/**
 * The floor under the row above: the same step in plain LangGraph, in this process, no debugger:
 * resume a run stopped before call_model, then read the new checkpoint and its parent, on
 * PostgresSaver (our Postgres backend's saver and store) and on the workspace db's checkpointer.
 * What LangGraph's own saver costs here, apart from anything of ours.
 */
async function plainStepOnPostgres(): Promise<{ postgres: number; json: number }> {
  const server = await startPostgresServer();
  const postgres = await PostgresBackend.open({ url: server.url, schema: "bench_floor" });
  const json = await WorkspaceBackend.open({ path: join(dir, "floor.json") });
  try {
    const file = join(memoryAgent, "src", "agent.ts");
    const { graph } = await createJiti(file).import<{ graph: FloorGraph }>(file);
    const times = { json: [] as number[], postgres: [] as number[] };
    for (let run = 0; run < RUNS + 3; run++) {
      for (const [kind, backend] of [
        ["json", json],
        ["postgres", postgres],
      ] as const) {
        graph.checkpointer = backend.checkpointer;
        graph.store = backend.store;
        const config = { configurable: { thread_id: `floor-${kind}-${run}` }, context: { userId: "bench" }, interruptBefore: ["call_model"] };
        for await (const _chunk of await graph.stream({ messages: [{ role: "user", content: "what is my name?" }] }, config)) void _chunk;
        const start = performance.now();
        for await (const _chunk of await graph.stream(null, { ...config, interruptBefore: [] })) void _chunk;
        const head = await graph.getState({ configurable: { thread_id: `floor-${kind}-${run}` } });
        if (head.parentConfig) await graph.getState(head.parentConfig);
        if (run >= 3) times[kind].push(performance.now() - start);
      }
    }
    return { postgres: median(times.postgres), json: median(times.json) };
  } finally {
    await Promise.all([postgres.close(), json.close()]);
    await server.stop();
  }
}

interface FloorGraph {
  checkpointer?: unknown;
  store?: unknown;
  stream(input: unknown, config: unknown): Promise<AsyncIterable<unknown>>;
  getState(config: unknown): Promise<{ parentConfig?: unknown }>;
}

/** `next` → `stopped` → top-level State variables on the memory agent, against the graph's own work. */
async function nextToVariables(): Promise<{ total: number; node: number }> {
  const session = bind(startEngine(memoryAgent));
  const totals: number[] = [];
  for (let run = 0; run < RUNS; run++) totals.push(await timedStep(session, join(dir, "agent.json"), `agent-${run}`));
  await session.engine.dispose();
  // The node's own work, measured alone: the same agent invoked in this process.
  const file = join(memoryAgent, "src", "agent.ts");
  const { graph } = await createJiti(file).import<{ graph: StreamingGraph & { store?: unknown; invoke(input: unknown, config: unknown): Promise<unknown> } }>(
    file,
  );
  graph.checkpointer = new MemorySaver();
  graph.store = new InMemoryStore();
  const nodeTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await graph.invoke(
      { messages: [{ role: "user", content: "what is my name?" }] },
      { configurable: { thread_id: `plain-agent-${run}` }, context: { userId: "bench" } },
    );
    nodeTimes.push(performance.now() - start);
  }
  return { total: median(totals), node: median(nodeTimes) };
}

/** Top-level State variables of a checkpoint holding ~5 MB, first request (nothing cached). */
async function bigStateVariables(): Promise<number> {
  const { engine, next } = bind(startEngine(fixture));
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const { sessionId } = await engine.request("session/open", {
      configFile: join(fixture, "langgraph.json"),
      graphId: "big",
      threadId: `big-${run}`,
      dbPath: join(dir, "big.json"),
    });
    const entry = next<SessionStop>("stopped");
    await engine.request("session/run", { sessionId, input: { megabytes: 5 }, stopOnEntry: true });
    await entry;
    const end = next<SessionStop>("stopped");
    await engine.request("session/next", { sessionId });
    const stop = await end;
    const start = performance.now();
    await engine.request("session/variables", { sessionId, checkpointId: stop.checkpointId, scope: "state", path: [] });
    times.push(performance.now() - start);
    await engine.request("session/close", { sessionId });
  }
  await engine.dispose();
  return median(times);
}

function bind(session: EngineSession) {
  return { engine: session.engine, next: <T = unknown>(method: "stopped" | "terminated") => session.next<T>(method) };
}

/** The rows on the workspace database: a run per superstep, a step, a big state. */
async function localRows(): Promise<void> {
  const { ours, plain, runtime } = await perSuperstep();
  const ratio = ours / plain;
  rows.push({
    measure: `${SUPERSTEPS}-superstep run, no breakpoints, per superstep`,
    ours: `${ms(ours)} (engine + workspace db)`,
    peer: `${ms(plain)} (LangGraph + MemorySaver)`,
    verdict: `${ratio.toFixed(2)}× (target ≤ 1.3×) ${ratio <= 1.3 ? "met" : "MISSED"}`,
  });
  const runtimeRatio = runtime / plain;
  rows.push({
    measure: "(breakdown) the same, session runtime in-process with MemorySaver",
    ours: ms(runtime),
    peer: ms(plain),
    verdict: `${runtimeRatio.toFixed(2)}× (for orientation: the rest is the workspace db and IPC)`,
  });
  const { total, node } = await nextToVariables();
  const overhead = total - node;
  rows.push({
    measure: "next → stopped → variables, memory agent (median)",
    ours: ms(total),
    peer: `${ms(node)} (the same graph invoked alone)`,
    verdict: `${ms(overhead)} beyond the graph's own work (target ≤ 25 ms) ${overhead <= 25 ? "met" : "MISSED"}`,
  });
  const big = await bigStateVariables();
  rows.push({
    measure: "top-level variables of a 5 MB state (first request)",
    ours: ms(big),
    peer: "—",
    verdict: `target ≤ 50 ms ${big <= 50 ? "met" : "MISSED"}`,
  });
}

async function main(): Promise<void> {
  // BENCH_ONLY=postgres runs the Postgres step row alone, for working on it.
  const only = process.env.BENCH_ONLY;
  try {
    if (!only) await localRows();
    if (!only || only === "postgres") {
      const step = await stepOnPostgres();
      const stepRatio = step.postgres / step.json;
      rows.push({
        measure: "next → stopped → variables, memory agent, db a Postgres URL (median)",
        ours: `${ms(step.postgres)} (local PostgreSQL 15)`,
        peer: `${ms(step.json)} (workspace JSON db)`,
        verdict: `${stepRatio.toFixed(2)}× (target ≤ 1.5×) ${stepRatio <= 1.5 ? "met" : "MISSED"}`,
      });
      const floor = await plainStepOnPostgres();
      rows.push({
        measure: "(floor) the same step in plain LangGraph, no debugger: PostgresSaver vs the workspace db's saver (median)",
        ours: `${ms(floor.postgres)} (PostgresSaver + PostgresStore)`,
        peer: `${ms(floor.json)} (workspace db)`,
        verdict: `${(floor.postgres / floor.json).toFixed(2)}× (info: what LangGraph's own saver costs here; the row above is ${(stepRatio / (floor.postgres / floor.json)).toFixed(2)}× this)`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("| measure | ours | peer | verdict |\n|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.measure} | ${row.ours} | ${row.peer} | ${row.verdict} |`);
  process.exitCode = rows.every((row) => !row.verdict.includes("MISSED")) ? 0 : 1;
}

void main();
