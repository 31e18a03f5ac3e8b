// The only module that calls `acquireVsCodeApi()` (VS Code allows one call per page load): the
// raw postMessage channel (hostConnection.ts runs JSON-RPC over it) and the saved UI state,
// checked against the shared protocol at compile time.

import type { WebviewUiState } from "../src/protocol/webview";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

/** Raw messages to the extension host; only hostConnection.ts sends through it. */
export function postToHost(message: unknown): void {
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
