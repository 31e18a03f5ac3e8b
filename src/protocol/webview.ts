// Types-only contract between the extension host and the debugger webview (postMessage).
// Host messages are complete snapshots of one section each (graph, database, timeline,
// checkpoint, session, store), never deltas, so a webview that was hidden or reloaded can
// always render from the last ones. The host validates every incoming message.

import type { PositionEventBody } from "./debugEvents";
import type {
  CheckpointDetail,
  CheckpointSummary,
  DbInfo,
  GraphShape,
  ItemsQuery,
  NamespaceSummary,
  StoreItemView,
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

/** Host → webview. `Did…` notifications carry whole snapshots. */
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
  /**
   * A node's last run on the lineage of the selected checkpoint: the state it read (its parent
   * checkpoint's values) and what it wrote, channel by channel. No `checkpointId`: it never ran there.
   */
  | { type: "node/didLoad"; nodeId: string; checkpointId?: string; step?: number; input?: Record<string, unknown>; output?: Record<string, unknown> }
  /** The LangGraph debug session on this database (if any) and the node breakpoints. */
  | { type: "session/didChange"; session?: SessionView; breakpoints: string[] }
  | { type: "store/namespacesDidLoad"; namespaces: NamespaceSummary[] }
  | { type: "store/itemsDidLoad"; query: ItemsQuery; items: StoreItemView[]; total?: number }
  /** An action the user asked for failed (a conflicting edit, a refused request). */
  | { type: "action/didFail"; action: WebviewMessage["type"]; error: ErrorView };

/** The debug toolbar's actions, plus Retry Node (run the node that failed again, at a node-error stop). */
export type SessionControl = "continue" | "next" | "stepBack" | "pause" | "stop" | "retry";

/** Webview → host. */
export type WebviewMessage =
  /** The page (re)started; `restore` is the selection it saved before a reload. */
  | { type: "webview/ready"; restore?: { threadId?: string; checkpointId?: string } }
  | { type: "graph/refresh" }
  /** Open the node's `.addNode(…)` call, or the definition of its function (or subgraph). */
  | { type: "graph/openNode"; nodeId: string; target: "addNode" | "function" }
  /** A function breakpoint named after the node: added when absent, removed when present. */
  | { type: "graph/toggleBreakpoint"; nodeId: string }
  /** Show a node's last input and output. */
  | { type: "node/inspect"; nodeId: string }
  | { type: "timeline/selectThread"; threadId: string }
  /** Show a checkpoint's state, diffed against its parent or against `compareWith`. */
  | { type: "timeline/selectCheckpoint"; threadId: string; checkpointId: string; compareWith?: string }
  | { type: "session/control"; action: SessionControl }
  /** Time travel: the session's position becomes this checkpoint. */
  | { type: "session/goto"; checkpointId: string }
  /**
   * Start a debug session of this view's graph (stops on entry), on a thread or a new one; with
   * `checkpointId` and no input, Debug from Here: the thread opens at that checkpoint, nothing run.
   */
  | { type: "session/start"; threadId?: string; input?: unknown; context?: Record<string, unknown>; checkpoint?: { checkpointId: string; step: number } }
  /** Answer the pending `interrupt()`. */
  | { type: "session/resume"; value: unknown }
  /** Fork with edited state: replace the value at `path` of a checkpoint's channel values. */
  | { type: "state/edit"; checkpointId: string; path: Array<string | number>; value: unknown }
  | { type: "store/listItems"; query: ItemsQuery }
  | { type: "store/putItem"; namespace: string[]; key: string; value: Record<string, unknown>; ifUpdatedAt?: string }
  | { type: "store/deleteItem"; namespace: string[]; key: string }
  /** Open the item as a `langgraph-store:` JSON document in VS Code's editor. */
  | { type: "store/openItem"; namespace: string[]; key: string }
  /**
   * Move an item to another key and/or namespace, in one atomic write (db/moveItem). Refused
   * when the target exists, or when the item changed since `ifUpdatedAt`.
   */
  | { type: "store/renameItem"; namespace: string[]; key: string; toNamespace: string[]; toKey: string; ifUpdatedAt?: string };

export type DebuggerTab = "timeline" | "state" | "store";
export type StateMode = "tree" | "json" | "conversation";

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
}
