// <lg-calls-list>: recorded model, tool and HTTP calls: those of the selected checkpoint's step
// in the State tab, those of a node's last run in the node panel. Each row shows ↺ when the
// call was replayed from a recording rather than made live, its name and "call N" of its node,
// what was asked and answered in one line each, tokens, latency and cost; it expands to the
// full request and response JSON. "Edit answer…" opens an inline editor with the answer's
// text: saving asks the host to edit the call through the debug session on the thread
// (calls/editAnswer), which travels to where the step ran from; Continue then re-runs it with
// that answer, a fork. A failed edit is shown in the editor, beside what was typed.

import { LitElement, html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { request } from "./hostConnection";
import type { CallView } from "../src/protocol/engine";
import type { SessionView } from "../src/protocol/webview";

/** Longer JSON is cut: a call's request may hold a whole conversation. */
const MAX_JSON_CHARS = 20_000;

interface Editor {
  callId: string;
  text: string;
  saving?: boolean;
  error?: string;
}

export class CallsList extends LitElement {
  static override properties = {
    calls: { attribute: false },
    editBlocked: { attribute: false },
    expanded: { state: true },
    editor: { state: true },
  };

  calls: readonly CallView[] = [];
  /** Why answers cannot be edited now, and what to do; undefined when they can. */
  editBlocked: string | undefined;
  private expanded: ReadonlySet<string> = new Set();
  private editor: Editor | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private toggle(callId: string): void {
    const next = new Set(this.expanded);
    if (!next.delete(callId)) next.add(callId);
    this.expanded = next;
  }

  private async save(editor: Editor): Promise<void> {
    this.editor = { ...editor, saving: true, error: undefined };
    const reply = await request({ type: "calls/editAnswer", callId: editor.callId, response: editor.text });
    if (this.editor?.callId !== editor.callId) return;
    if (reply.status === "failed") this.editor = { ...this.editor, saving: false, error: reply.error.message };
    else this.editor = undefined;
  }

  /** As the other editors of the view: Ctrl+Enter saves, Escape cancels. */
  private onEditorKey = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      event.preventDefault();
      this.editor = undefined;
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.saveOpen();
    }
  };

  /** Saves what the open editor holds now (its latest input), unless it is already saving. */
  private saveOpen(): void {
    if (this.editor && !this.editor.saving) void this.save(this.editor);
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.calls.length === 0) return nothing;
    return html`<section class="calls-list" aria-label="Recorded calls of this step">
      <h4 class="calls-list-title">Calls of this step</h4>
      <ul>
        ${this.calls.map((call) => this.renderCall(call))}
      </ul>
    </section>`;
  }

  private renderCall(call: CallView): TemplateResult {
    const open = this.expanded.has(call.id);
    const editing = this.editor?.callId === call.id ? this.editor : undefined;
    return html`<li class="call-row" data-call-id=${call.id} data-kind=${call.kind} data-node=${call.node}>
      <div class="call-head">
        <button class="call-toggle" aria-expanded=${open ? "true" : "false"} title="Show the full request and response" @click=${() => this.toggle(call.id)}>
          <span class="codicon codicon-chevron-${open ? "down" : "right"}" aria-hidden="true"></span>
        </button>
        ${call.replayedFrom !== undefined ? html`<span class="call-replayed" title="Replayed from the recording, not made live">↺</span>` : nothing}
        ${call.editedFrom !== undefined ? html`<span class="call-edited" title="An edited answer: re-runs of this step replay it">edited</span>` : nothing}
        <span class="call-name">${call.name}</span>
        <span class="call-index">call ${call.index} of ${call.node}</span>
        <span class="call-metrics">${metrics(call)}</span>
        ${
          call.editableText !== undefined
            ? html`<vscode-button
                class="call-edit"
                secondary
                icon="edit"
                ?disabled=${this.editBlocked !== undefined || editing !== undefined}
                title=${this.editBlocked ?? `Edit what ${call.kind === "tool" ? "the tool returned" : "the model answered"}: the session goes back to where this step ran from; Continue re-runs it with your answer, on a new branch`}
                @click=${() => (this.editor = { callId: call.id, text: call.editableText ?? "" })}
                >Edit answer…</vscode-button
              >`
            : nothing
        }
      </div>
      <div class="call-summary">
        <span class="call-request" title="What was asked">→ ${call.requestSummary}</span>
        <span class="call-response ${call.error !== undefined ? "call-error" : ""}" title="What was answered">← ${call.responseSummary}</span>
      </div>
      ${
        open
          ? html`<div class="call-json">
              <h5>Request</h5>
              <pre class="call-request-json">${json(call.request)}</pre>
              <h5>Response</h5>
              <pre class="call-response-json">${call.response === undefined ? "(none)" : json(call.response)}</pre>
            </div>`
          : nothing
      }
      ${editing ? this.renderEditor(editing) : nothing}
    </li>`;
  }

  private renderEditor(editor: Editor): TemplateResult {
    return html`<div class="call-editor">
      <textarea
        class="call-editor-text"
        aria-label="The new answer"
        rows="4"
        .value=${editor.text}
        ?readonly=${editor.saving}
        @input=${(event: Event) => (this.editor = { ...editor, text: (event.target as HTMLTextAreaElement).value })}
        @keydown=${this.onEditorKey}
      ></textarea>
      <p class="call-editor-hint">The session goes back to where this step ran from; Continue re-runs it with this answer, on a new branch.</p>
      ${editor.error ? html`<p class="call-editor-error" role="alert">${editor.error}</p>` : nothing}
      <div class="call-editor-actions">
        <vscode-button class="call-editor-save" title="Save (Ctrl+Enter)" ?disabled=${editor.saving} @click=${() => this.saveOpen()}
          >Save and go back</vscode-button
        >
        <vscode-button class="call-editor-cancel" secondary title="Cancel (Escape)" @click=${() => (this.editor = undefined)}>Cancel</vscode-button>
      </div>
    </div>`;
  }
}

/** Why a recorded answer cannot be edited with `session` (the one on the thread shown), and what to do; undefined when it can. */
export function editBlockedReason(session: SessionView | undefined): string | undefined {
  if (!session) return "Start debugging this thread (Debug from Here) to edit a recorded answer: the debug session re-runs the step with it.";
  return session.status === "stopped" ? undefined : "Pause the debug session to edit a recorded answer.";
}

/** `60 → 14 tokens · 420 ms · $0.0001`: what is known of the call. */
function metrics(call: CallView): string {
  const parts: string[] = [];
  if (call.usage) parts.push(`${call.usage.input.toLocaleString("en-US")} → ${call.usage.output.toLocaleString("en-US")} tokens`);
  if (call.latencyMs > 0) parts.push(call.latencyMs >= 1000 ? `${(call.latencyMs / 1000).toFixed(1)} s` : `${Math.round(call.latencyMs)} ms`);
  // Two significant digits: one call of a small model costs millionths of a dollar.
  if (call.cost !== undefined) parts.push(`$${call.cost >= 0.01 || call.cost === 0 ? call.cost.toFixed(2) : call.cost.toPrecision(2)}`);
  return parts.join(" · ");
}

function json(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? "";
  return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}\n…` : text;
}

customElements.define("lg-calls-list", CallsList);

declare global {
  interface HTMLElementTagNameMap {
    "lg-calls-list": CallsList;
  }
}
