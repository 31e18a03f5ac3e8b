// <lg-state-view>: one checkpoint's channel values, as a collapsible tree with the diff against
// its parent highlighted, as JSON, or as a conversation when a channel holds messages. In the
// tree, F2 or a double click edits a value in a JSON editor below the tree (jsonEditor.ts): the
// owner turns a save into a fork (state/edit).
// Expansion is given by the owner (it persists it); everything shown is virtualized. Rows show
// previews only; the whole of a big value is rendered on demand, in the inspector below the tree.

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { styleProps } from "./styleProps";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import "./jsonEditor";
import "./virtualList";
import type { RowEventDetail, VirtualList } from "./virtualList";
import { diffValues, looksLikeMessage, messageChannels, messageRole, pathId, previewValue, textOf, valueRows } from "./valueTree";
import type { DiffStatus, MessageLike, Path, ValueRow } from "./valueTree";
import type { StateMode } from "../src/protocol/webview";

/** Characters the inspector shows before "Show all": enough for any normal value, cheap to lay out. */
const inspectorBudget = 20_000;

export interface StateEditDetail {
  path: Path;
  value: unknown;
}

export class StateView extends LitElement {
  static override properties = {
    values: { attribute: false },
    parentValues: { attribute: false },
    comparedWith: { attribute: false },
    expanded: { attribute: false },
    mode: { attribute: false },
    editable: { attribute: false },
    editing: { state: true },
    inspected: { state: true },
    inspectAll: { state: true },
  };

  values: Record<string, unknown> = {};
  parentValues?: Record<string, unknown>;
  /** Set when the diff is against another checkpoint than the parent. */
  comparedWith?: { checkpointId: string; step: number };
  expanded: ReadonlySet<string> = new Set();
  mode: StateMode = "tree";
  /** Edits fork through the debug session, so only while it is stopped. */
  editable = false;
  /** The row whose value the JSON editor holds. */
  private editing?: ValueRow;
  /** The row whose whole value the inspector shows. */
  private inspected?: ValueRow;
  private inspectAll = false;
  private diff = new Map<string, DiffStatus>();
  private rows: ValueRow[] = [];
  private jsonLines?: string[];

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("values") || changed.has("parentValues")) {
      this.diff = this.parentValues ? diffValues(this.values, this.parentValues) : new Map();
      this.jsonLines = undefined;
      this.editing = undefined;
      this.inspected = undefined;
    }
    if (changed.has("values") || changed.has("parentValues") || changed.has("expanded")) {
      this.rows = valueRows(this.values, this.parentValues, this.expanded, this.diff);
    }
    if (this.mode === "json" && !this.jsonLines) this.jsonLines = JSON.stringify(this.values, null, 2).split("\n");
  }

  private toggle(row: ValueRow, open?: boolean): void {
    if (!row.expandable) return;
    const isOpen = this.expanded.has(row.id);
    if (open === isOpen) return;
    this.dispatchEvent(new CustomEvent("toggle-path", { detail: { id: row.id, open: !isOpen } }));
  }

  private onActivate = (event: CustomEvent<RowEventDetail>): void => {
    const row = this.rows[event.detail.index];
    if (!row) return;
    this.inspect(row);
    this.toggle(row);
  };

  private onFocusRow = (event: CustomEvent<RowEventDetail>): void => {
    const row = this.rows[event.detail.index];
    if (row) this.inspect(row);
  };

  private inspect(row: ValueRow): void {
    if (this.inspected?.id !== row.id) this.inspectAll = false;
    this.inspected = row;
  }

  private onRowKey = (event: CustomEvent<RowEventDetail>): void => {
    const row = this.rows[event.detail.index];
    if (!row) return;
    if (event.detail.key === "ArrowRight") this.toggle(row, true);
    else if (event.detail.key === "ArrowLeft") this.toggle(row, false);
    else if (event.detail.key === "F2") this.startEdit(row);
  };

  private startEdit(row: ValueRow): void {
    if (!this.editable || row.diff === "removed") return;
    this.editing = row;
    void this.updateComplete.then(() => this.querySelector("lg-json-editor")?.focus());
  }

  private finishEdit(row: ValueRow, value: unknown): void {
    this.editing = undefined;
    this.dispatchEvent(new CustomEvent<StateEditDetail>("state-edit", { detail: { path: row.path, value } }));
    this.querySelector<VirtualList>("lg-virtual-list")?.focus();
  }

  private cancelEdit(): void {
    this.editing = undefined;
    this.querySelector<VirtualList>("lg-virtual-list")?.focus();
  }

  private summary(): TemplateResult | typeof nothing {
    if (!this.parentValues) return html`<p class="state-summary">First checkpoint of the thread: nothing to compare with.</p>`;
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const key of Object.keys({ ...this.values, ...this.parentValues })) {
      const status = this.diff.get(pathId([key]));
      if (status === "added") added++;
      else if (status === "removed") removed++;
      else if (status === "changed") changed++;
    }
    return html`<p class="state-summary" data-diff-summary>
      ${this.comparedWith ? `Against step ${this.comparedWith.step} (${this.comparedWith.checkpointId.slice(0, 8)}…)` : "Against the parent checkpoint"}:
      <span class="diff-changed">${changed} changed</span>, <span class="diff-added">${added} added</span>,
      <span class="diff-removed">${removed} removed</span> channel(s).
    </p>`;
  }

  protected override render(): TemplateResult {
    switch (this.mode) {
      case "json":
        return html`<lg-virtual-list
          class="state-json"
          role="list"
          .label=${"State as JSON"}
          .rows=${this.jsonLines ?? []}
          .renderRow=${(line: string) => html`<code class="json-line">${line}</code>`}
        ></lg-virtual-list>`;
      case "conversation":
        return this.renderConversation();
      case "tree":
        return html`${this.summary()}
          <lg-virtual-list
            class="state-tree"
            role="tree"
            .label=${"State"}
            .rows=${this.rows}
            .renderRow=${(row: ValueRow) => this.renderRow(row)}
            @row-activate=${this.onActivate}
            @row-focus=${this.onFocusRow}
            @row-key=${this.onRowKey}
          ></lg-virtual-list>
          ${this.editing ? this.renderEditor(this.editing) : this.renderInspector()}`;
    }
  }

  private renderEditor(row: ValueRow): TemplateResult {
    return html`<section class="state-editor" aria-label="Edit ${row.path.join(".")}">
      <header class="state-inspector-title">Edit ${row.path.join(".")} <span class="state-inspector-size">saving forks the thread</span></header>
      <lg-json-editor
        .text=${JSON.stringify(row.value, null, 2) ?? "null"}
        .label=${`New value of ${row.path.join(".")} (JSON)`}
        @json-save=${(event: CustomEvent<{ value: unknown }>) => this.finishEdit(row, event.detail.value)}
        @json-cancel=${() => this.cancelEdit()}
      ></lg-json-editor>
    </section>`;
  }

  /** The selected value in full, pretty-printed; very large ones only when asked. */
  private renderInspector(): TemplateResult | typeof nothing {
    const row = this.inspected;
    if (!row) return nothing;
    const text = typeof row.value === "string" ? row.value : (JSON.stringify(row.value, null, 2) ?? "undefined");
    const cut = !this.inspectAll && text.length > inspectorBudget;
    return html`<section class="state-inspector" aria-label="Value of ${row.key}">
      <header class="state-inspector-title">
        ${row.path.join(".")}
        <span class="state-inspector-size">${text.length.toLocaleString()} characters</span>
        ${cut ? html`<vscode-button class="state-inspector-all" secondary @click=${() => (this.inspectAll = true)}>Show all</vscode-button>` : nothing}
        <vscode-toolbar-button icon="close" label="Close" @click=${() => (this.inspected = undefined)}></vscode-toolbar-button>
      </header>
      <pre class="state-inspector-value">${cut ? `${text.slice(0, inspectorBudget)}\n…` : text}</pre>
    </section>`;
  }

  private renderRow(row: ValueRow): TemplateResult {
    const open = this.expanded.has(row.id);
    const editing = this.editing?.id === row.id;
    return html`<div
      class="state-row ${row.diff ? `diff-${row.diff}` : ""}"
      data-path=${row.id}
      data-diff=${row.diff ?? nothing}
      ${styleProps({ "padding-left": `${row.depth * 14 + 4}px` })}
      @dblclick=${() => this.startEdit(row)}
    >
      <span class="codicon ${row.expandable ? (open ? "codicon-chevron-down" : "codicon-chevron-right") : "codicon-blank"}" aria-hidden="true"></span>
      <span class="state-key">${row.key}</span>
      <span class="state-value" title=${row.expandable ? "" : previewValue(row.value, 2000)}>${row.expandable ? summaryOf(row) : previewValue(row.value)}</span>
      ${editing ? html`<span class="state-editing codicon codicon-edit" title="Being edited below"></span>` : nothing}
    </div>`;
  }

  private renderConversation(): TemplateResult {
    const channels = messageChannels(this.values);
    if (channels.length === 0) return html`<p class="empty">No channel of this checkpoint holds messages.</p>`;
    return html`<div class="conversation" role="list">
      ${channels.map(
        (channel) =>
          html`<h3 class="conversation-channel">${channel}</h3>
            ${(this.values[channel] as MessageLike[]).map((message) => renderMessage(message))}`,
      )}
    </div>`;
  }
}

function summaryOf(row: ValueRow): string {
  if (looksLikeMessage(row.value)) return previewValue(row.value);
  return Array.isArray(row.value) ? `Array(${row.size})` : `{${row.size} keys}`;
}

interface ToolCall {
  id?: string;
  name?: string;
  args?: unknown;
}

function renderMessage(message: MessageLike): TemplateResult {
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as ToolCall[]) : [];
  const name = typeof message.name === "string" ? message.name : undefined;
  return html`<article class="message message-${message.type}" role="listitem" data-role=${message.type}>
    <header class="message-role">
      ${messageRole(message.type)}${name ? html` <span class="message-name">${name}</span>` : nothing}
      ${typeof message.tool_call_id === "string" ? html`<span class="message-name">→ ${message.tool_call_id}</span>` : nothing}
    </header>
    <div class="message-content">${textOf(message.content)}</div>
    ${toolCalls.map(
      (call) =>
        html`<div class="tool-call">
          <span class="codicon codicon-tools" aria-hidden="true"></span> <span class="tool-call-name">${call.name ?? "tool"}</span
          ><code>${JSON.stringify(call.args ?? {})}</code>
        </div>`,
    )}
  </article>`;
}

customElements.define("lg-state-view", StateView);

declare global {
  interface HTMLElementTagNameMap {
    "lg-state-view": StateView;
  }
  interface HTMLElementEventMap {
    "state-edit": CustomEvent<StateEditDetail>;
    "toggle-path": CustomEvent<{ id: string; open: boolean }>;
  }
}
