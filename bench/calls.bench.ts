// `npm run bench calls`: what recording model and tool calls costs a debug session, measured
// side by side in one run (issue 15's target: ≤ 1.1× per superstep). The same agent loop (a
// local chat model answering with a tool call, then the tool, 2 × TURNS + 1 supersteps) runs
// through the engine's session in this process on the workspace database, once with call
// recording on (the session's `callLog`, as in a debug session) and once with none. Runs go in
// pairs, in alternating order, each after a gc(): the ratio is the median of the pairs' ratios,
// so a change of machine load between pairs (two shared cores) does not tilt it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import { createJiti } from "jiti";
import { GraphSession } from "../src/engine/session/graphSession";
import { interceptCallsFor } from "../src/engine/session/callInterception";
import type { StoreLike } from "../src/engine/session/recordingStore";
import type { DebuggableGraph } from "../src/engine/session/snapshots";
import { routeTokensFor } from "../src/engine/session/tokenRouting";
import { loadCommandClass } from "../src/engine/session/userLangGraph";
import { openWorkspaceDb, type WorkspaceDb } from "../src/persistence/index";
import { printBenchTable } from "./benchTable";

const root = join(__dirname, "..");
const graphFile = join(root, "test", "dap", "fixtures", "bench", "src", "toolLoop.ts");
const TURNS = 20;
const SUPERSTEPS = 2 * TURNS + 1;
const RUNS = 25;
const WARMUP = 5;
const dir = mkdtempSync(join(tmpdir(), "lg-calls-bench-"));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One run of the loop to its end through a GraphSession; ms per superstep. */
async function timedRun(graph: DebuggableGraph, db: WorkspaceDb, threadId: string, record: boolean, setup: SessionSetup): Promise<number> {
  const session = new GraphSession({
    graphId: "toolLoop",
    threadId,
    graph,
    store: new InMemoryStore() as unknown as StoreLike,
    touchedNamespaces: new Map(),
    Command: setup.Command,
    nodes: [{ name: "agent" }, { name: "tools" }],
    config: { recursionLimit: SUPERSTEPS + 10 },
    tokensRouted: setup.tokensRouted,
    ...(record ? { callLog: db.calls } : {}),
  });
  let failure: string | undefined;
  session.on("output", ({ category, text }) => {
    if (category === "stderr") failure = text;
  });
  const ended = new Promise<void>((resolve) => session.on("terminated", () => resolve()));
  const start = performance.now();
  session.run({ messages: [{ role: "user", content: `Look up ${TURNS} items.` }] }, false);
  await ended;
  const elapsed = (performance.now() - start) / SUPERSTEPS;
  if (failure) throw new Error(`The benchmark's run failed: ${failure}`);
  return elapsed;
}

interface SessionSetup {
  Command: Awaited<ReturnType<typeof loadCommandClass>>;
  tokensRouted: boolean;
}

async function main(): Promise<void> {
  const warned: string[] = [];
  if (!(await interceptCallsFor(graphFile, (text) => warned.push(text)))) throw new Error(`Calls of ${graphFile} cannot be recorded: ${warned.join(" ")}`);
  const { toolLoop } = await createJiti(graphFile).import<{ toolLoop: DebuggableGraph }>(graphFile);
  const setup: SessionSetup = { Command: await loadCommandClass(graphFile), tokensRouted: await routeTokensFor(graphFile) };
  // One database per side, so each pays for its own writes (the recorded side's calls too).
  const dbs = { on: await openWorkspaceDb({ path: join(dir, "recorded.json") }), off: await openWorkspaceDb({ path: join(dir, "plain.json") }) };
  const times = { on: [] as number[], off: [] as number[] };
  const ratios: number[] = [];
  let recorded = 0;
  try {
    for (let run = 0; run < RUNS + WARMUP; run++) {
      const pair: Record<string, number> = {};
      for (const side of run % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const)) {
        const graph = toolLoop as DebuggableGraph & { checkpointer?: unknown };
        graph.checkpointer = dbs[side].checkpointer;
        const threadId = `${side}-${run}`;
        globalThis.gc?.();
        pair[side] = await timedRun(graph, dbs[side], threadId, side === "on", setup);
        if (side === "on") recorded = dbs.on.calls.list(threadId).length;
      }
      if (run < WARMUP) continue;
      times.on.push(pair.on!);
      times.off.push(pair.off!);
      ratios.push(pair.on! / pair.off!);
    }
  } finally {
    await Promise.all([dbs.on.close(), dbs.off.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
  // Every model and tool call of a run is recorded, or the row measures nothing.
  if (recorded !== 2 * TURNS + 1) throw new Error(`A recorded run kept ${recorded} calls, not ${2 * TURNS + 1}: the recording did not happen.`);
  const on = median(times.on);
  const off = median(times.off);
  const ratio = median(ratios);
  printBenchTable(
    [
      {
        measure: `agent loop, ${SUPERSTEPS} supersteps (${TURNS + 1} model calls, ${TURNS} tool calls), per superstep`,
        ours: `${on.toFixed(3)} ms (calls recorded)`,
        peer: `${off.toFixed(3)} ms (not recorded)`,
        ratio,
        target: "≤ 1.1×",
        pass: ratio <= 1.1,
      },
    ],
    "Recording",
    `times: medians of ${RUNS} runs each; ratio: median of the ${RUNS} pairs' ratios; after ${WARMUP} warm-up pairs`,
  );
}

void main();
