// webview/: browser code only, bundled to dist/webview/main.js. It may import lit,
// @vscode-elements/elements, elkjs and the types in src/protocol; never vscode or Node modules.
// This entry mounts the debugger view, hands it host snapshots and tells the host it is ready
// with the selection it saved (the host answers with its current snapshots, so a reload needs
// nothing else).

import "./debuggerApp";
import { getUiState, post } from "./vscodeApi";
import type { HostMessage } from "../src/protocol/webview";

// Every HostMessage type, checked by the compiler: a new one cannot be left out of the filter.
const hostMessageTypeList: Record<HostMessage["type"], true> = {
  "graph/loading": true,
  "graph/didLoad": true,
  "graph/didFail": true,
  "view/showTab": true,
  "db/didLoad": true,
  "timeline/didLoad": true,
  "checkpoint/didLoad": true,
  "checkpoint/didFail": true,
  "node/didLoad": true,
  "session/didChange": true,
  "store/namespacesDidLoad": true,
  "store/itemsDidLoad": true,
  "action/didFail": true,
};
const hostMessageTypes: ReadonlySet<string> = new Set(Object.keys(hostMessageTypeList));

/** The page also receives VS Code's own messages; only ours are handed to the app. */
function isHostMessage(data: unknown): data is HostMessage {
  return typeof data === "object" && data !== null && hostMessageTypes.has((data as { type?: unknown }).type as string);
}

const app = document.createElement("lg-debugger-app");
document.body.append(app);

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  if (isHostMessage(event.data)) void app.receive(event.data);
});

const { threadId, checkpointId } = getUiState();
post(threadId ? { type: "webview/ready", restore: { threadId, ...(checkpointId ? { checkpointId } : {}) } } : { type: "webview/ready" });
