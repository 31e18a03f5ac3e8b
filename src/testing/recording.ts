// The recordings file a regression test replays (`<name>.recording.json`, beside the test): the
// thread's inputs and runtime context, the store as it was before the thread ran, every model,
// tool and HTTP call the recorded run made (CallRecord, secrets redacted), and what the run
// produced: the nodes it ran, its final state and its store writes. Readable and diffable; it is
// written by "LangGraph: Create Regression Test from Thread" (engine/db/regressionTests.ts).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CallRecord } from "../persistence/records";

export const RECORDING_FORMAT = "langgraph-debugger-recording";

export interface RecordedRun {
  /** What the thread was invoked with (plain JSON: messages as `{ role, content }`). */
  input: unknown;
  /** The static runtime context of the run (`invoke(input, { context })`). */
  context?: Record<string, unknown>;
}

export interface StoreWriteRecord {
  namespace: string[];
  key: string;
  /** The value put; null for a delete. */
  value: unknown;
}

export interface ReplayedRun {
  /** The nodes that ran, in order (LangGraph's "updates" stream). */
  path: string[];
  /** The final state, comparable: message ids and other UUIDs read "<uuid>". */
  state: unknown;
  storeWrites: StoreWriteRecord[];
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: 1;
  graph: { id: string };
  thread: string;
  createdAt: string;
  runs: RecordedRun[];
  store: { before: StoreWriteRecord[] };
  calls: CallRecord[];
  expected: ReplayedRun;
  /** Where the recording was read from (set by loadRecording; not in the file). */
  file?: string;
}

/** Reads a recordings file; the error names the file and what is wrong with it. */
export function loadRecording(file: string | URL): Recording {
  const path = typeof file === "string" ? file : fileURLToPath(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`The recordings file ${path} could not be read: ${(error as Error).message}`);
  }
  const recording = parsed as Partial<Recording>;
  if (recording?.format !== RECORDING_FORMAT || recording.version !== 1) {
    throw new Error(`${path} is not a LangGraph debugger recordings file (format "${RECORDING_FORMAT}", version 1). Create it again from the thread.`);
  }
  for (const field of ["runs", "calls"] as const) {
    if (!Array.isArray(recording[field])) throw new Error(`${path}: "${field}" must be an array.`);
  }
  if (typeof recording.expected !== "object" || recording.expected === null) throw new Error(`${path}: "expected" is missing.`);
  return { ...(recording as Recording), store: recording.store ?? { before: [] }, file: path };
}
