// Types-only contract between the extension host and the debugger webview (postMessage).
// Host messages are complete snapshots, never deltas, so a webview that was hidden or
// reloaded can always render from the last one. The host validates every incoming message.

import type { GraphShape } from "./engine";

export interface ErrorView {
  message: string;
  file?: string;
  hint?: string;
}

/** Host → webview. `Did…` notifications carry whole snapshots. */
export type HostMessage =
  | { type: "graph/didLoad"; graph: GraphShape; configFile: string }
  | { type: "graph/didFail"; graphId: string; error: ErrorView }
  | { type: "graph/loading"; graphId: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: "webview/ready" }
  | { type: "graph/refresh" }
  | { type: "graph/openNode"; nodeId: string };

/** What the webview persists with `setState` across reloads: navigation only, never data. */
export interface WebviewUiState {
  graphId?: string;
  /** Lets a restored panel (after a window reload) find its graph again. */
  configFile?: string;
  selectedNodeId?: string;
}
