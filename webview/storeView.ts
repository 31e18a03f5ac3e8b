// <lg-store-view>: the LangGraph store of the workspace database. Namespaces as a tree with
// item counts → the items of the selected namespace, a page at a time (key, value preview,
// updated, which step and node wrote it) → an item editor (jsonEditor.ts: validated as typed; the
// host refuses a save when the item changed since it was loaded; Open as Document opens the
// item's `langgraph-store:` document in VS Code's editor; Rename… moves the item to
// another key and/or namespace, refused when that exists). A filter over the value's
// fields and, when langgraph.json configures an index, a semantic query with scores.

import { isJsonObject } from "./jsonCheck";
import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { styleProps } from "./styleProps";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "./jsonEditor";
import "./virtualList";
import type { RowEventDetail } from "./virtualList";
import { getUiState, setUiState } from "./vscodeApi";
import { ask, LatestRequest, request } from "./hostConnection";
import type { DbInfo, ItemsQuery, NamespaceSummary, StoreItemView } from "../src/protocol/engine";
import type { ErrorView, HostMessage, WebviewMessage } from "../src/protocol/webview";

const pageSize = 50;

interface NamespaceRow {
  namespace: string[];
  id: string;
  label: string;
  depth: number;
  count: number;
}

/** Namespaces as a tree: every prefix is a row, its count the items under it. */
export function namespaceRows(namespaces: readonly NamespaceSummary[]): NamespaceRow[] {
  const rows = new Map<string, NamespaceRow>();
  for (const { namespace, count } of namespaces) {
    for (let length = 1; length <= namespace.length; length++) {
      const prefix = namespace.slice(0, length);
      const id = prefix.join("/");
      const row = rows.get(id);
      if (row) row.count += count;
      else rows.set(id, { namespace: prefix, id, label: prefix.at(-1)!, depth: length - 1, count });
    }
  }
  return [...rows.values()].sort((a, b) => compareNamespaces(a.namespace, b.namespace));
}

function compareNamespaces(a: string[], b: string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    // Plain code-point order: localeCompare is too slow for 10k namespaces.
    if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * `saving`: the host has the write; the editor stays open until the fresh item (or an error) comes back.
 * `rename`: the Rename… fields are open; `sent` once the host has the rename, until the item leaves the list.
 */
type Editor =
  | { mode: "closed" }
  | { mode: "edit"; item: StoreItemView; text: string; error?: string; saving?: boolean; saved?: boolean; rename?: { sent?: boolean } }
  | { mode: "new"; key: string; text: string; error?: string };

export class StoreView extends LitElement {
  static override properties = {
    info: { attribute: false },
    namespaces: { state: true },
    items: { state: true },
    editor: { state: true },
    filterError: { state: true },
  };

  info?: DbInfo;
  private namespaces: NamespaceRow[] = [];
  private items: { query: ItemsQuery; items: StoreItemView[]; total?: number } | undefined;
  private editor: Editor = { mode: "closed" };
  private filterError = "";
  private selected = getUiState().namespace;
  /** The page of items being asked for: a newer listing cancels the one before. */
  private readonly listing = new LatestRequest();
  private filterText = "";
  private queryText = "";

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  receive(message: Extract<HostMessage, { type: "store/namespacesDidLoad" | "store/itemsDidLoad" }>): void {
    if (message.type === "store/namespacesDidLoad") {
      this.namespaces = namespaceRows(message.namespaces);
      const selected = this.namespaces.find((row) => row.id === this.selected) ?? this.namespaces.find((row) => row.count > 0 && row.depth === 0);
      if (selected && !this.items) this.list(selected.namespace, 0);
      return;
    }
    this.items = { query: message.query, items: message.items, ...(message.total !== undefined ? { total: message.total } : {}) };
    // The open item as it is now: its new updatedAt guards the next save against conflicts.
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("info") && this.info?.semanticSearch === false) this.queryText = "";
  }

  private list(namespace: string[], offset: number): void {
    this.selected = namespace.join("/");
    setUiState({ namespace: this.selected });
    let filter: Record<string, unknown> | undefined;
    if (this.filterText.trim()) {
      try {
        const parsed: unknown = JSON.parse(this.filterText);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("a filter is a JSON object");
        filter = parsed as Record<string, unknown>;
        this.filterError = "";
      } catch (error) {
        this.filterError = `Filter: ${(error as Error).message}. Example: {"kind": "fact"}`;
        return;
      }
    } else this.filterError = "";
    const query: ItemsQuery = {
      namespace,
      limit: pageSize,
      offset,
      ...(filter ? { filter } : {}),
      ...(this.queryText.trim() && this.info?.semanticSearch ? { query: this.queryText.trim() } : {}),
    };
    void this.listing.send(this, { type: "store/listItems", query });
  }

  private onNamespace = (event: CustomEvent<RowEventDetail>): void => {
    const row = this.namespaces[event.detail.index];
    if (row) {
      this.editor = { mode: "closed" };
      this.list(row.namespace, 0);
    }
  };

  private onItem = (event: CustomEvent<RowEventDetail>): void => {
    const item = this.items?.items[event.detail.index];
    if (item) this.editor = { mode: "edit", item, text: JSON.stringify(item.value, null, 2) };
  };

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
    const namespace = this.items?.query.namespace ?? [];
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

  protected override render(): TemplateResult {
    if (this.namespaces.length === 0 && !this.items)
      return html`${this.renderReadOnlyReason()}
        <p class="empty">The store is empty.</p>
        ${this.renderNewButton()}`;
    const page = this.items;
    const offset = page?.query.offset ?? 0;
    return html`${this.renderReadOnlyReason()}
      <div class="store">
        <lg-virtual-list
          class="namespace-list"
          role="tree"
          .label=${"Namespaces"}
          .rows=${this.namespaces}
          .activeIndex=${this.namespaces.findIndex((row) => row.id === this.selected)}
          .renderRow=${(row: NamespaceRow) =>
            html`<div class="namespace-row" data-namespace=${row.id} ${styleProps({ "padding-left": `${row.depth * 14 + 4}px` })}>
              <span class="codicon codicon-symbol-namespace" aria-hidden="true"></span>
              <span class="namespace-label">${row.label}</span><span class="namespace-count">${row.count}</span>
            </div>`}
          @row-activate=${this.onNamespace}
        ></lg-virtual-list>
        <div class="items">
          <form
            class="item-search"
            @submit=${(event: Event) => {
              event.preventDefault();
              if (page) this.list(page.query.namespace, 0);
            }}
          >
            <input
              class="item-filter"
              aria-label="Filter (JSON over the value's fields)"
              placeholder='Filter: {"kind": "fact"}'
              .value=${this.filterText}
              @input=${(event: Event) => (this.filterText = (event.target as HTMLInputElement).value)}
            />
            ${
              this.info?.semanticSearch
                ? html`<input
                    class="item-query"
                    aria-label="Semantic query"
                    placeholder="Semantic query"
                    .value=${this.queryText}
                    @input=${(event: Event) => (this.queryText = (event.target as HTMLInputElement).value)}
                  />`
                : nothing
            }
            <vscode-button class="item-search-button" icon="search" type="submit" @click=${() => page && this.list(page.query.namespace, 0)}
              >Search</vscode-button
            >
            ${this.renderNewButton()}
          </form>
          ${this.filterError ? html`<p class="store-error" role="alert">${this.filterError}</p>` : nothing}
          ${
            page
              ? html`<div class="items-header">
                    <span class="items-namespace">${page.query.namespace.join(" / ")}</span>
                    <span class="items-range"
                      >${page.items.length === 0 ? "no items" : `${offset + 1}–${offset + page.items.length}${page.total !== undefined ? ` of ${page.total}` : ""}`}</span
                    >
                    <vscode-toolbar-button
                      icon="chevron-left"
                      label="Previous page"
                      ?disabled=${offset === 0}
                      @click=${() => offset > 0 && this.list(page.query.namespace, Math.max(0, offset - pageSize))}
                    ></vscode-toolbar-button>
                    <vscode-toolbar-button
                      icon="chevron-right"
                      label="Next page"
                      ?disabled=${page.items.length < pageSize}
                      @click=${() => page.items.length >= pageSize && this.list(page.query.namespace, offset + pageSize)}
                    ></vscode-toolbar-button>
                  </div>
                  <lg-virtual-list
                    class="item-list"
                    .label=${"Items"}
                    .rowHeight=${40}
                    .rows=${page.items}
                    .activeIndex=${this.editor.mode === "edit" ? page.items.findIndex((item) => this.editor.mode === "edit" && item.key === this.editor.item.key) : -1}
                    .renderRow=${(item: StoreItemView) => renderItem(item)}
                    @row-activate=${this.onItem}
                  ></lg-virtual-list>`
              : html`<p class="empty">Select a namespace.</p>`
          }
          ${this.renderEditor()}
        </div>
      </div>`;
  }

  /** Why the buttons that write are disabled (Restricted Mode, another process holds the file). */
  private renderReadOnlyReason(): TemplateResult | typeof nothing {
    if (this.info?.readOnly !== true) return nothing;
    return html`<p class="read-only-reason" role="status">${this.info.readOnlyReason ?? "The database is read-only."}</p>`;
  }

  private renderNewButton(): TemplateResult {
    return html`<vscode-button
      class="item-new"
      secondary
      icon="add"
      ?disabled=${this.info?.readOnly === true}
      @click=${() => (this.editor = { mode: "new", key: "", text: "{\n  \n}" })}
      >New item</vscode-button
    >`;
  }

  private renderEditor(): TemplateResult | typeof nothing {
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

function mustBeObject(value: unknown): string | undefined {
  if (isJsonObject(value)) return undefined;
  return 'A store item\'s value must be a JSON object, like {"data": "…"}.';
}

function writtenBy(item: StoreItemView): string {
  const by = item.writtenBy;
  if (!by) return "";
  return `written by ${by.node ?? "a node"}${by.step !== undefined ? ` at step ${by.step}` : ""} (thread ${by.threadId})`;
}

function renderItem(item: StoreItemView): TemplateResult {
  const preview = JSON.stringify(item.value);
  return html`<div class="item-row" data-key=${item.key}>
    <div class="item-line">
      <span class="item-key-label">${item.key}</span>
      ${item.score !== undefined ? html`<span class="item-score" title="Semantic similarity">${item.score.toFixed(3)}</span>` : nothing}
      <span class="item-updated">${new Date(item.updatedAt).toLocaleString()}</span>
    </div>
    <div class="item-line">
      <span class="item-preview">${preview.length > 200 ? `${preview.slice(0, 199)}…` : preview}</span>
      ${item.writtenBy ? html`<span class="item-written-by">${writtenBy(item)}</span>` : nothing}
    </div>
  </div>`;
}

customElements.define("lg-store-view", StoreView);

declare global {
  interface HTMLElementTagNameMap {
    "lg-store-view": StoreView;
  }
}
