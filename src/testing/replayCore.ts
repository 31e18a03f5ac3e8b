// Runs a graph on a recording's inputs with every call answered from the recording (replay
// "strict"): shared by the public helper (index.ts), which a user's test imports, and by the
// engine, which replays a thread once before it writes a test to check that the test will pass.

import type { CallRecord } from "../persistence/records";
import type { CallHandler } from "../calls/callHandler";
import { RecordingHandler, type Candidate, type TaskPosition } from "../calls/recordingHandler";
import { comparable } from "./comparable";
import type { Recording, ReplayedRun, StoreWriteRecord } from "./recording";

/** Answers calls from a recording's calls: same node, kind and number; the one of the same step first. */
export class RecordingFileHandler extends RecordingHandler {
  readonly made: CallRecord[] = [];

  constructor(private readonly calls: readonly CallRecord[]) {
    super("strict");
  }

  protected candidates(position: TaskPosition, kind: CallRecord["kind"], index: number): Candidate[] {
    return this.calls
      .filter((call) => call.kind === kind && call.node === position.node && call.index === index)
      .map((call) => ({ call, sameCheckpoint: false }));
  }

  protected keep(_position: TaskPosition, record: CallRecord): void {
    this.made.push(record);
  }
}

/** The parts of a compiled graph and a store a replay uses (the user's own LangGraph classes). */
export interface ReplayableGraph {
  stream(input: unknown, options: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  getState(config: Record<string, unknown>): Promise<{ values: unknown }>;
  checkpointer?: unknown;
  store?: unknown;
}

export interface ReplayStore {
  put(namespace: string[], key: string, value: Record<string, unknown>): Promise<void>;
  batch(operations: unknown[]): Promise<unknown>;
}

export interface ReplayOptions {
  /** A fresh checkpointer, e.g. LangGraph's MemorySaver. */
  checkpointer: unknown;
  /** A fresh store, e.g. LangGraph's InMemoryStore (with the index langgraph.json gives the store). */
  store: ReplayStore;
  /** Runs `body` with `handler` answering the calls it makes. */
  withCalls<T>(handler: CallHandler, body: () => Promise<T>): Promise<T>;
}

/** Accepts what langgraph.json accepts: a compiled graph, a StateGraph, or a factory of either. */
export async function compiledGraph(value: unknown): Promise<ReplayableGraph> {
  let candidate = value as { stream?: unknown; compile?: () => unknown } | ((config: object) => unknown);
  if (typeof candidate === "function" && typeof (candidate as { stream?: unknown }).stream !== "function")
    candidate = (await candidate({ configurable: {} })) as typeof candidate;
  if (typeof (candidate as { stream?: unknown }).stream !== "function" && typeof (candidate as { compile?: unknown }).compile === "function") {
    candidate = (candidate as { compile: () => typeof candidate }).compile();
  }
  if (typeof (candidate as { stream?: unknown }).stream !== "function")
    throw new Error("replayRecording needs the graph langgraph.json names: a compiled graph, a StateGraph or a factory of one.");
  return candidate as unknown as ReplayableGraph;
}

export async function replayCore(graphValue: unknown, recording: Recording, options: ReplayOptions): Promise<ReplayedRun> {
  const graph = await compiledGraph(graphValue);
  const { store } = options;
  for (const item of recording.store.before) await store.put(item.namespace, item.key, item.value as Record<string, unknown>);
  const storeWrites: StoreWriteRecord[] = [];
  // Seen where LangGraph hands the nodes' puts to the store: each put (or delete: a null value).
  const batch = store.batch.bind(store);
  store.batch = (operations: unknown[]) => {
    for (const operation of operations as Array<{ namespace?: string[]; key?: string; value?: unknown }>) {
      if (operation.value !== undefined && Array.isArray(operation.namespace) && typeof operation.key === "string") {
        storeWrites.push({ namespace: operation.namespace, key: operation.key, value: operation.value });
      }
    }
    return batch(operations);
  };
  graph.checkpointer = options.checkpointer;
  graph.store = store;
  const config = { configurable: { thread_id: `replay-of-${recording.thread}` } };
  const handler = new RecordingFileHandler(recording.calls);
  const path: string[] = [];
  await options.withCalls(handler, async () => {
    for (const run of recording.runs) {
      handler.startRun();
      const stream = await graph.stream(run.input, { ...config, ...(run.context ? { context: run.context } : {}), streamMode: "updates" });
      for await (const update of stream) {
        for (const node of Object.keys(update as Record<string, unknown>)) if (!node.startsWith("__")) path.push(node);
      }
    }
  });
  const { values } = await graph.getState(config);
  return { path, state: comparable(values), storeWrites: comparable(storeWrites) as StoreWriteRecord[] };
}
