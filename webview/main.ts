// webview/: browser code only, bundled to dist/webview/main.js. It may import lit,
// @vscode-elements/elements, elkjs, vscode-jsonrpc and the types in src/protocol; never vscode
// or Node modules. This entry mounts the debugger view, hands it the host's snapshots and tells
// the host it is ready with the selection it saved (the host answers with its current
// snapshots, so a reload needs nothing else).

import "./debuggerApp";
import { ask, onHostMessage } from "./hostConnection";
import { getUiState } from "./vscodeApi";

const app = document.createElement("lg-debugger-app");
document.body.append(app);
onHostMessage((message) => void app.receive(message));

const { threadId, checkpointId } = getUiState();
void ask(app, threadId ? { type: "webview/ready", restore: { threadId, ...(checkpointId ? { checkpointId } : {}) } } : { type: "webview/ready" });
