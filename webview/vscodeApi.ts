// The only module that calls `acquireVsCodeApi()` (VS Code allows one call per page load).
// Everything else talks to the extension host through these typed helpers, so the message and
// state shapes are checked against the shared protocol at compile time.

import type { WebviewMessage, WebviewUiState } from "../src/protocol/webview";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/** UI state saved by an earlier page load of this panel, or `{}` for a fresh one. */
export function getUiState(): WebviewUiState {
  const state = api.getState();
  return state && typeof state === "object" ? (state as WebviewUiState) : {};
}

/** Merges into the saved UI state. Navigation only: data always comes fresh from the host. */
export function setUiState(patch: Partial<WebviewUiState>): void {
  api.setState({ ...getUiState(), ...patch });
}
