// The records the workspace database holds in memory and appends to its journal: shared by
// the in-memory state (state.ts), the file format (format.ts) and the writers.

/** A parsed JSON value: the serializer's output, never handed to callers without decoding. */
export type Json = unknown;

export interface WriteRecord {
  task: string;
  idx: number;
  channel: string;
  value: Json;
}

/** Which run of a debug session last put a store item: its thread, and the step and node (`polish:tidy` inside a subgraph). */
export interface StoreWriter {
  threadId: string;
  checkpointId?: string;
  step?: number;
  node?: string;
}

/**
 * Who made a change that no program's put made: an edit in VS Code (the db/putItem,
 * db/deleteItem and db/moveItem requests), or an edit of db.json by another process that the
 * database picked up.
 */
export type StoreOrigin = "vscode" | "external";

/**
 * A store item in memory. Its times are milliseconds since 1970 here and in journal lines (a get
 * makes Dates of them without reading text); db.json holds them as ISO text.
 */
export interface StoreItemRecord {
  value: Json;
  createdAt: number;
  updatedAt: number;
  /** Set by a put that a debug session attributed to a node; any other put leaves it out. */
  writtenBy?: StoreWriter;
  /** Set when the value was not written by a program's put (see StoreOrigin). */
  origin?: StoreOrigin;
  vectors?: Record<string, number[]>;
}

/**
 * An earlier version of a store item (storeHistory.ts): its value from `at` (ms since 1970, the
 * item's updatedAt then, or the time of a deletion) until the next version; `deleted` when the
 * item was deleted then.
 */
export interface StoreVersion {
  at: number;
  value?: Json;
  deleted?: true;
  writtenBy?: StoreWriter;
  origin?: StoreOrigin;
}

/** `writer` with its keys in the file's order (threadId, checkpointId, step, node), absent ones left out. */
export function writerRecord(writer: StoreWriter): StoreWriter {
  const record: StoreWriter = { threadId: writer.threadId };
  if (writer.checkpointId !== undefined) record.checkpointId = writer.checkpointId;
  if (writer.step !== undefined) record.step = writer.step;
  if (writer.node !== undefined) record.node = writer.node;
  return record;
}

/** What a recorded call was: a chat model's answer, a tool's result, or an HTTP exchange a node made itself. */
export type CallKind = "model" | "tool" | "http";

/**
 * A model, tool or HTTP call a node made during a debug session (src/calls), kept with the
 * checkpoint its step produced, or with the checkpoint it ran from (`from`) when that step did
 * not finish (an error, an interrupt, Stop). Requests and responses hold no secrets: headers
 * and fields that carry keys are replaced before they are recorded.
 */
export interface CallRecord {
  id: string;
  /** The checkpoint the call's step ran from. */
  from: string;
  /** LangGraph's task id and the node it ran (`polish:tidy` inside a subgraph). */
  task: string;
  node: string;
  step?: number;
  /** 1 for the task's first call, 2 for its second… */
  index: number;
  kind: CallKind;
  /** The model's class (`ChatOpenAI`), the tool's name, or `POST api.example.com`. */
  name: string;
  model?: string;
  request: Json;
  /** sha256 of the request in canonical JSON: a replay matches on it. */
  requestHash: string;
  response?: Json;
  error?: string;
  /** ISO time the call started. */
  startedAt: string;
  latencyMs: number;
  usage?: { input: number; output: number };
  /** The recording this call's response came from instead of a live call. */
  replayedFrom?: string;
  /** The recording whose response the user edited into this one (langgraph/editCall). */
  editedFrom?: string;
  /** Not replayable: its response could not be kept (a streamed tool, a body read as a stream). */
  unreplayable?: true;
}

export type JournalEntry =
  | {
      seq: number;
      op: "checkpoint";
      thread: string;
      ns: string;
      id: string;
      parent: string | null;
      checkpoint: Json;
      metadata: Json;
      values: Record<string, Record<string, Json>>;
    }
  | { seq: number; op: "writes"; thread: string; ns: string; id: string; writes: WriteRecord[] }
  | { seq: number; op: "deleteThread"; thread: string }
  /** Calls recorded on a checkpoint (CallRecord); a record with an id already there is not added again. */
  | { seq: number; op: "calls"; thread: string; ns: string; id: string; calls: CallRecord[] }
  // `namespace`: the labels joined with ".", as db.json keys the store (older journals hold the
  // array of labels; readJournal converts those).
  | { seq: number; op: "storePut"; namespace: string; key: string; item: StoreItemRecord }
  // `at`, `writtenBy`, `origin`: when and by whom (older journals have none of them).
  | { seq: number; op: "storeDelete"; namespace: string; key: string; at?: number; writtenBy?: StoreWriter; origin?: StoreOrigin }
  /** An item renamed: gone from `namespace`/`key`, `item` at `toNamespace`/`toKey`, in one line. */
  | { seq: number; op: "storeMove"; namespace: string; key: string; toNamespace: string; toKey: string; item: StoreItemRecord };

/** Distributes Omit over the union so each operation keeps its own fields. */
export type NewJournalEntry = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, "seq"> : never) : never;

export interface JournalMark {
  id: string;
  seq: number;
}
