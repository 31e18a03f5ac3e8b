// "Create Regression Test from Thread": a test file in the user's project and its recordings
// file (src/testing/recording.ts), made from a thread of the workspace database. Before writing
// anything the engine replays the thread exactly as the test will (src/testing/replayCore.ts:
// a fresh graph, LangGraph's MemorySaver and InMemoryStore, every call from the recordings) and
// compares the result with the thread's final state: a thread whose nodes depend on something
// not recorded (the clock, randomness) is refused with the difference, instead of a test that
// fails as written. The test's expectations are that replay's path, state and store writes.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { BaseCheckpointSaver, CheckpointTuple } from "@langchain/langgraph-checkpoint";
import type { WorkspaceCallLog } from "../../persistence/calls";
import type { WorkspaceStore } from "../../persistence";
import type { CreateTestResult } from "../../protocol/engine";
import { requestDifferences } from "../../calls/requests";
import { comparable, plainInput } from "../../testing/comparable";
import { RECORDING_FORMAT, type Recording } from "../../testing/recording";
import { replayCore, type ReplayStore } from "../../testing/replayCore";
import { EngineError } from "../errors";
import type { GraphConfig } from "../graphConfig";
import { loadGraph } from "../graphLoader";
import { importUserModule } from "../userModules";
import { interceptCallsFor } from "../session/callInterception";
import { runInSession } from "../session/sessionRun";
import { loadStoreIndex } from "./persistenceRegistry";
import { defaultTestFileName, detectRunner, regressionTestSource, type TestRunner } from "./regressionTestSource";

/** Where the thread is read from: the workspace database. */
export interface ThreadSource {
  checkpointer: BaseCheckpointSaver;
  calls: WorkspaceCallLog;
  store: WorkspaceStore;
}

export interface CreateTestParams {
  config: GraphConfig;
  graphId: string;
  threadId: string;
  /** The runtime context the thread ran with (it is not kept in checkpoints). */
  context?: Record<string, unknown>;
  /** The test file (absolute), or a folder to put `<graph>-<thread>.test.ts` in; default `<langgraph.json folder>/test`. */
  path?: string;
  runner?: TestRunner;
  overwrite?: boolean;
  warn: (text: string) => void;
}

export async function createRegressionTest(source: ThreadSource, params: CreateTestParams): Promise<CreateTestResult> {
  const { config, graphId, threadId } = params;
  const summary = config.graphs.find((graph) => graph.graphId === graphId);
  if (!summary) throw invalid(`langgraph.json names no graph "${graphId}".`, "Pick a graph langgraph.json names.");
  const lineage = await threadLineage(source.checkpointer, threadId);
  if (lineage.length === 0) throw invalid(`Thread "${threadId}" has no checkpoints in the workspace database.`, "Pick a thread that has run.");
  const resumed = lineage.slice(0, -1).find((tuple) => tuple.pendingWrites?.some(([, channel]) => channel === "__interrupt__"));
  if (resumed) {
    throw invalid(
      `Thread "${threadId}" waited at interrupt() and was resumed (checkpoint ${resumed.config.configurable?.checkpoint_id}); regression tests replay a thread's inputs only, not human answers.`,
      "Make the test from a thread that ran without resuming an interrupt.",
    );
  }
  const ids = new Set(lineage.map((tuple) => String(tuple.config.configurable?.checkpoint_id)));
  const calls = source.calls
    .list(threadId)
    .filter((located) => located.ns !== "" || ids.has(located.checkpointId))
    .map(({ call }) => call);
  const firstTime = new Date(lineage[0]!.checkpoint.ts);
  const before = (await source.store.itemsUnderAsOf([], firstTime))
    .filter(({ version }) => !version.deleted)
    .map(({ namespace, key, version }) => ({ namespace, key, value: version.value }));
  const runs = lineage
    .filter((tuple) => tuple.metadata?.source === "input")
    .map((tuple) => ({ input: plainInput(tuple.checkpoint.channel_values?.__start__), ...(params.context ? { context: params.context } : {}) }));
  const recording: Recording = {
    format: RECORDING_FORMAT,
    version: 1,
    graph: { id: graphId },
    thread: threadId,
    createdAt: new Date().toISOString(),
    runs,
    store: { before },
    calls,
    expected: { path: [], state: null, storeWrites: [] },
  };

  // The replay the test will make, on a fresh copy of the graph.
  const { graph } = await loadGraph(config, graphId);
  graph.checkpointer = source.checkpointer;
  const recorded = comparable(
    (await (graph as unknown as { getState(config: object): Promise<{ values: unknown }> }).getState({ configurable: { thread_id: threadId } })).values,
  );
  await interceptCallsFor(summary.file, params.warn);
  const langgraph = await importUserModule<{ MemorySaver: new () => unknown; InMemoryStore: new (options?: object) => ReplayStore }>(
    summary.file,
    "@langchain/langgraph",
  );
  const index = await loadStoreIndex(config, params.warn);
  let replayed;
  try {
    replayed = await replayCore(graph, recording, {
      checkpointer: new langgraph.MemorySaver(),
      store: new langgraph.InMemoryStore(index?.embed ? { index } : undefined),
      withCalls: (handler, body) => runInSession({ tokens: { name: "regression-test" }, calls: handler }, body),
    });
  } catch (error) {
    throw invalid(
      `Replaying thread "${threadId}" from its recordings failed: ${(error as Error).message ?? String(error)}`,
      'Run the thread again under the debugger (replay "auto") so that every call is recorded, then create the test.',
    );
  }
  const differences = requestDifferences(recorded, replayed.state);
  if (differences.length > 0) {
    throw invalid(
      `Replaying thread "${threadId}" does not reproduce its final state, so a test would fail as written:\n${differences.map((line) => `  ${line}`).join("\n")}`,
      "A node depends on something that is not recorded (the clock, randomness, a store item written since). Make it deterministic, or create the test from a thread where it is.",
    );
  }
  recording.expected = replayed;

  const runner = params.runner ?? detectRunner(config.root);
  const defaultName = defaultTestFileName(graphId, threadId, summary.file, runner);
  const testFile = !params.path ? join(config.root, "test", defaultName) : /\.[cm]?[jt]sx?$/.test(params.path) ? params.path : join(params.path, defaultName);
  const recordingFile = testFile.replace(/\.test\.[cm]?[jt]sx?$/, "").replace(/\.[cm]?[jt]sx?$/, "") + ".recording.json";
  if (!params.overwrite && (existsSync(testFile) || existsSync(recordingFile))) {
    throw new EngineError("conflict", `${existsSync(testFile) ? testFile : recordingFile} already exists.`, testFile, "Choose another path, or overwrite it.");
  }
  mkdirSync(dirname(testFile), { recursive: true });
  writeFileSync(recordingFile, `${JSON.stringify(recording, null, 2)}\n`);
  writeFileSync(
    testFile,
    regressionTestSource({ runner, testFile, recordingFile, graphId, threadId, graphModule: summary.file, graphExport: summary.exportName, config }),
  );
  const relativeTest = relative(config.root, testFile);
  return {
    testFile,
    recordingFile,
    runner,
    calls: calls.length,
    path: replayed.path,
    command: runner === "vitest" ? `npx vitest run ${relativeTest}` : `node --test ${relativeTest}`,
  };
}

/** The thread's root checkpoints from the first to the newest, along the newest one's lineage. */
async function threadLineage(checkpointer: BaseCheckpointSaver, threadId: string): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  let tuple = await checkpointer.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: "" } });
  while (tuple) {
    tuples.unshift(tuple);
    tuple = tuple.parentConfig ? await checkpointer.getTuple(tuple.parentConfig) : undefined;
  }
  return tuples;
}

function invalid(problem: string, advice: string): EngineError {
  return new EngineError("invalidInput", problem, undefined, advice);
}
