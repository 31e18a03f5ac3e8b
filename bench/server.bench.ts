// `npm run bench server`: attach to a LangGraph server, list 1,000 threads and open one, as the
// Threads view does it (ServerBackend: open, the thread listing with each thread's summary, the
// opened thread's checkpoints and its newest checkpoint's detail), against a real `langgraphjs
// dev` (test/support) holding 1,000 threads of the memory agent with two checkpoints each (made
// through the SDK first, not timed). The peer, measured in the same run, is the least any client
// pays for the same answer with the SDK alone: one search of 1,000 threads, then the one thread's
// history and state. Target (issue 17, absolute): ≤ 1 s.
import { Client } from "@langchain/langgraph-sdk";
import { ServerBackend } from "../src/engine/db/serverBackend";
import { startLangGraphServer } from "../test/support/langgraphServer";
import { printBenchTable, type BenchRow } from "./benchTable";

const THREADS = 1_000;
/** Threads made at once while seeding (the dev server queues the rest). */
const SEED_CONCURRENCY = 16;
const RUNS = 3;
const TARGET_MS = 1_000;
/**
 * Longer than the views' 15 s per request: ServerBackend reads every listed thread's history
 * for its summary (1,000 requests), which a page of 1,000 does not finish within 15 s here.
 */
const REQUEST_TIMEOUT_MS = 300_000;

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
  const backend = await ServerBackend.open({ url, timeoutMs: REQUEST_TIMEOUT_MS });
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
  const client = new Client({ apiUrl: url, apiKey: null, timeoutMs: REQUEST_TIMEOUT_MS, callerOptions: { maxRetries: 0 } });
  const threads = await client.threads.search({ limit: THREADS, sortBy: "updated_at", sortOrder: "desc" });
  if (threads.length !== THREADS) throw new Error(`the SDK found ${threads.length} threads, expected ${THREADS}`);
  const threadId = threads[0]!.thread_id;
  await client.threads.getHistory(threadId, { limit: 50 });
  await client.threads.getState(threadId);
  return threads.length;
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
  } finally {
    await server.stop();
  }
  printBenchTable(rows, "ServerBackend (the views' path)", `langgraphjs dev (in memory) on 127.0.0.1, ${THREADS} threads`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
