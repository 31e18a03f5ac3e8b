// <lg-store-item-editor>: one store item as it is now, edited (jsonEditor.ts: validated as typed;
// the host refuses a save when the item changed since it was loaded), or a new one. Open as
// Document opens the item's `langgraph-store:` document in VS Code's editor; Rename… moves it to
// another key and/or namespace, refused when that exists; History lists its versions
// (storeHistory.ts). The Store tab (storeView.ts) opens it and hands it each page of items.

import { LitElement, html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "./jsonEditor";
import "./storeHistory";
import { isJsonObject } from "./jsonCheck";
import { mustBeObject, writtenBy } from "./storeRows";
import { ask, request } from "./hostConnection";
import type { DbInfo, ItemsQuery, StoreItemView } from "../src/protocol/engine";
import type { ErrorView, WebviewMessage } from "../src/protocol/webview";

/**
 * `saving`: the host has the write; the editor stays open until the fresh item (or an error) comes back.
 * `rename`: the Rename… fields are open; `sent` once the host has the rename, until the item leaves the list.
 */
type Editor =
  | { mode: "closed" }
  | { mode: "edit"; item: StoreItemView; text: string; error?: string; saving?: boolean; saved?: boolean; rename?: { sent?: boolean } }
  | { mode: "new"; key: string; text: string; error?: string };

/** Says which item the editor has open (its key), so the list can mark it. */
export type EditorChangeEvent = CustomEvent<{ key?: string }>;

export class StoreItemEditor extends LitElement {
  static override properties = {
    info: { attribute: false },
    namespace: { attribute: false },
    editor: { state: true },
  };

  info?: DbInfo | undefined;
  /** The namespace listed: where a new item goes. */
  namespace: string[] = [];
  private editor: Editor = { mode: "closed" };
  private announcedKey: string | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  openItem(item: StoreItemView): void {
    this.editor = { mode: "edit", item, text: JSON.stringify(item.value, null, 2) };
  }

  openNew(): void {
    this.editor = { mode: "new", key: "", text: "{\n  \n}" };
  }

  /** Closes the editor; with `keepNew`, a new item being typed stays open. */
  close({ keepNew = false }: { keepNew?: boolean } = {}): void {
    if (!keepNew || this.editor.mode !== "new") this.editor = { mode: "closed" };
  }

  protected override updated(): void {
    const key = this.editor.mode === "edit" ? this.editor.item.key : undefined;
    if (key === this.announcedKey) return;
    this.announcedKey = key;
    this.dispatchEvent(new CustomEvent("editor-change", { detail: key === undefined ? {} : { key } }));
  }

  /**
   * A page of items came: the open item as it is now. Its new updatedAt guards the next save
   * against conflicts; a renamed item has left the page.
   */
  itemsDidLoad(message: { query: ItemsQuery; items: StoreItemView[] }): void {
    const editor = this.editor;
    if (editor.mode === "edit") {
      const fresh = message.items.find((item) => item.key === editor.item.key && item.namespace.join("/") === editor.item.namespace.join("/"));
      // Renamed: the item has left its place.
      if (editor.rename?.sent && !fresh && message.query.namespace.join("/") === editor.item.namespace.join("/")) {
        this.editor = { mode: "closed" };
        return;
      }
      if (fresh && fresh.updatedAt !== editor.item.updatedAt) {
        this.editor = editor.saving
          ? { mode: "edit", item: fresh, text: JSON.stringify(fresh.value, null, 2), saved: true }
          : { ...editor, error: "This item changed in the database since you opened it: reopen it to see the new value (a save now is refused)." };
      }
    }
  }

  /**
   * Sends an edit of the store. Its failure (a conflict, a taken key, a read-only database) is
   * shown in the editor, beside what was typed, not as the view's notice.
   */
  private async edit(message: Extract<WebviewMessage, { type: "store/putItem" | "store/deleteItem" | "store/renameItem" }>): Promise<void> {
    const reply = await request(message);
    if (reply.status === "failed") this.editFailed(reply.error);
  }

  private editFailed(error: ErrorView): void {
    if (this.editor.mode !== "closed") {
      this.editor = {
        ...this.editor,
        error: error.message,
        ...(this.editor.mode === "edit" ? { saving: false, ...(this.editor.rename ? { rename: {} } : {}) } : {}),
      };
    }
  }

  private save(value: unknown, text: string): void {
    const editor = this.editor;
    // The editor checks with mustBeObject before it saves.
    if (editor.mode === "closed" || !isJsonObject(value)) return;
    if (editor.mode === "edit") {
      void this.edit({ type: "store/putItem", namespace: editor.item.namespace, key: editor.item.key, value, ifUpdatedAt: editor.item.updatedAt });
      this.editor = { mode: "edit", item: editor.item, text, saving: true };
      return;
    }
    const key = (this.querySelector<HTMLInputElement>(".item-key")?.value ?? "").trim();
    const namespace = this.namespace;
    if (!key || namespace.length === 0) {
      this.editor = { ...editor, text, error: "Give the item a key, in a selected namespace." };
      return;
    }
    void this.edit({ type: "store/putItem", namespace, key, value });
    this.editor = { mode: "closed" };
  }

  /** Moves the open item to the key and namespace typed in the Rename… fields. */
  private rename(): void {
    const editor = this.editor;
    if (editor.mode !== "edit") return;
    const { item } = editor;
    const toKey = (this.querySelector<HTMLInputElement>(".rename-key")?.value ?? "").trim();
    const toNamespace = (this.querySelector<HTMLInputElement>(".rename-namespace")?.value ?? "").split("/").map((label) => label.trim());
    if (!toKey || toNamespace.some((label) => !label)) {
      this.editor = { ...editor, error: 'Give a key and a namespace, its labels joined by "/" (like memories/1).' };
      return;
    }
    if (toKey === item.key && toNamespace.join("/") === item.namespace.join("/")) {
      this.editor = { ...editor, error: "That is the item's own key and namespace." };
      return;
    }
    void this.edit({ type: "store/renameItem", namespace: item.namespace, key: item.key, toNamespace, toKey, ifUpdatedAt: item.updatedAt });
    const { error: _error, ...rest } = editor;
    this.editor = { ...rest, rename: { sent: true } };
  }

  private deleteItem(item: StoreItemView): void {
    void this.edit({ type: "store/deleteItem", namespace: item.namespace, key: item.key });
    this.editor = { mode: "closed" };
  }

  protected override render(): TemplateResult | typeof nothing {
    const editor = this.editor;
    if (editor.mode === "closed") return nothing;
    const readOnly = this.info?.readOnly === true;
    return html`<section class="item-editor" aria-label="Item editor">
      ${
        editor.mode === "edit"
          ? html`<header class="item-editor-title">
              ${editor.item.key}
              <span class="item-meta"
                >updated ${new Date(editor.item.updatedAt).toLocaleString()}${editor.item.writtenBy ? ` · ${writtenBy(editor.item)}` : ""}</span
              >
            </header>`
          : html`<input class="item-key" aria-label="Key of the new item" placeholder="key" .value=${editor.key} />`
      }
      <lg-json-editor
        .text=${editor.text}
        .label=${"Value (JSON)"}
        .validate=${mustBeObject}
        .readOnly=${readOnly}
        .busy=${editor.mode === "edit" && editor.saving === true}
        @json-save=${(event: CustomEvent<{ value: unknown; text: string }>) => this.save(event.detail.value, event.detail.text)}
        @json-cancel=${() => (this.editor = { mode: "closed" })}
      ></lg-json-editor>
      ${editor.error ? html`<p class="store-error" role="alert">${editor.error}</p>` : nothing}
      ${editor.mode === "edit" && editor.saved ? html`<p class="item-saved" role="status">Saved.</p>` : nothing}
      ${
        editor.mode === "edit"
          ? html`<div class="item-actions">
              <vscode-button
                class="item-open"
                secondary
                icon="go-to-file"
                title="Open the item as a JSON document in the editor"
                @click=${() => void ask(this, { type: "store/openItem", namespace: editor.item.namespace, key: editor.item.key })}
                >Open as Document</vscode-button
              >
              <vscode-button class="item-delete" secondary ?disabled=${readOnly} @click=${() => this.deleteItem(editor.item)}>Delete</vscode-button>
              <vscode-button
                class="item-rename"
                secondary
                ?disabled=${readOnly || editor.rename !== undefined}
                @click=${() => !readOnly && editor.mode === "edit" && (this.editor = { ...editor, rename: {} })}
                >Rename…</vscode-button
              >
            </div>`
          : nothing
      }
      ${editor.mode === "edit" && editor.rename ? this.renderRename(editor.item, editor.rename.sent === true) : nothing}
      ${
        editor.mode === "edit"
          ? html`<lg-store-history
              .namespace=${editor.item.namespace}
              .key=${editor.item.key}
              .info=${this.info}
              .readOnlyReason=${this.info?.readOnly ? (this.info.readOnlyReason ?? "The database is read-only.") : undefined}
            ></lg-store-history>`
          : nothing
      }
    </section>`;
  }

  private renderRename(item: StoreItemView, sent: boolean): TemplateResult {
    return html`<form
      class="item-rename-form"
      aria-label="Rename the item"
      @submit=${(event: Event) => {
        event.preventDefault();
        this.rename();
      }}
    >
      <input class="rename-namespace" aria-label="New namespace (labels joined by /)" .value=${item.namespace.join("/")} />
      <input class="rename-key" aria-label="New key" .value=${item.key} />
      <vscode-button class="rename-confirm" ?disabled=${sent} @click=${() => !sent && this.rename()}>Rename</vscode-button>
      <vscode-button
        class="rename-cancel"
        secondary
        @click=${() => {
          if (this.editor.mode === "edit") {
            const { rename: _rename, ...rest } = this.editor;
            this.editor = rest;
          }
        }}
        >Cancel</vscode-button
      >
    </form>`;
  }
}

customElements.define("lg-store-item-editor", StoreItemEditor);

declare global {
  interface HTMLElementTagNameMap {
    "lg-store-item-editor": StoreItemEditor;
  }
  interface HTMLElementEventMap {
    "editor-change": EditorChangeEvent;
  }
}
