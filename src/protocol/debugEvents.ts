// Types-only contract for what the `langgraph` debug adapter tells VS Code beyond standard DAP:
// the session's position (for the status bar, the Threads view and the debugger webview) and
// the custom requests those surfaces send through `vscode.DebugSession.customRequest`.
// Stepping itself stays standard DAP (`next`, `stepBack`, `continue`…), so the toolbar and the
// views always drive the same session.

import type { CallsView, CallView, CreateTestResult, OverlayWriteView, ReplayMode, RerunStoreMode, StopReason, StoreVersionView } from "./engine";

/** Custom DAP event sent at every stop, on continue, and when the session ends. */
export const POSITION_EVENT = "langgraph/position";

export interface PositionEventBody {
  /** The session's langgraph.json; for a session attached to a LangGraph server, the server's URL (as the views name it). */
  configFile: string;
  /** Absolute path of the workspace database the session writes. */
  dbPath: string;
  graphId: string;
  threadId: string;
  /** `stopped` at `checkpointId`; `running` between stops; `ended` once the session terminated. */
  status: "stopped" | "running" | "ended";
  checkpointId?: string;
  step?: number;
  /** checkpointName() of the position's checkpoint: `step 2 · call_model`. */
  name?: string;
  /** Nodes the next superstep runs at the position. */
  next?: string[];
  reason?: StopReason;
  description?: string;
}

/** Custom DAP requests (`customRequest(command, args)`) the adapter answers. */
export interface CustomRequests {
  /** Time travel: make a checkpoint of the thread the position (stops with reason `goto`). */
  "langgraph/goto": { args: { checkpointId: string }; result: Record<string, never> };
  /**
   * Fork with edited state from any checkpoint of the session's thread (session/editState): the
   * session moves to the fork.
   */
  "langgraph/editState": { args: { checkpointId: string; path: Array<string | number>; value: unknown }; result: { checkpointId: string } };
  /** Answer a pending `interrupt()` (same as `resume <json>` in the Debug Console). */
  "langgraph/resume": { args: { value: unknown }; result: Record<string, never> };
  /** Retry Node: at a node error, run the failed node again. */
  "langgraph/retry": { args: Record<string, never>; result: Record<string, never> };
  /** The versions of a store item, newest first, with their time and writer. */
  "langgraph/storeHistory": { args: { namespace: string[]; key: string }; result: { versions: StoreVersionView[] } };
  /** Which store re-runs from a past checkpoint use from now on: as it is "now", or "asItWas" (an overlay). */
  "langgraph/rerunStore": { args: { mode: RerunStoreMode }; result: { mode: RerunStoreMode } };
  /** The calls recorded in the session's thread (`threadId` another thread of its database; `checkpointId` those kept with one checkpoint), with totals per node and thread. */
  "langgraph/calls": { args: { threadId?: string; checkpointId?: string }; result: CallsView };
  /** Changes what a recorded call answered (an edited copy; the original kept) and travels to the checkpoint its step ran from: Continue re-runs it with the edit, a fork. */
  "langgraph/editCall": { args: { callId: string; response: unknown }; result: { call: CallView; rerunFrom: string } };
  /**
   * Writes a regression test for a thread (the session's by default) into the project: the test
   * for its runner and the recordings it replays; `path` is the test file or its folder.
   */
  "langgraph/createTest": { args: { threadId?: string; path?: string; runner?: "vitest" | "node:test"; overwrite?: boolean }; result: CreateTestResult };
  /** Whether re-runs replay recorded calls from now on: "auto", "strict" or "off". */
  "langgraph/replay": { args: { mode: ReplayMode }; result: { mode: ReplayMode } };
  /** The store overlay's writes waiting to be applied; `asOf` names it ("as of step 0 · 14:03:07"). */
  "langgraph/overlay": { args: Record<string, never>; result: { asOf?: string; writes: OverlayWriteView[] } };
  /** Writes the overlay to the live store in one batch; items changed there since come back as `conflicts`, unapplied unless `overwrite`. */
  "langgraph/applyOverlay": {
    args: { overwrite?: boolean };
    result: { applied: OverlayWriteView[]; conflicts: Array<OverlayWriteView & { reason: string }> };
  };
  /** Drops the overlay's writes. */
  "langgraph/discardOverlay": { args: Record<string, never>; result: { discarded: OverlayWriteView[] } };
  /** The current position, as the last position event said. */
  "langgraph/position": { args: Record<string, never>; result: PositionEventBody };
}
