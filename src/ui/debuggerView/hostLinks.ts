// What the debugger view's host (debuggerViewHost.ts) needs from VS Code, as small interfaces:
// the workspace database, the LangGraph debug session, function breakpoints and the editor.
// vscodeLinks.ts implements them with VS Code; the Chromium tests with a real engine and adapter.

import type { CheckpointSummary, DbChange, DbInfo, ModelPrices, SourceLocation } from "../../protocol/engine";
import type { SessionView } from "../../protocol/webview";
import type { DatabaseRequests } from "./checkpointReads";

/** The workspace database of this view's langgraph.json (WorkspaceDbService, bound to one file). */
export interface DatabaseLink extends DatabaseRequests {
  info(): Promise<DbInfo>;
  /** The user's prices of models (langgraph.modelPrices), for the cost of recorded calls. */
  modelPrices?(): ModelPrices | undefined;
  onDidChange(listener: (change: DbChange) => void): () => void;
}

/** What a new run of the view's graph starts with. */
export interface RunRequest {
  threadId?: string;
  input?: unknown;
  context?: Record<string, unknown>;
  /** Debug from Here: open the thread at this checkpoint without running (no input). */
  checkpoint?: { checkpointId: string; step: number };
}

/** The LangGraph debug session on this database, if one runs (DebugPositionTracker). */
export interface SessionLink {
  current(): SessionView | undefined;
  onDidChange(listener: () => void): () => void;
  /** A DAP request to the current session: standard (`next`, `stackTrace`…) or `langgraph/*`. */
  request(command: string, args: unknown): Promise<unknown>;
  stop(): Promise<void>;
  /** Starts a debug session of the view's graph on this database, stopping on entry. */
  start(run: RunRequest): Promise<void>;
}

/** Function breakpoints named after nodes (VS Code's breakpoint list). */
export interface BreakpointLink {
  names(): string[];
  toggle(name: string): void;
  onDidChange(listener: () => void): () => void;
}

/** VS Code's editor: the user's source files, the store's `langgraph-store:` documents and comparisons. */
export interface EditorLink {
  openSource(location: SourceLocation): Promise<void>;
  /** Opens a store item as a JSON document (undo, save conflicts and all: VS Code's). */
  openStoreItem(namespace: string[], key: string): Promise<void>;
  /** Opens two checkpoints' comparison documents (`langgraph-compare:`) in the diff editor, `left` on the left. */
  openComparison(threadId: string, left: CheckpointSummary, right: CheckpointSummary): Promise<void>;
}
