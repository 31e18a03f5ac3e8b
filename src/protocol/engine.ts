// Types-only contract between the extension host and the engine process (JSON-RPC over IPC).
// Both ends import it; it holds no runtime code, so it may be imported from anywhere.
// Methods are named `scope/verb`. Requests (`EngineRequests`) have a reply; notifications
// (`EngineNotifications`, engine → host) do not. Console output of user code travels on the
// engine's stdout/stderr, not over RPC; session notifications carry what the graph streams.

/** A graph named in langgraph.json (`"graphs": { "agent": "./src/agent.ts:graph" }`). */
export interface GraphSummary {
  graphId: string;
  /** The spec exactly as written in langgraph.json. */
  spec: string;
  /** Absolute path of the module that exports the graph. */
  file: string;
  /** Export name; `default` when the spec names none. */
  exportName: string;
}

export type GraphNodeKind = "start" | "end" | "node";

/** A node as `getGraphAsync({ xray: true })` reports it; subgraph nodes carry their parent's id. */
export interface GraphNode {
  /** LangGraph's node id: `agent`, or `subgraph:inner` for a node inside a subgraph. */
  id: string;
  /** The node's own name, without the subgraph prefix. */
  name: string;
  kind: GraphNodeKind;
  /** Id of the subgraph (a node of the parent graph) this node belongs to, if any. */
  subgraph?: string;
  /** The `.addNode("name", …)` call that adds the node; absent when it was not found. */
  addedAt?: SourceLocation;
  /** The node's function (or subgraph) definition; the addNode line for an inline function. */
  definedAt?: SourceLocation;
}

/** A place in the user's source: a file and a 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  conditional: boolean;
  label?: string;
}

export interface GraphShape {
  graphId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Subgraphs expanded by xray, outermost first (nested ones as `outer:inner`). */
  subgraphs: string[];
  /** The JSON Schema of the graph's input, when LangGraph can tell (an object schema). */
  inputSchema?: JsonSchema;
  /** The JSON Schema of the static runtime context (`contextSchema`), when the graph has one. */
  contextSchema?: JsonSchema;
}

/** A JSON Schema, as much of it as the view's forms read; other keywords pass through. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  title?: string;
  default?: unknown;
  [keyword: string]: unknown;
}

/** Stable codes for every error a user can meet at the engine boundary. */
export type EngineErrorCode =
  | "configNotFound"
  | "configInvalid"
  | "graphNotFound"
  | "moduleNotFound"
  | "moduleFailed"
  | "nothingToRetry"
  | "dependencyMissing"
  | "langGraphUnsupported"
  | "exportNotFound"
  | "exportNotGraph"
  | "sessionNotFound"
  | "sessionBusy"
  | "contextInvalid"
  | "checkpointNotFound"
  | "expressionFailed"
  | "notEditable"
  | "notInterrupted"
  /** langgraph/storeHistory on a store that keeps no earlier versions (only the workspace database does). */
  | "noStoreHistory"
  /** A re-run with the store as it was while the last one's overlay still holds unapplied writes. */
  | "overlayPending"
  /** A session attached to a LangGraph server was asked for what only a local session can do (step into a node's code, a subgraph). */
  | "notOnServer"
  | "interruptPending"
  /** The workspace is not trusted (Restricted Mode): the engine imports no user module. */
  | "untrusted"
  | "dbNotOpen"
  /** A Postgres server wants a password the URL does not give, or refused the one it gives. */
  | "dbAuthFailed"
  | "invalidInput"
  | "conflict"
  | "internal";

/** `data` of a JSON-RPC error the engine returns: what happened, where, and what to do. */
export interface EngineErrorData {
  code: EngineErrorCode;
  /** The file the user should look at, when there is one. */
  file?: string;
  /** What to do about it, written for the user. */
  hint?: string;
  /** A command that fixes it, for a button that runs it in a terminal (dependencyMissing). */
  fix?: { command: string; folder: string };
}

export interface EngineRequests {
  /** Read langgraph.json (or the given config file) and list its graphs. */
  "graphs/list": {
    params: { configFile: string };
    result: { configFile: string; graphs: GraphSummary[] };
  };
  /** Load one graph (importing the user's module) and describe its nodes and edges. */
  "graphs/shape": {
    params: { configFile: string; graphId: string };
    result: GraphShape;
  };
  /** Load a graph and attach the checkpointer and store of the database: a debug session on one thread. */
  "session/open": { params: SessionOpenParams; result: SessionInfo };
  /** A debug session on one thread of a graph that runs on a LangGraph server (`langgraphjs dev`, a deployment). */
  "session/attach": { params: SessionAttachParams; result: SessionInfo };
  /** Node breakpoints of the session, replacing the previous set. */
  "session/setBreakpoints": { params: SessionRef & { breakpoints: NodeBreakpointSpec[] }; result: { breakpoints: NodeBreakpointState[] } };
  /** Which events stop the run ("node errors", "interrupts"); both are on by default. */
  "session/setStopFilters": { params: SessionRef & StopFilters; result: Record<string, never> };
  /**
   * Start the run with its input. Replies once it is under way; stops arrive as `session/stopped`.
   * Without input, a thread that has checkpoints is opened at `checkpointId` (else its newest) without running.
   */
  "session/run": { params: SessionRef & { input?: unknown; stopOnEntry?: boolean; checkpointId?: string }; result: Record<string, never> };
  /** At a node error: run the failed superstep again (Retry Node) and stop after it. */
  "session/retry": { params: SessionRef; result: Record<string, never> };
  /** Run to the next stop; from a past checkpoint this forks (LangGraph replay). At the end, finishes the session. */
  "session/continue": { params: SessionRef; result: Record<string, never> };
  /** Run one superstep. */
  "session/next": { params: SessionRef; result: Record<string, never> };
  /** When the next superstep runs a subgraph, stop at the subgraph's first superstep boundary; else as `session/next`. */
  "session/stepIn": { params: SessionRef; result: Record<string, never> };
  /** Inside a subgraph, run until it returns to its parent graph; at the top, as `session/continue`. */
  "session/stepOut": { params: SessionRef; result: Record<string, never> };
  /** Stop at the next superstep boundary. */
  "session/pause": { params: SessionRef; result: Record<string, never> };
  /** Move to the parent checkpoint of the position (nothing runs). */
  "session/stepBack": { params: SessionRef; result: Record<string, never> };
  /** Move back to the previous stop (or the first checkpoint) of the lineage. */
  "session/reverseContinue": { params: SessionRef; result: Record<string, never> };
  /** Time travel: make a checkpoint of the thread the position. */
  "session/goto": { params: SessionRef & { checkpointId: string }; result: Record<string, never> };
  /** Answer the pending `interrupt()` with a value: runs `new Command({ resume: value })`. */
  "session/resume": { params: SessionRef & { value: unknown }; result: Record<string, never> };
  /** The checkpoint lineage of the position, newest first. */
  "session/stack": { params: SessionRef & { limit?: number }; result: { frames: CheckpointFrame[] } };
  /** Children of a value inside one scope of a checkpoint (path [] = the scope itself). */
  "session/variables": { params: SessionRef & VariablesTarget; result: { variables: VariableEntry[] } };
  /** A JavaScript expression over the checkpoint's state, in a sandbox (no require, no process). */
  "session/evaluate": { params: SessionRef & { checkpointId: string; expression: string }; result: EvaluationResult };
  /** Edit a State value (forks with updateState) or a Store item (writes the store). */
  "session/setValue": { params: SessionRef & SetValueParams; result: SetValueResult };
  /**
   * Fork with edited state: the value at `path` (channel first) of a checkpoint of the session's
   * thread replaced by `value` (JSON). The session moves to the fork, whose id it returns.
   */
  "session/editState": { params: SessionRef & { checkpointId: string; path: Array<string | number>; value: unknown }; result: { checkpointId: string } };
  /** Edit the State value an expression names (`messages.at(-1).content`); forks like a State edit. */
  "session/setExpression": { params: SessionRef & { checkpointId: string; expression: string; value: string }; result: SetValueResult };
  /** The versions of a store item, newest first (the workspace database keeps them; other stores have only the current one). */
  "session/storeHistory": { params: SessionRef & { namespace: string[]; key: string }; result: { versions: StoreVersionView[] } };
  /** Which store a re-run from a past checkpoint uses from now on (the launch's `rerunStore`). */
  "session/rerunStore": { params: SessionRef & { mode: RerunStoreMode }; result: { mode: RerunStoreMode } };
  /** The writes of the store overlay waiting to be applied; `asOf` names the overlay ("as of step 0 · 14:03:07"). */
  "session/overlay": { params: SessionRef; result: { asOf?: string; writes: OverlayWriteView[] } };
  /**
   * Writes the overlay's writes to the live store in one batch. An item the live store changed
   * since the overlay's time is not overwritten but listed in `conflicts` and kept in the overlay,
   * unless `overwrite`.
   */
  "session/applyOverlay": {
    params: SessionRef & { overwrite?: boolean };
    result: { applied: OverlayWriteView[]; conflicts: Array<OverlayWriteView & { reason: string }> };
  };
  /** Drops the overlay's writes; the live store is untouched. */
  "session/discardOverlay": { params: SessionRef; result: { discarded: OverlayWriteView[] } };
  /** The model, tool and HTTP calls recorded in the session's thread (or at one checkpoint), with totals. */
  "session/calls": { params: SessionRef & { threadId?: string; checkpointId?: string; prices?: ModelPrices }; result: CallsView };
  /**
   * Changes what a recorded call answered: keeps an edited copy beside it (the original stays),
   * which re-runs of its step replay. The session travels to the checkpoint the call's step ran
   * from (`rerunFrom`): Continue re-runs from there with the edited answer, a fork.
   */
  "session/editCall": { params: SessionRef & { callId: string; response: unknown }; result: { call: CallView; rerunFrom: string } };
  /** Whether re-runs replay recorded calls from now on (the launch's `replay`). */
  "session/replay": { params: SessionRef & { mode: ReplayMode }; result: { mode: ReplayMode } };
  /** End the session (the engine keeps running for others). */
  "session/close": { params: SessionRef; result: Record<string, never> };

  // Browsing and editing the workspace database, with or without a session (views, documents).
  // The engine is the database's single writer: these share the file with running sessions.
  /** Open (or reuse) the database of a langgraph.json; `trusted: false` loads no user code (no embeddings). */
  "db/open": { params: DbOpenParams; result: DbInfo };
  /**
   * The views let the database go (a server disconnected): requests name it no more, and it is
   * closed (a server no longer polled, a file's lock released) unless a session still uses it.
   */
  "db/close": { params: DbRef; result: Record<string, never> };
  /** Threads that have checkpoints, most recently updated first; `prices` for the cost of their recorded calls. */
  "db/threads": { params: DbRef & { limit?: number; offset?: number; prices?: ModelPrices }; result: { threads: ThreadSummary[]; total: number } };
  /** Every checkpoint of a thread (root namespace), newest first; each names its parent so a tree can be drawn. */
  "db/checkpoints": {
    /** `storeWrites`: fill each summary's storeWrites (a scan of the store's history, for the Timeline). */
    params: DbRef & { threadId: string; limit?: number; offset?: number; storeWrites?: boolean };
    result: { checkpoints: CheckpointSummary[]; total: number };
  };
  /** One checkpoint with its channel values as plain JSON (messages as `{ type, content, ... }`). */
  "db/checkpoint": { params: DbRef & { threadId: string; checkpointId: string }; result: CheckpointDetail };
  /**
   * One side of a comparison, as readable text for a diff editor: the checkpoint's thread and
   * name, the path of nodes run from the thread's first checkpoint to it, its state, and the
   * store as of the checkpoint (the workspace database; other backends: the store now, said so).
   */
  "db/comparisonSide": { params: DbRef & { threadId: string; checkpointId: string }; result: { text: string } };
  /**
   * Fork with edited state, without a debug session: loads the graph (from the langgraph.json the
   * database was opened with) and writes the value at `path` (channel first) on `checkpointId` with
   * LangGraph's updateState, as a session's State edit does. `graphId` is used when the thread's
   * checkpoints do not name their graph. Runs user code: refused in an untrusted workspace.
   */
  "db/updateState": { params: DbRef & DbUpdateStateParams; result: { checkpointId: string } };
  /** Delete a thread and all its checkpoints and writes. */
  "db/deleteThread": { params: DbRef & { threadId: string }; result: Record<string, never> };
  /** Namespaces with their item counts (`prefix` label-wise, `maxDepth` truncates). */
  "db/namespaces": { params: DbRef & { prefix?: string[]; maxDepth?: number }; result: { namespaces: NamespaceSummary[] } };
  /** Items of a namespace prefix: a page, filtered (`$eq`… over dotted paths) or ranked by a semantic `query`. */
  "db/items": { params: DbRef & ItemsQuery; result: { items: StoreItemView[]; total?: number } };
  /** One item, or `item: null` when it does not exist. */
  "db/item": { params: DbRef & { namespace: string[]; key: string }; result: { item: StoreItemView | null } };
  /** A graph as the database's server draws it (a LangGraph server only: the workspace's graphs come from graphs/shape). */
  "db/graphShape": { params: DbRef & { graphId: string }; result: GraphShape };
  /** A store item's versions, newest first (workspace database only: `noStoreHistory` elsewhere). */
  /**
   * Writes a regression test for a thread of the workspace database into the project: a test file
   * for its runner (vitest, else node:test) and the recordings it replays beside it. `path`: the
   * test file or its folder (default `<langgraph.json folder>/test`). Refused, with the difference,
   * when replaying the thread does not reproduce its final state.
   */
  "db/createTest": {
    params: DbRef & {
      graphId: string;
      threadId: string;
      context?: Record<string, unknown>;
      path?: string;
      runner?: "vitest" | "node:test";
      overwrite?: boolean;
    };
    result: CreateTestResult;
  };
  /** The calls recorded in a thread of the workspace database (all checkpoints, or one), with totals. */
  "db/calls": { params: DbRef & { threadId: string; checkpointId?: string; prices?: ModelPrices }; result: CallsView };
  "db/storeHistory": { params: DbRef & { namespace: string[]; key: string }; result: { versions: StoreVersionView[] } };
  /**
   * The items of one namespace (not those under it) as they were at `time` (ISO), each with its
   * value now when it changed since (workspace database only: `noStoreHistory` elsewhere).
   */
  "db/itemsAsOf": { params: DbRef & { namespace: string[]; time: string }; result: { items: StoreItemAsOfView[] } };
  /** Create or replace an item. `value` must be a JSON object; `ifUpdatedAt` refuses the write when the item changed since. */
  "db/putItem": { params: DbRef & { namespace: string[]; key: string; value: Record<string, unknown>; ifUpdatedAt?: string }; result: { item: StoreItemView } };
  /** Delete an item (no error when it does not exist). */
  "db/deleteItem": { params: DbRef & { namespace: string[]; key: string }; result: Record<string, never> };
  /**
   * Rename an item: move it to `toNamespace`/`toKey` in one atomic write. Refused (`conflict`) when
   * the target exists, the item is gone, or it changed since `ifUpdatedAt`.
   */
  "db/moveItem": {
    params: DbRef & { namespace: string[]; key: string; toNamespace: string[]; toKey: string; ifUpdatedAt?: string };
    result: { item: StoreItemView };
  };
  /**
   * Copy a thread (every checkpoint in every checkpoint_ns, with its pending writes, same ids) from
   * the database `dbPath` into the database `toDbPath` (both opened with db/open), with the store
   * items of the namespaces that name it. Refused when `toDbPath` has that thread already: copy it
   * under `newThreadId` instead.
   */
  "db/copyThread": { params: DbRef & CopyThreadParams; result: CopiedThread };
}

export interface EngineNotifications {
  /** The run stopped; the position is `checkpointId`. */
  "session/stopped": SessionStop;
  /** The run is under way again (after continue, next, resume). */
  "session/continued": SessionRef & { threadId: string };
  /** What the graph streamed: LLM tokens and custom stream events, plus the engine's own notes. */
  "session/output": SessionRef & { category: "stdout" | "stderr" | "console"; text: string };
  /** The session ended: the graph finished, failed, or the user continued from its end. */
  "session/terminated": SessionRef & { reason: "finished" | "failed" | "closed"; message?: string };
  /** The database changed (a run, an edit, or the file edited outside); sent at most every ~100 ms per database. */
  "db/changed": DbChange;
}

export type EngineNotificationMethod = keyof EngineNotifications;

export interface SessionRef {
  sessionId: string;
}

export interface SessionOpenParams {
  configFile: string;
  graphId: string;
  /** LangGraph thread_id; a fresh one when absent. */
  threadId?: string;
  /** Static runtime context (`invoke(input, { context })`), checked against the graph's context schema. */
  context?: Record<string, unknown>;
  /** Extra RunnableConfig: `configurable`, `recursionLimit`, `tags`, `metadata`. */
  config?: { configurable?: Record<string, unknown>; recursionLimit?: number; tags?: string[]; metadata?: Record<string, unknown> };
  /** Workspace database file; default `<dir of langgraph.json>/.langgraph/db.json`. */
  dbPath?: string;
  /** Versions kept per store item in the workspace database (see DbOpenParams). */
  storeHistory?: number;
  /** Environment variables for user code, applied on top of langgraph.json `env`. */
  env?: Record<string, string>;
  /** The store a re-run from a past checkpoint uses: as it is now (default), or as it was then, in an overlay. */
  rerunStore?: RerunStoreMode;
  /** Whether re-runs replay recorded model, tool and HTTP calls: "auto" (default), "strict" or "off". */
  replay?: ReplayMode;
  /** Prices of models for the cost of recorded calls (the launch's `modelPrices`). */
  modelPrices?: ModelPrices;
}

/** "auto": replay what matches, call out for the rest; "strict": fail an unrecorded call; "off": always call out. */
export type ReplayMode = "auto" | "strict" | "off";

/** Dollars per million input and output tokens, by model name prefix (setting `langgraph.modelPrices`). */
export type ModelPrices = Record<string, { input: number; output: number }>;

export interface CreateTestResult {
  testFile: string;
  recordingFile: string;
  runner: "vitest" | "node:test";
  /** Recorded calls the test replays. */
  calls: number;
  /** The nodes the run goes through. */
  path: string[];
  /** How to run it from the langgraph.json folder. */
  command: string;
}

/** A recorded call as views show it (src/calls/callViews.ts). */
export interface CallView {
  id: string;
  kind: "model" | "tool" | "http";
  /** `ChatOpenAI`, a tool's name, `POST api.example.com`. */
  name: string;
  model?: string;
  node: string;
  step?: number;
  /** 1 for the task's first call… */
  index: number;
  task: string;
  /** The checkpoint the call's step ran from, and the one it is kept with (the step's result, or `from` when the step did not finish). */
  from: string;
  checkpointId: string;
  unfinished?: true;
  request: unknown;
  response?: unknown;
  /** One line each: the last message or the arguments; the answer, the tool's result or the status. */
  requestSummary: string;
  responseSummary: string;
  /** The text a user edits: a model's answer, a tool's result; absent for HTTP. */
  editableText?: string;
  error?: string;
  usage?: { input: number; output: number };
  cost?: number;
  latencyMs: number;
  startedAt: string;
  replayedFrom?: string;
  editedFrom?: string;
}

/** What calls added up to; a replayed call is counted apart and costs nothing. */
export interface CallTotalsView {
  calls: number;
  replayed: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  cost?: number;
  unpriced: number;
  /** "3 calls (1 replayed) · 1,204 → 312 tokens · 2.4 s · $0.0012". */
  text: string;
}

export interface CallsView {
  calls: CallView[];
  totals: CallTotalsView;
  byNode: Record<string, CallTotalsView>;
  /** Set when this database records no calls (Postgres, a server): why. */
  notRecorded?: string;
}

/** "now": re-runs use the live store; "asItWas": the store as it was at the checkpoint, writes kept in an overlay. */
export type RerunStoreMode = "now" | "asItWas";

/** A write held in the store overlay: a value, or `deleted`. */
export interface OverlayWriteView {
  namespace: string[];
  key: string;
  value?: Record<string, unknown>;
  deleted?: true;
  /** Who wrote it: "thread 1 · step 2 · call_model" ("" when unknown). */
  writer: string;
}

export interface SessionAttachParams {
  /** `http(s)://host:port` of the LangGraph server. */
  url: string;
  /** The server's API key (x-api-key); else the engine's LANGGRAPH_API_KEY. */
  apiKey?: string;
  /** An assistant id or a graph id the server serves. */
  graphId: string;
  /** The server's thread id (a UUID); a new thread when absent or not on the server yet. */
  threadId?: string;
  /** Static runtime context of the runs. */
  context?: Record<string, unknown>;
  config?: SessionOpenParams["config"];
}

export interface SessionInfo {
  sessionId: string;
  graphId: string;
  threadId: string;
  /** Where each node of the graph is defined, when the engine could find it. */
  nodes: NodeInfo[];
  /** Which checkpointer/store the session uses. */
  persistence: { kind: "memory" | "workspaceDb" | "server"; path?: string };
  /** What this session cannot do, said once in the Debug Console (a session attached to a server). */
  limits?: string;
}

export interface NodeInfo {
  name: string;
  file?: string;
  /** 1-based line of the node's function (or of its addNode call). */
  line?: number;
}

/**
 * A function breakpoint named after a node: `call_model` (= `before:call_model`) stops before the
 * node runs, `after:call_model` after its superstep, once its writes are applied.
 */
export interface NodeBreakpointSpec {
  id: number;
  name: string;
  /** Expression over the state at the stop, e.g. `messages.length > 2`. */
  condition?: string;
  /** `5` or `>= 5` (from the 5th hit on), `> 5`, `== 5`, `% 5` (every 5th hit). */
  hitCondition?: string;
}

export interface NodeBreakpointState {
  id: number;
  verified: boolean;
  /** Why the breakpoint is not verified, written for the user. */
  message?: string;
  node?: string;
  when?: "before" | "after";
}

export interface StopFilters {
  nodeErrors: boolean;
  interrupts: boolean;
}

export type StopReason = "entry" | "step" | "breakpoint" | "interrupt" | "exception" | "pause" | "end" | "goto" | "fork";

export interface SessionStop extends SessionRef {
  threadId: string;
  reason: StopReason;
  checkpointId: string;
  /** Set when the position is inside a subgraph: its checkpoint namespace (`polish:<task id>`). */
  checkpointNs?: string;
  /** One line for the user: why the run stopped and where. */
  description: string;
  /** Details: the error message, the interrupt's value. */
  text?: string;
  breakpointIds?: number[];
  /** Set on the first stop of a session that opened an existing thread without running it. */
  opened?: boolean;
}

/** One checkpoint of the lineage, as a call-stack frame. */
export interface CheckpointFrame {
  checkpointId: string;
  /** Set for a subgraph's checkpoint: its checkpoint namespace (`polish:<task id>`). */
  checkpointNs?: string;
  parentCheckpointId?: string;
  step: number;
  /** `input`, `loop`, `update` or `fork` (LangGraph's checkpoint metadata `source`). */
  source: string;
  /** Nodes whose writes made this checkpoint, qualified inside a subgraph (`polish:format`). */
  writers: string[];
  /** Tasks pending at this checkpoint: the nodes the next superstep runs. */
  next: string[];
  createdAt?: string;
  /** checkpointName(): `step N · <writers>`, `step -1 · input`, `… (edited)`, `… (fork)`. */
  name: string;
  file?: string;
  line?: number;
  /** Set when a re-run wrote this checkpoint against a store overlay: "overlay as of step 0 · 14:03:07". */
  storeOverlay?: string;
}

export type ScopeKind = "state" | "next" | "writes" | "calls" | "context" | "config" | "store" | "evaluation";

export interface VariablesTarget {
  checkpointId: string;
  scope: ScopeKind;
  /** Keys and indices from the scope's root. */
  path: Array<string | number>;
  /** For scope `evaluation`: the handle of an evaluate result. */
  handle?: number;
}

export interface VariableEntry {
  name: string;
  /** Short rendering for the Variables view. */
  value: string;
  type: string;
  /** Has children (object, array, message). */
  expandable: boolean;
  /** Number of children, for large arrays and objects. */
  size?: number;
  /** Can be edited (State values and Store item values). */
  editable?: boolean;
}

export interface EvaluationResult {
  value: string;
  type: string;
  expandable: boolean;
  /** Pass with scope `evaluation` to `session/variables` to expand; valid until the next stop. */
  handle?: number;
}

export interface SetValueParams {
  checkpointId: string;
  scope: "state" | "store" | "calls";
  /**
   * Path of the value to replace: `["messages", 1, "content"]`, or `[namespace, key, ...]` in the
   * Store, or `[<call>, "response"]` in Calls (an edited copy of the recorded answer, see session/editCall).
   */
  path: Array<string | number>;
  /** A JavaScript expression for the new value (evaluated in the sandbox over the state). */
  expression: string;
}

export interface SetValueResult {
  value: VariableEntry;
  /** The checkpoint the edit created (State edits fork the thread with updateState). */
  checkpointId?: string;
}

export interface DbOpenParams {
  configFile: string;
  /** Database file; default `<dir of langgraph.json>/.langgraph/db.json`. */
  dbPath?: string;
  /** False in an untrusted workspace: no user module is imported, writes are refused. Default true. */
  trusted?: boolean;
  /**
   * Versions kept per store item in the workspace database, the current one included; 0 keeps
   * none (default 50). A different number reopens the file, or, while a debug session uses it,
   * applies once no session does.
   */
  storeHistory?: number;
}

export interface DbUpdateStateParams {
  /** The graph whose channels the thread holds, when its checkpoints' metadata does not say (`graph_id`). */
  graphId?: string;
  threadId: string;
  checkpointId: string;
  /** Path of the value to replace, channel first: `["topic"]`, `["messages", 1, "content"]`. */
  path: Array<string | number>;
  /** The new value, as plain JSON (a message as `{ type, content, id }`). */
  value: unknown;
}

/** Databases are named by their absolute path. */
export interface DbRef {
  dbPath: string;
}

export interface CopyThreadParams {
  threadId: string;
  /** The database to copy into (the workspace JSON database). */
  toDbPath: string;
  /** The thread's id in `toDbPath`, when not the same. */
  newThreadId?: string;
  /** More labels that name the thread's namespaces, e.g. its user id (LangGraph.js keeps configurable values out of checkpoints). */
  labels?: string[];
}

export interface CopiedThread {
  /** The thread's id where it was copied to. */
  threadId: string;
  /** Where it was copied to. */
  dbPath: string;
  checkpoints: number;
  /** Pending writes copied with the checkpoints. */
  writes: number;
  /** Store items that are now in `dbPath` as in the source. */
  items: number;
  /** The store items taken as the thread's, in words (stores record no thread per item). */
  itemRule: string;
  /** The labels a namespace had to have (one of) for its items to be copied. */
  labels: string[];
  /** Items `dbPath` already had, changed later than the source's: left as they were. */
  skipped?: Array<{ namespace: string[]; key: string; reason: string }>;
}

export interface DbInfo extends DbRef {
  /**
   * The workspace JSON database (dbPath: its file), a Postgres database (dbPath: its URL without
   * the password) or a LangGraph server (dbPath: its http(s) URL without credentials).
   */
  kind: "workspace" | "postgres" | "server";
  configFile: string;
  /** Writes refused (untrusted workspace, or another process holds the file). */
  readOnly: boolean;
  /** When read-only: why, and what to do, in words for the views to show. */
  readOnlyReason?: string;
  /** Semantic search is available (langgraph.json `store.index`). */
  semanticSearch: boolean;
  /** Why store items have no history here (db/storeHistory, db/itemsAsOf refuse with it); absent when they do. */
  noStoreHistoryReason?: string;
}

/**
 * A thread in a list. A LangGraph server's listing is one search, which gives no checkpoint
 * count, step or next nodes (reading each thread's history for them is one request per thread):
 * those are left out there, and its `status` is given instead. Workspace and Postgres give them.
 */
export interface ThreadSummary {
  threadId: string;
  /** Absent on a LangGraph server. */
  checkpointCount?: number;
  /** Of the newest checkpoint; absent on a LangGraph server. */
  step?: number;
  updatedAt?: string;
  /** Graph id from the checkpoint metadata (the thread's metadata on a server), when recorded. */
  graphId?: string;
  /** Nodes the next superstep of the newest checkpoint would run; empty when the run ended; absent on a LangGraph server. */
  next?: string[];
  /** A LangGraph server's thread status: `idle`, `busy`, `interrupted` or `error`. */
  status?: string;
  /**
   * The last entry of the newest checkpoint's `messages` channel, when the graph has one: its
   * role (`human`, `ai`, `tool`…, or a plain message's `role`) and its text on one line, cut at
   * 160 characters. A message with only tool calls reads "calls <tool names>".
   */
  lastMessage?: { role: string; text: string };
  /** The thread's recorded model, tool and HTTP calls, when it has any (the workspace database only). */
  calls?: CallTotalsView;
}

export interface CheckpointSummary {
  checkpointId: string;
  parentCheckpointId?: string;
  step: number;
  /** `input`, `loop`, `update` or `fork`. */
  source: string;
  /** Nodes whose writes produced this checkpoint (metadata `writes`). */
  writers: string[];
  /** Nodes the next superstep would run. */
  next: string[];
  createdAt?: string;
  /** The store writes of the step that made it (`added memories/1/name`), when asked for; workspace database only, left out when none. */
  storeWrites?: string[];
}

export interface CheckpointDetail extends CheckpointSummary {
  threadId: string;
  /** Channel values as plain JSON, `__`-internal channels left out. */
  values: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** Writes of tasks pending at this checkpoint: which node wrote what to which channel. */
  pendingWrites: Array<{ taskId: string; node?: string; channel: string; value: unknown }>;
}

export interface NamespaceSummary {
  namespace: string[];
  count: number;
}

export interface ItemsQuery {
  namespace: string[];
  filter?: Record<string, unknown>;
  /** Semantic query (needs `semanticSearch`); items then carry `score`. */
  query?: string;
  limit?: number;
  offset?: number;
}

export interface StoreItemView {
  namespace: string[];
  key: string;
  value: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  score?: number;
  /** Which run step and node last wrote it, when a debug session saw the write. */
  writtenBy?: { threadId: string; checkpointId?: string; step?: number; node?: string };
}

/** An item as it was at a time (db/itemsAsOf): `now` is its current version when it changed since (absent: deleted since). */
export interface StoreItemAsOfView {
  key: string;
  then: StoreVersionView;
  changed: boolean;
  now?: StoreVersionView;
}

/** One version of a store item (session/storeHistory, langgraph/storeHistory, db/storeHistory). */
export interface StoreVersionView {
  /** When it was written, or deleted (ISO). */
  time: string;
  /** Absent for a deletion. */
  value?: Record<string, unknown>;
  deleted?: true;
  /** The run step and node that wrote it, when a debug session saw the write. */
  writtenBy?: { threadId: string; checkpointId?: string; step?: number; node?: string };
  /** Set when it was edited in VS Code, or by another process, rather than put by a program. */
  origin?: "vscode" | "external";
  /** Who wrote it, for people: "thread 1 · step 1 · remember", "edited in VS Code", "written by another process", or "" when unknown. */
  writer: string;
}

export interface DbChange extends DbRef {
  /**
   * What changed; `external` = the file was edited outside and reloaded; `access` = whether it
   * may be written changed (the process that held it let go): ask `db/open` again.
   */
  kinds: Array<"checkpoints" | "store" | "external" | "access">;
  threadIds?: string[];
  namespaces?: string[][];
}

export type EngineMethod = keyof EngineRequests;
export type EngineParams<M extends EngineMethod> = EngineRequests[M]["params"];
export type EngineResult<M extends EngineMethod> = EngineRequests[M]["result"];
export type EngineNotificationParams<N extends EngineNotificationMethod> = EngineNotifications[N];
