// `npm run bench server` (dist/ built first: `node esbuild.mjs`), against a real `langgraphjs
// dev` (test/support) serving the memory agent, issue 17's two measures:
// 1. Attach to the server, list 1,000 threads and open one, as the Threads view does it
//    (ServerBackend: open, the thread listing, the opened thread's checkpoints and its newest
//    checkpoint's detail), the server holding 1,000 threads with two checkpoints each (made
//    through the SDK first, not timed). The peer, in the same run, is the least any client pays
//    for the same answer with the SDK alone: one search of 1,000 threads, then the one thread's
//    history and state. Target (absolute): ≤ 1 s.
// 2. A DAP Step Over (the real standalone adapter, dist/debugAdapter.js): attached to the dev
//    server, stopped on entry, Step Over until the next stop (call_model's superstep), beside the
//    same Step Over on a local launch of the same graph (workspace database), in the same run; a
//    new session for each sample, only the Step Over timed. Reported side by side, no target.
import { Client } from "@langchain/langgraph-sdk";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { ServerBackend } from "../src/engine/db/serverBackend";
import { attach, launchMemoryAgentOnEntry, removeTempDirs, startAdapter, stopAfter, tempDb } from "../test/dap/helpers";
import { startLangGraphServer } from "../test/support/langgraphServer";
import { printBenchTable, type BenchRow } from "./benchTable";

const THREADS = 1_000;
/** Threads made at once while seeding (the dev server queues the rest). */
const SEED_CONCURRENCY = 16;
const RUNS = 3;
const TARGET_MS = 1_000;
/** Step Over samples on each side (after one that is not counted). */
const STEPS = 5;

const ms = (value: number) => `${value.toFixed(0)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** 1,000 threads of the memory agent, each a question and an answer (two checkpoints), without runs. */
async function seed(client: Client): Promise<void> {
  let made = 0;
  const worker = async () => {
    while (made < THREADS) {
      const index = made++;
      await client.threads.create({
        graphId: "agent",
        metadata: { user_id: `user-${index % 50}` },
        supersteps: [
          { updates: [{ values: { messages: [{ role: "human", content: `Question ${index}` }] }, asNode: "__start__" }] },
          { updates: [{ values: { messages: [{ role: "ai", content: `Answer ${index}` }] }, asNode: "call_model" }] },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

/** What the views do: open the server, list the threads, open the newest thread's newest checkpoint. */
async function ours(url: string): Promise<number> {
  const backend = await ServerBackend.open({ url });
  try {
    const { threads, total } = await backend.threads({ offset: 0, limit: THREADS });
    if (threads.length !== THREADS || total < THREADS) throw new Error(`listed ${threads.length} of ${total} threads, expected ${THREADS}`);
    const { threadId } = threads[0]!;
    const { checkpoints } = await backend.checkpoints(threadId, { offset: 0, limit: 50 });
    const detail = await backend.checkpoint(threadId, checkpoints[0]!.checkpointId);
    if (checkpoints.length !== 2 || detail.step === undefined) throw new Error(`thread ${threadId} has ${checkpoints.length} checkpoints, expected 2`);
    return threads.length;
  } finally {
    await backend.close();
  }
}

/** The same answer with the SDK alone: search, then the one thread's history and state. */
async function peer(url: string): Promise<number> {
  const client = new Client({ apiUrl: url, apiKey: null, callerOptions: { maxRetries: 0 } });
  const threads = await client.threads.search({ limit: THREADS, sortBy: "updated_at", sortOrder: "desc" });
  if (threads.length !== THREADS) throw new Error(`the SDK found ${threads.length} threads, expected ${THREADS}`);
  const threadId = threads[0]!.thread_id;
  await client.threads.getHistory(threadId, { limit: 50 });
  await client.threads.getState(threadId);
  return threads.length;
}

/** A new adapter session on the memory agent, stopped on entry: attached to the server at `url`, or launched locally. */
async function sessionOnEntry(url: string | undefined, sample: number): Promise<DebugClient> {
  const { dc } = await startAdapter();
  // A limit for a hung adapter, not a timing: attaching on a busy machine takes longer than tests allow.
  dc.defaultTimeout = 120_000;
  const content = `Remember: my name is Bench ${sample}`;
  if (url) {
    const entry = dc.waitForEvent("stopped");
    await attach(dc, { url, graph: "agent", context: { userId: "bench" }, input: { messages: [{ role: "user", content }] }, stopOnEntry: true });
    await entry;
  } else {
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: `bench-${sample}`, content, userId: "bench" });
  }
  return dc;
}

/** How long one Step Over takes from the entry stop to the next stop, in a new session. */
async function stepOver(url: string | undefined, sample: number): Promise<number> {
  const dc = await sessionOnEntry(url, sample);
  try {
    const start = performance.now();
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    return performance.now() - start;
  } finally {
    await dc.stop();
  }
}

/** Median Step Over on the server (attached) and locally, alternating which goes first. */
async function stepOverRow(url: string): Promise<BenchRow> {
  const times = { server: [] as number[], local: [] as number[] };
  await stepOver(url, -1);
  await stepOver(undefined, -1);
  for (let sample = 0; sample < STEPS; sample++) {
    for (const side of sample % 2 === 0 ? (["server", "local"] as const) : (["local", "server"] as const)) {
      times[side].push(await stepOver(side === "server" ? url : undefined, sample));
    }
  }
  removeTempDirs();
  const serverMs = median(times.server);
  const localMs = median(times.local);
  return {
    measure: `Step Over on the dev server (attach) vs local launch, memory agent (median of ${STEPS})`,
    ours: ms(serverMs),
    peer: `${ms(localMs)} (the same Step Over, launched locally)`,
    ratio: serverMs / localMs,
  };
}

async function main(): Promise<void> {
  const server = await startLangGraphServer();
  const rows: BenchRow[] = [];
  try {
    const client = new Client({ apiUrl: server.url, apiKey: null });
    const seedStart = performance.now();
    await seed(client);
    console.log(`Seeded ${THREADS} threads (2 checkpoints each) in ${ms(performance.now() - seedStart)} (not timed).`);

    const times = { ours: [] as number[], peer: [] as number[] };
    await ours(server.url);
    await peer(server.url);
    for (let run = 0; run < RUNS; run++) {
      for (const side of run % 2 === 0 ? (["ours", "peer"] as const) : (["peer", "ours"] as const)) {
        const start = performance.now();
        await (side === "ours" ? ours : peer)(server.url);
        times[side].push(performance.now() - start);
      }
    }
    const oursMs = median(times.ours);
    const peerMs = median(times.peer);
    rows.push({
      measure: `attach + list ${THREADS.toLocaleString("en")} threads + open one (median of ${RUNS})`,
      ours: ms(oursMs),
      peer: `${ms(peerMs)} (SDK alone: search + history + state)`,
      ratio: oursMs / peerMs,
      target: `≤ ${TARGET_MS} ms`,
      pass: oursMs <= TARGET_MS,
    });
    rows.push(await stepOverRow(server.url));
  } finally {
    await server.stop();
  }
  printBenchTable(rows, "Ours (the views' path; attached)", `langgraphjs dev (in memory) on 127.0.0.1, ${THREADS} threads`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
