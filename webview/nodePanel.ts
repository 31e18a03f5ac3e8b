// The node panel under the graph of the debugger view: the node the user clicked, its last run
// before the selected checkpoint (the state it read, the calls it made, what it wrote) and Go
// to Function. A template of <lg-debugger-app> (debuggerApp.ts), which keeps the node shown.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import "./callsList";
import { ask } from "./hostConnection";
import type { CallView } from "../src/protocol/engine";
import type { HostMessage } from "../src/protocol/webview";

/** What the host found of a node's last run (node/didLoad). */
export type NodeRun = Extract<HostMessage, { type: "node/didLoad" }>;

/** Longer input or output is cut: the panel shows a node's run, not a whole database. */
const MAX_JSON_CHARS = 20_000;

/** The model, tool and HTTP calls of the node's run, and why their answers cannot be edited now (if so). */
export interface NodeCalls {
  list: readonly CallView[];
  editBlocked: string | undefined;
}

/** `from` is the element a failed Go to Function reports to; `close` hides the panel. */
export function renderNodePanel(node: NodeRun, calls: NodeCalls, from: EventTarget, close: () => void): TemplateResult {
  const json = (value: unknown) => {
    const text = JSON.stringify(value, null, 2) ?? "";
    return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}\n…` : text;
  };
  return html`<section class="node-panel" aria-label="Node ${node.nodeId}">
    <header class="node-panel-title">
      <span class="codicon codicon-symbol-method" aria-hidden="true"></span>
      <span class="node-panel-name">${node.nodeId}</span>
      <span class="node-panel-when"
        >${node.checkpointId ? `last ran at step ${node.step}, before the selected checkpoint` : "has not run on this lineage"}</span
      >
      <vscode-button
        class="node-go-to-function"
        secondary
        icon="go-to-file"
        title="Open the definition of the function (or subgraph) this node runs"
        @click=${() => void ask(from, { type: "graph/openNode", nodeId: node.nodeId, target: "function" })}
        >Go to Function</vscode-button
      >
      <vscode-toolbar-button icon="close" label="Close" @click=${close}></vscode-toolbar-button>
    </header>
    <lg-calls-list .calls=${calls.list} .editBlocked=${calls.editBlocked}></lg-calls-list>
    ${
      node.checkpointId
        ? html`<div class="node-panel-io">
            <div>
              <h4>Input (the state it read)</h4>
              <pre class="node-input">${json(node.input)}</pre>
            </div>
            <div>
              <h4>Output (what it wrote)</h4>
              <pre class="node-output">${json(node.output)}</pre>
            </div>
          </div>`
        : nothing
    }
  </section>`;
}
