// <lg-json-editor>: a multi-line JSON editor for one value (a state value, a store item). The
// text is parsed as it is typed: a problem is shown inline with its line and column, and Save
// stays disabled until the text is valid. Ctrl+Enter (Cmd+Enter) saves, Escape cancels. Fires
// `json-save` with the parsed value and `json-cancel`; the owner decides what a save does.

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import { checkJson } from "./jsonCheck";

const minRows = 3;
const maxRows = 20;

export class JsonEditor extends LitElement {
  static override properties = {
    text: { attribute: false },
    label: { attribute: false },
    validate: { attribute: false },
    busy: { attribute: false },
    readOnly: { attribute: false },
    draft: { state: true },
  };

  /** The text the editor starts with; setting it again starts over. */
  text = "";
  /** Accessible name of the text box: what the value is. */
  label = "Value (JSON)";
  /** A further rule for a parsed value (a store item must be an object): the problem, or undefined. */
  validate?: (value: unknown) => string | undefined;
  /** The owner is saving: Save waits. */
  busy = false;
  readOnly = false;
  private draft = "";

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("text")) this.draft = this.text;
  }

  /** The text box, for the owner to focus. */
  override focus(): void {
    this.querySelector("textarea")?.focus();
  }

  private problem(): string | undefined {
    const parsed = checkJson(this.draft);
    if (!parsed.ok) return `Line ${parsed.line}, column ${parsed.column}: ${parsed.message}.`;
    return this.validate?.(parsed.value);
  }

  private save(): void {
    const parsed = checkJson(this.draft);
    if (!parsed.ok || this.validate?.(parsed.value) || this.busy || this.readOnly) return;
    this.dispatchEvent(new CustomEvent("json-save", { detail: { value: parsed.value, text: this.draft } }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent("json-cancel"));
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    // The tree and lists around the editor have their own keys: typing is for the editor only.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      this.cancel();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.save();
    }
  };

  protected override render(): TemplateResult {
    const problem = this.problem();
    const rows = Math.min(maxRows, Math.max(minRows, this.draft.split("\n").length + 1));
    return html`<textarea
        class="json-editor-text"
        aria-label=${this.label}
        spellcheck="false"
        rows=${rows}
        ?readonly=${this.readOnly}
        aria-invalid=${problem ? "true" : "false"}
        .value=${this.draft}
        @input=${(event: Event) => (this.draft = (event.target as HTMLTextAreaElement).value)}
        @keydown=${this.onKeyDown}
      ></textarea>
      ${problem ? html`<p class="json-editor-error" role="alert">${problem}</p>` : nothing}
      <div class="json-editor-actions">
        <vscode-button
          class="json-editor-save"
          title="Save (Ctrl+Enter)"
          ?disabled=${problem !== undefined || this.busy || this.readOnly}
          @click=${() => this.save()}
          >Save</vscode-button
        >
        <vscode-button class="json-editor-cancel" secondary title="Cancel (Escape)" @click=${() => this.cancel()}>Cancel</vscode-button>
      </div>`;
  }
}

customElements.define("lg-json-editor", JsonEditor);

declare global {
  interface HTMLElementTagNameMap {
    "lg-json-editor": JsonEditor;
  }
  interface HTMLElementEventMap {
    "json-save": CustomEvent<{ value: unknown; text: string }>;
    "json-cancel": CustomEvent<undefined>;
  }
}
