// <lg-controls>: the debugger view's controls bar. The thread picker, where the debug session
// stands, Continue / Step / Step back / Pause / Stop (standard DAP requests through the host),
// Retry Node at a node error (the custom request langgraph/retry), Debug from here (a session
// that opens the thread at the selected checkpoint without running),
// New run (a debug session of the graph with an input and a static context, each from a form
// generated from the graph's schema or typed as JSON), and the answer to a pending interrupt(). Fires `select-thread` for its owner, `controls-action` on every action.

import { isJsonObject } from "./jsonCheck";
import { LitElement, html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import { formFields, formValue } from "./schemaFields";
import type { FormField } from "./schemaFields";
import { readFormValues, renderFields } from "./schemaForm";
import { ask } from "./hostConnection";
import type { JsonSchema, ThreadSummary } from "../src/protocol/engine";
import type { ErrorView, SessionControl, SessionView } from "../src/protocol/webview";

export class ControlsBar extends LitElement {
  static override properties = {
    session: { attribute: false },
    threads: { attribute: false },
    threadId: { attribute: false },
    selected: { attribute: false },
    dbError: { attribute: false },
    inputSchema: { attribute: false },
    contextSchema: { attribute: false },
    runForm: { state: true },
  };

  session?: SessionView;
  threads: readonly ThreadSummary[] = [];
  /** The thread shown. */
  threadId?: string;
  /**
   * The checkpoint selected in the timeline: Debug from Here opens a session there. The loaded
   * checkpoint itself, so its identity changes only with the selection (a new object on every
   * render of the app would render the whole bar, thread list included, again each time).
   */
  selected?: { checkpointId: string; step: number };
  /** Why the database could not be read, shown where the session status goes. */
  dbError?: ErrorView;
  /** The graph's input and context schemas: the "New run" form is generated from them. */
  inputSchema?: JsonSchema;
  contextSchema?: JsonSchema;
  /** The "New run" form: open, as fields or as JSON, with the last problem found in what was typed. */
  private runForm: { mode: "form" | "json"; error?: string } | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private acted(): void {
    this.dispatchEvent(new CustomEvent("controls-action", { bubbles: true }));
  }

  private selectThread(threadId: string): void {
    if (threadId !== this.threadId) this.dispatchEvent(new CustomEvent("select-thread", { detail: { threadId }, bubbles: true }));
  }

  private control(action: SessionControl): void {
    this.acted();
    void ask(this, { type: "session/control", action });
  }

  private debugFromHere(): void {
    if (!this.threadId || !this.selected) return;
    this.acted();
    const { checkpointId, step } = this.selected;
    void ask(this, { type: "session/start", threadId: this.threadId, checkpoint: { checkpointId, step } });
  }

  private resume(form: HTMLFormElement): void {
    const input = form.querySelector<HTMLInputElement>("input");
    const text = input?.value ?? "";
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Plain text answers the interrupt as a string, as `resume` in the Debug Console does.
    }
    this.acted();
    void ask(this, { type: "session/resume", value });
  }

  private openRunForm(): void {
    const hasForm = Boolean(formFields(this.inputSchema) ?? formFields(this.contextSchema));
    this.runForm = this.runForm ? undefined : { mode: hasForm ? "form" : "json" };
  }

  private startSession(form: HTMLFormElement, input: unknown, context: Record<string, unknown> | undefined): void {
    const threadId = form.querySelector<HTMLInputElement>('[name="threadId"]')?.value.trim() ?? "";
    this.runForm = undefined;
    this.acted();
    void ask(this, {
      type: "session/start",
      input: input ?? {},
      ...(threadId ? { threadId } : {}),
      ...(context ? { context } : {}),
    });
  }

  /**
   * Starts a debug session of the graph with the input and the context from their forms' fields
   * (in the form mode, when the schema gives a form) or else typed as JSON.
   */
  private startRun(form: HTMLFormElement): void {
    const mode = this.runForm?.mode ?? "json";
    const forms: Partial<Record<"input" | "context", FormField[] | undefined>> =
      mode === "form" ? { input: formFields(this.inputSchema), context: formFields(this.contextSchema) } : {};
    const field = (name: string) => form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)?.value.trim() ?? "";
    const parse = (name: "input" | "context", label: string): { ok: true; value: unknown } | { ok: false } => {
      const fields = forms[name];
      if (fields) {
        const read = formValue(fields, readFormValues(form, name, fields), label);
        if ("value" in read) return { ok: true, value: Object.keys(read.value).length > 0 ? read.value : undefined };
        this.runForm = { mode, error: read.error };
        return { ok: false };
      }
      const text = field(name);
      if (!text) return { ok: true, value: undefined };
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (error) {
        this.runForm = { mode, error: `${label} is not valid JSON: ${(error as Error).message}` };
        return { ok: false };
      }
    };
    const input = parse("input", "The input");
    const context = parse("context", "The context");
    if (!input.ok || !context.ok) return;
    if (context.value !== undefined && !isJsonObject(context.value)) {
      this.runForm = { mode, error: 'The context is a JSON object, like {"userId": "1"}.' };
      return;
    }
    this.startSession(form, input.value, context.value);
  }

  protected override render(): TemplateResult {
    const session = this.session && this.session.status !== "ended" ? this.session : undefined;
    const stopped = session?.status === "stopped";
    const running = session?.status === "running";
    const { threads, threadId } = this;
    const button = (action: SessionControl, icon: string, label: string, enabled: boolean) =>
      html`<vscode-toolbar-button
        class="control-${action}"
        icon=${icon}
        label=${label}
        title=${label}
        ?disabled=${!enabled}
        @click=${() => enabled && this.control(action)}
      ></vscode-toolbar-button>`;
    return html`<header class="controls" role="toolbar" aria-label="Debug controls">
      <label class="thread-picker"
        >Thread
        <vscode-single-select
          class="thread-select"
          aria-label="Thread"
          .value=${threadId ?? ""}
          @change=${(event: Event) => this.selectThread((event.target as HTMLInputElement).value)}
        >
          ${threads.map((thread) => html`<vscode-option value=${thread.threadId} ?selected=${thread.threadId === threadId}>${thread.threadId}</vscode-option>`)}
        </vscode-single-select>
      </label>
      <span class="session-status" data-status=${session?.status ?? "none"}
        >${
          session
            ? stopped
              ? (session.description ?? `Stopped at step ${session.step ?? "?"}`)
              : "Running…"
            : this.dbError
              ? this.dbError.message
              : "No debug session: browsing the workspace database"
        }</span
      >
      <span class="control-buttons">
        ${button("continue", "debug-continue", "Continue", stopped)} ${button("next", "debug-step-over", "Step (one superstep)", stopped)}
        ${button("stepBack", "debug-step-back", "Step back", stopped)} ${button("pause", "debug-pause", "Pause", running)}
        ${button("stop", "debug-stop", "Stop", Boolean(session))}
        ${stopped && session.reason === "exception" ? button("retry", "debug-restart-frame", "Retry Node (run the node that failed again)", true) : nothing}
        ${
          !session && threadId && this.selected
            ? html`<vscode-toolbar-button
                class="control-debug-here"
                icon="debug-alt"
                label="Debug from here"
                title=${`Debug thread ${threadId} from step ${this.selected.step}, without running anything until you step`}
                @click=${() => this.debugFromHere()}
              ></vscode-toolbar-button>`
            : nothing
        }
        <vscode-toolbar-button
          class="control-new-run"
          icon="debug-start"
          label="New run…"
          title="Debug the graph with an input, on a thread"
          @click=${() => this.openRunForm()}
        ></vscode-toolbar-button>
      </span>
      ${this.runForm ? this.renderRunForm() : nothing}
      ${
        stopped && session.reason === "interrupt"
          ? html`<form
              class="resume-form"
              @submit=${(event: Event) => {
                event.preventDefault();
                this.resume(event.currentTarget as HTMLFormElement);
              }}
            >
              <input class="resume-input" aria-label="Answer to the interrupt (JSON, or text)" placeholder="Answer (JSON or text)" />
              <vscode-button class="resume-button" @click=${(event: Event) => this.resume((event.target as Element).closest("form")!)}>Resume</vscode-button>
            </form>`
          : nothing
      }
    </header>`;
  }

  private renderRunForm(): TemplateResult {
    const inputFields = formFields(this.inputSchema);
    const contextFields = formFields(this.contextSchema);
    const hasForm = Boolean(inputFields ?? contextFields);
    return html`<form
      class="run-form"
      aria-label="New run"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.startRun(event.currentTarget as HTMLFormElement);
      }}
    >
      <input name="threadId" aria-label="Thread id" placeholder="Thread id (empty: a new thread)" />
      ${
        hasForm
          ? html`<span class="run-modes" role="radiogroup" aria-label="Type the input as">
              ${(["form", "json"] as const).map(
                (mode) =>
                  html`<vscode-toolbar-button
                    class="run-mode-${mode}"
                    icon=${mode === "form" ? "checklist" : "json"}
                    label=${mode === "form" ? "Form" : "JSON"}
                    title=${mode === "form" ? "Fields from the graph's schemas" : "Raw JSON"}
                    toggleable
                    role="radio"
                    ?checked=${this.runForm?.mode === mode}
                    aria-checked=${this.runForm?.mode === mode ? "true" : "false"}
                    @click=${() => (this.runForm = { mode })}
                    >${mode === "form" ? "Form" : "JSON"}</vscode-toolbar-button
                  >`,
              )}
            </span>`
          : nothing
      }
      ${
        inputFields && this.runForm?.mode === "form"
          ? renderFields(inputFields, "input", "Input")
          : html`<textarea
              name="input"
              aria-label="Input (JSON)"
              rows="3"
              spellcheck="false"
              placeholder='Input (JSON), e.g. {"messages": [{"role": "user", "content": "Hi"}]}'
            ></textarea>`
      }
      ${
        contextFields && this.runForm?.mode === "form"
          ? renderFields(contextFields, "context", "Context")
          : html`<input name="context" aria-label="Context (JSON)" placeholder='Context (JSON), e.g. {"userId": "1"}' />`
      }
      ${this.runForm?.error ? html`<p class="store-error" role="alert">${this.runForm.error}</p>` : nothing}
      <span class="run-actions">
        <vscode-button class="run-start" icon="debug-start" @click=${(event: Event) => this.startRun((event.target as Element).closest("form")!)}
          >Start debugging</vscode-button
        >
        <vscode-button secondary @click=${() => (this.runForm = undefined)}>Cancel</vscode-button>
      </span>
    </form>`;
  }
}

customElements.define("lg-controls", ControlsBar);

declare global {
  interface HTMLElementTagNameMap {
    "lg-controls": ControlsBar;
  }
  interface HTMLElementEventMap {
    "select-thread": CustomEvent<{ threadId: string }>;
  }
}
