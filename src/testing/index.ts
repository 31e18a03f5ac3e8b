// `langgraph-debugger/testing`: what the regression tests "LangGraph: Create Regression Test from
// Thread" writes import. `replayRecording` runs your graph on a thread's recorded inputs with
// every model, tool and HTTP call answered from its recordings file — offline, no API key — and
// returns what the run did, for your test runner to compare with what the recorded run did:
//
//   const recording = loadRecording(new URL("./agent-1.recording.json", import.meta.url));
//   const run = await replayRecording(graph, recording, { checkpointer: new MemorySaver(), store: new InMemoryStore() });
//   expect(run.path).toEqual(recording.expected.path);
//
// A call the recording does not have (a changed prompt, a new tool call) fails its node with the
// closest recording and how the request differs. Calls are intercepted in the @langchain/core
// your project uses, found from the recordings file's folder (userCore.ts).

import { AsyncLocalStorage } from "node:async_hooks";
import { dirname } from "node:path";
import type { CallConfig, CallHandler } from "../calls/callHandler";
import { interceptFetch } from "../calls/fetchCalls";
import { interceptProjectCalls } from "./userCore";
import type { Recording, ReplayedRun } from "./recording";
import { replayCore, type ReplayStore } from "./replayCore";

export { loadRecording, RECORDING_FORMAT } from "./recording";
export type { Recording, RecordedRun, ReplayedRun, StoreWriteRecord } from "./recording";
export { comparable } from "./comparable";

const handlers = new AsyncLocalStorage<CallHandler>();
/** LangChain's current runnable config, once the project's @langchain/core is found. */
let readConfig: () => CallConfig = () => undefined;
// At import, before the test imports the graph: an SDK client keeps the fetch it finds then.
interceptFetch(
  () => handlers.getStore(),
  () => readConfig(),
);

export interface ReplayRecordingOptions {
  /** A fresh checkpointer for the run, e.g. `new MemorySaver()` from @langchain/langgraph. */
  checkpointer: unknown;
  /** A fresh store, e.g. `new InMemoryStore({ index })` with the index langgraph.json gives the store. */
  store: ReplayStore;
}

/** Runs `graph` on the recording's inputs, every call replayed from it; see the module's comment. */
export async function replayRecording(graph: unknown, recording: Recording, options: ReplayRecordingOptions): Promise<ReplayedRun> {
  readConfig = await interceptProjectCalls(dirname(recording.file ?? `${process.cwd()}/recording.json`), () => handlers.getStore());
  return replayCore(graph, recording, { ...options, withCalls: (handler, body) => handlers.run(handler, body) });
}
