// The contract between the extension host and the debugger webview, carried as JSON-RPC over
// postMessage (webviewRpc.ts). Webview messages are requests: the method is their `type`, the
// params the whole message, defined once as a zod schema the host validates every request
// against (their TypeScript type is inferred from it), and each gets a reply: done, failed with
// an ErrorView, or cancelled. Host messages are notifications, each a complete snapshot of one
// section (graph, database, timeline, checkpoint, session, store), never a delta, so a webview
// that was hidden or reloaded can always render from the last ones.

import { z } from "zod";
import type { PositionEventBody } from "./debugEvents";
import type {
  CallsView,
  CheckpointDetail,
  CheckpointSummary,
  DbInfo,
  GraphShape,
  ItemsQuery,
  NamespaceSummary,
  StoreItemAsOfView,
  StoreItemView,
  StoreVersionView,
  ThreadSummary,
} from "./engine";

export interface ErrorView {
  message: string;
  file?: string;
  hint?: string;
  /** A command that fixes it, run in a terminal in `folder` (EngineErrorData.fix). */
  fix?: { command: string; folder: string };
}

/** The debug session the view follows, without the VS Code session object. */
export type SessionView = PositionEventBody;

/** Host → webview notifications, the method being `type`. `Did…` ones carry whole snapshots. */
export type HostMessage =
  | { type: "graph/didLoad"; graph: GraphShape; configFile: string }
  | { type: "graph/didFail"; graphId: string; error: ErrorView }
  | { type: "graph/loading"; graphId: string }
  /** Brings a tab to the front (a command opened the view on a checkpoint to edit its state). */
  | { type: "view/showTab"; tab: DebuggerTab }
  /** The workspace database and its threads (most recently updated first). */
  | { type: "db/didLoad"; info?: DbInfo; threads: ThreadSummary[]; error?: ErrorView }
  /** Every checkpoint of the selected thread, newest first. */
  | { type: "timeline/didLoad"; threadId: string; checkpoints: CheckpointSummary[]; total: number }
  /**
   * The selected checkpoint with its state, and the state it is compared with: its parent's, or
   * another checkpoint's (`comparedWith`) when the user asked.
   */
  | { type: "checkpoint/didLoad"; checkpoint: CheckpointDetail; parentValues?: Record<string, unknown>; comparedWith?: { checkpointId: string; step: number } }
  | { type: "checkpoint/didFail"; threadId: string; checkpointId: string; error: ErrorView }
  /** The selected thread's recorded model, tool and HTTP calls, with their totals per node and for the thread; `error` when they could not be read. */
  | { type: "calls/didLoad"; threadId: string; calls?: CallsView; error?: ErrorView }
  /**
   * A node's last run on the lineage of the selected checkpoint: the state it read (its parent
   * checkpoint's values) and what it wrote, channel by channel. No `checkpointId`: it never ran there.
   */
  | { type: "node/didLoad"; nodeId: string; checkpointId?: string; step?: number; input?: Record<string, unknown>; output?: Record<string, unknown> }
  /** The LangGraph debug session on this database (if any) and the node breakpoints. */
  | { type: "session/didChange"; session?: SessionView; breakpoints: string[] }
  | { type: "store/namespacesDidLoad"; namespaces: NamespaceSummary[] }
  | { type: "store/itemsDidLoad"; query: ItemsQuery; items: StoreItemView[]; total?: number }
  /**
   * A namespace's items as they were at `time` (a checkpoint's createdAt), each marked when it
   * changed since; `addedSince`: the items it has now that it did not have then.
   */
  | { type: "store/itemsAsOfDidLoad"; namespace: string[]; time: string; items: StoreItemAsOfView[]; addedSince: StoreItemView[] }
  /** An item's versions, newest first. */
  | { type: "store/historyDidLoad"; namespace: string[]; key: string; versions: StoreVersionView[] };

/** JSON of any shape, checked recursively; typed `unknown`, as JSON.parse gives it to the webview. */
const json: z.ZodType<unknown> = z.json();
const id = z.string().min(1).max(1000);
const namespace = z.array(z.string().min(1).max(1000)).max(100);
const isoTime = z.iso.datetime({ offset: true });
const path = z.array(z.union([z.string().max(1000), z.number().int().nonnegative()])).max(100);

/**
 * Webview → host requests: each defined once, here. The host validates every request against
 * this schema (the webview is untrusted input); the TypeScript type is inferred from it. The
 * webview imports the type only, so zod stays out of its bundle.
 */
export const webviewMessageSchema = z.discriminatedUnion("type", [
  /** The page (re)started; `restore` is the selection it saved before a reload. */
  z.strictObject({
    type: z.literal("webview/ready"),
    restore: z.strictObject({ threadId: id.optional(), checkpointId: id.optional() }).optional(),
  }),
  z.strictObject({ type: z.literal("graph/refresh") }),
  /** Open the node's `.addNode(…)` call, or the definition of its function (or subgraph). */
  z.strictObject({ type: z.literal("graph/openNode"), nodeId: id, target: z.enum(["addNode", "function"]) }),
  /** A function breakpoint named after the node: added when absent, removed when present. */
  z.strictObject({ type: z.literal("graph/toggleBreakpoint"), nodeId: id }),
  /** Show a node's last input and output. */
  z.strictObject({ type: z.literal("node/inspect"), nodeId: id }),
  z.strictObject({ type: z.literal("timeline/selectThread"), threadId: id }),
  /** Show a checkpoint's state, diffed against its parent or against `compareWith`. */
  z.strictObject({ type: z.literal("timeline/selectCheckpoint"), threadId: id, checkpointId: id, compareWith: id.optional() }),
  /** Open the comparison of two checkpoints (path of nodes, state, store as of each) in VS Code's diff editor. */
  z.strictObject({ type: z.literal("compare/openDiff"), threadId: id, checkpointId: id, compareWith: id }),
  /** The debug toolbar's actions, plus Retry Node (run the node that failed again, at a node-error stop). */
  z.strictObject({ type: z.literal("session/control"), action: z.enum(["continue", "next", "stepBack", "pause", "stop", "retry"]) }),
  /** Time travel: the session's position becomes this checkpoint. */
  z.strictObject({ type: z.literal("session/goto"), checkpointId: id }),
  /** Answer the pending `interrupt()`. */
  z.strictObject({ type: z.literal("session/resume"), value: json }),
  /**
   * Start a debug session of this view's graph (stops on entry), on a thread or a new one; with
   * `checkpoint` and no input, Debug from Here: the thread opens at that checkpoint, nothing run.
   */
  z.strictObject({
    type: z.literal("session/start"),
    threadId: id.optional(),
    input: json.optional(),
    context: z.record(z.string(), json).optional(),
    checkpoint: z.strictObject({ checkpointId: id, step: z.number().int() }).optional(),
  }),
  /**
   * "What if the model had said X": the debug session on the thread keeps an edited copy of a
   * recorded call (`response`: the new answer or tool result) and travels to the checkpoint the
   * call's step ran from, so Continue re-runs the step with it, on a new branch.
   */
  z.strictObject({ type: z.literal("calls/editAnswer"), callId: id, response: z.string().max(1_000_000) }),
  /** Fork with edited state: replace the value at `path` of a checkpoint's channel values. */
  z.strictObject({ type: z.literal("state/edit"), checkpointId: id, path: path.min(1), value: json }),
  z.strictObject({
    type: z.literal("store/listItems"),
    query: z.strictObject({
      namespace,
      filter: z.record(z.string().min(1).max(1000), json).optional(),
      query: z.string().min(1).max(10_000).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      offset: z.number().int().nonnegative().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal("store/putItem"),
    namespace: namespace.min(1),
    key: id,
    value: z.record(z.string(), json),
    ifUpdatedAt: z.string().max(100).optional(),
  }),
  z.strictObject({ type: z.literal("store/deleteItem"), namespace: namespace.min(1), key: id }),
  /** The items of a namespace as they were at `time` (ISO, a checkpoint's createdAt): read-only. */
  z.strictObject({ type: z.literal("store/listItemsAsOf"), namespace, time: isoTime }),
  z.strictObject({ type: z.literal("store/itemHistory"), namespace: namespace.min(1), key: id }),
  /** Diff two versions of an item (times of its versions), or one with the item as it is now. */
  z.strictObject({
    type: z.literal("store/compareVersions"),
    namespace: namespace.min(1),
    key: id,
    left: isoTime,
    right: z.union([isoTime, z.literal("current")]),
  }),
  /** Write an old version of an item again, as a new version (nothing is deleted). */
  z.strictObject({ type: z.literal("store/restoreVersion"), namespace: namespace.min(1), key: id, time: isoTime }),
  /** Open the item as a `langgraph-store:` JSON document in VS Code's editor. */
  z.strictObject({ type: z.literal("store/openItem"), namespace: namespace.min(1), key: id }),
  /**
   * Move an item to another key and/or namespace, in one atomic write (db/moveItem). Refused
   * when the target exists, or when the item changed since `ifUpdatedAt`.
   */
  z.strictObject({
    type: z.literal("store/renameItem"),
    namespace: namespace.min(1),
    key: id,
    toNamespace: namespace.min(1),
    toKey: id,
    ifUpdatedAt: z.string().max(100).optional(),
  }),
]);

/** Webview → host. */
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type SessionControl = Extract<WebviewMessage, { type: "session/control" }>["action"];

export type ParsedWebviewMessage = { ok: true; message: WebviewMessage } | { ok: false; problem: string };

/** Checks what a webview sent against the contract; `problem` says what is wrong, for the log. */
export function parseWebviewMessage(value: unknown): ParsedWebviewMessage {
  const parsed = webviewMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, problem: z.prettifyError(parsed.error) };
}

export type DebuggerTab = "timeline" | "state" | "store";
export type StateMode = "tree" | "json" | "conversation";
export type StoreMode = "asOf" | "now";

/** What the webview persists with `setState` across reloads: navigation only, never data. */
export interface WebviewUiState {
  graphId?: string;
  /** Lets a restored panel (after a window reload) find its graph again. */
  configFile?: string;
  selectedNodeId?: string;
  /** Subgraphs the user collapsed (true) or expanded (false) on graph `graphId`; the others keep the default. */
  subgraphs?: { graphId: string; collapsed: Record<string, boolean> };
  tab?: DebuggerTab;
  threadId?: string;
  checkpointId?: string;
  stateMode?: StateMode;
  /** Expanded paths of the state tree, each as JSON of its path. */
  expanded?: string[];
  /** The store namespace being browsed, joined with "/". */
  namespace?: string;
  /** The Store tab shows the items as of the selected checkpoint, or as they are now. */
  storeMode?: StoreMode;
}
