// <lg-store-view>: the Store tab. The LangGraph store as namespaces in a tree with item counts →
// the items of the selected namespace, a page at a time (key, value preview, updated, which step
// and node wrote it; a filter over the value's fields and, when langgraph.json configures an
// index, a semantic query with scores) → the item editor (storeItemEditor.ts). With a checkpoint
// selected it shows the items as they were when that checkpoint was written, read-only, each
// marked when it changed, was deleted or added since ("as of", db/itemsAsOf), or as they are
// now: a switch the user sets, off where the store keeps no history (Postgres, a server).

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { styleProps } from "./styleProps";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "./virtualList";
import type { RowEventDetail } from "./virtualList";
import "./storeHistory";
import "./storeItemEditor";
import type { StoreItemEditor } from "./storeItemEditor";
import { asOfRows, namespaceRows, renderAsOfItem, renderItem, renderSinceBadge } from "./storeRows";
import type { AsOfRow, NamespaceRow } from "./storeRows";
import { getUiState, setUiState } from "./vscodeApi";
import { LatestRequest } from "./hostConnection";
import type { CheckpointSummary, DbInfo, ItemsQuery, StoreItemView } from "../src/protocol/engine";
import type { HostMessage, StoreMode } from "../src/protocol/webview";

const pageSize = 50;

type StoreMessage = Extract<HostMessage, { type: "store/namespacesDidLoad" | "store/itemsDidLoad" | "store/itemsAsOfDidLoad" | "store/historyDidLoad" }>;

export class StoreView extends LitElement {
  static override properties = {
    info: { attribute: false },
    checkpoint: { attribute: false },
    mode: { state: true },
    asOf: { state: true },
    asOfOpen: { state: true },
    openKey: { state: true },
    namespaces: { state: true },
    items: { state: true },
    filterError: { state: true },
  };

  info?: DbInfo;
  /** The checkpoint selected in the Timeline (or the debug position): the "as of" one; "loading" until the first comes. */
  checkpoint?: Pick<CheckpointSummary, "step" | "createdAt"> | "loading" | undefined;
  private mode: StoreMode = getUiState().storeMode ?? "asOf";
  private asOf: { namespace: string[]; time: string; rows: AsOfRow[] } | undefined;
  /** The item shown as it was at the checkpoint. */
  private asOfOpen: AsOfRow | undefined;
  /** The key of the item the editor has open. */
  private openKey: string | undefined;
  private namespaces: NamespaceRow[] = [];
  private items: { query: ItemsQuery; items: StoreItemView[]; total?: number } | undefined;
  private filterError = "";
  private selected = getUiState().namespace;
  /** The page of items being asked for: a newer listing cancels the one before. */
  private readonly listing = new LatestRequest();
  private filterText = "";
  private queryText = "";
  /** The "as of" time of the last listing asked for; undefined: the items as they are now. */
  private listedAsOf: string | undefined;
  /** The listing waits for the host's first checkpoint, to list once, as of it. */
  private waitingForCheckpoint = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  receive(message: StoreMessage): void {
    switch (message.type) {
      case "store/namespacesDidLoad": {
        this.namespaces = namespaceRows(message.namespaces);
        const selected = this.namespaces.find((row) => row.id === this.selected) ?? this.namespaces.find((row) => row.count > 0 && row.depth === 0);
        if (selected && !this.items && !this.asOf) this.list(selected.namespace, 0);
        return;
      }
      case "store/itemsAsOfDidLoad":
        // An answer for another checkpoint (or for "as of" after the switch to now) is not shown.
        if (message.time !== this.listedAsOf) return;
        this.asOf = { namespace: message.namespace, time: message.time, rows: asOfRows(message.items, message.addedSince) };
        // The open item as the new answer has it (its value now may have changed again).
        if (this.asOfOpen) this.asOfOpen = this.asOf.rows.find((row) => row.key === this.asOfOpen?.key);
        return;
      case "store/historyDidLoad":
        this.querySelector("lg-store-history")?.receive(message);
        return;
      case "store/itemsDidLoad":
        this.items = { query: message.query, items: message.items, ...(message.total !== undefined ? { total: message.total } : {}) };
        this.itemEditor()?.itemsDidLoad(message);
    }
  }

  private itemEditor(): StoreItemEditor | null {
    return this.querySelector("lg-store-item-editor");
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("info") && this.info?.semanticSearch === false) this.queryText = "";
    if (changed.has("checkpoint") || changed.has("info")) this.listAgainIfMoved();
  }

  /** Another checkpoint, or the switch between "as of" and "now": the selected namespace again. */
  private listAgainIfMoved(): void {
    const namespace = this.namespaces.find((row) => row.id === this.selected)?.namespace;
    if (!namespace || (!this.waitingForCheckpoint && this.asOfTime() === this.listedAsOf)) return;
    this.itemEditor()?.close({ keepNew: true });
    this.asOfOpen = undefined;
    this.list(namespace, 0);
  }

  /** The time the tab shows the store at (the selected checkpoint's), or undefined: as it is now. */
  private asOfTime(): string | undefined {
    if (this.mode !== "asOf" || this.info?.noStoreHistoryReason || this.checkpoint === "loading") return undefined;
    return this.checkpoint?.createdAt;
  }

  private setMode(mode: StoreMode): void {
    this.mode = mode;
    setUiState({ storeMode: mode });
    this.listAgainIfMoved();
  }

  private list(namespace: string[], offset: number): void {
    this.selected = namespace.join("/");
    setUiState({ namespace: this.selected });
    const time = this.asOfTime();
    this.listedAsOf = time;
    // Listed once the checkpoint is known, rather than now and then again.
    this.waitingForCheckpoint = this.mode === "asOf" && !this.info?.noStoreHistoryReason && this.checkpoint === "loading";
    if (this.waitingForCheckpoint) return;
    if (time) {
      void this.listing.send(this, { type: "store/listItemsAsOf", namespace, time });
      return;
    }
    this.asOf = undefined;
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
      this.itemEditor()?.close();
      this.asOfOpen = undefined;
      this.list(row.namespace, 0);
    }
  };

  private onItem = (event: CustomEvent<RowEventDetail>): void => {
    if (this.asOfTime()) {
      const row = this.asOf?.rows[event.detail.index];
      this.asOfOpen = row;
      return;
    }
    const item = this.items?.items[event.detail.index];
    if (item) this.itemEditor()?.openItem(item);
  };

  protected override render(): TemplateResult {
    if (this.namespaces.length === 0 && !this.items)
      return html`${this.renderReadOnlyReason()}${this.renderModeSwitch()}
        <p class="empty">The store is empty.</p>
        ${this.asOfTime() ? nothing : this.renderNewButton()} ${this.renderEditor()}`;
    return html`${this.renderReadOnlyReason()}${this.renderModeSwitch()}
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
          ${this.asOfTime() ? this.renderAsOfItems() : this.renderItems()} ${this.asOfTime() && this.asOfOpen ? this.renderAsOfItem(this.asOfOpen) : nothing}
          ${this.renderEditor()}
        </div>
      </div>`;
  }

  /** The items as they are now: the search, the page, the list. */
  private renderItems(): TemplateResult {
    const page = this.items;
    const offset = page?.query.offset ?? 0;
    return html`<form
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
        <vscode-button class="item-search-button" icon="search" type="submit" @click=${() => page && this.list(page.query.namespace, 0)}>Search</vscode-button>
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
                .activeIndex=${page.items.findIndex((item) => item.key === this.openKey)}
                .renderRow=${(item: StoreItemView) => renderItem(item)}
                @row-activate=${this.onItem}
              ></lg-virtual-list>`
          : html`<p class="empty">Select a namespace.</p>`
      }`;
  }

  /** "As of step N" (the selected checkpoint) or "Now"; as of is off where the store keeps no history. */
  private renderModeSwitch(): TemplateResult {
    const checkpoint = this.checkpoint === "loading" ? undefined : this.checkpoint;
    const unavailable =
      this.info?.noStoreHistoryReason ?? (checkpoint?.createdAt ? undefined : "Select a checkpoint in the Timeline to see the store as it was then.");
    const time = this.asOfTime();
    return html`<div class="store-mode" role="radiogroup" aria-label="Show the store">
      <vscode-button
        class="store-as-of"
        role="radio"
        aria-checked=${time ? "true" : "false"}
        ?secondary=${!time}
        ?disabled=${unavailable !== undefined}
        title=${unavailable ?? "The store as it was when the selected checkpoint was written (read-only)"}
        @click=${() => unavailable === undefined && this.setMode("asOf")}
        >${checkpoint ? `As of step ${checkpoint.step}` : "As of a checkpoint"}</vscode-button
      >
      <vscode-button
        class="store-now"
        role="radio"
        aria-checked=${time ? "false" : "true"}
        ?secondary=${time !== undefined}
        title="The store as it is now (editable)"
        @click=${() => this.setMode("now")}
        >Now</vscode-button
      >
      ${
        time && checkpoint
          ? html`<span class="store-as-of-label">as of step ${checkpoint.step} · ${new Date(time).toLocaleTimeString()}</span>
              <span class="store-read-only-note">read-only: switch to Now to edit</span>`
          : nothing
      }
    </div>`;
  }

  /** The selected namespace's items as they were at the checkpoint, each marked when it differs now. */
  private renderAsOfItems(): TemplateResult {
    const asOf = this.asOf?.time === this.asOfTime() ? this.asOf : undefined;
    if (!asOf) return html`<p class="empty">Reading the store as it was then…</p>`;
    const open = this.asOfOpen;
    const then = asOf.rows.filter((row) => row.since !== "added").length;
    return html`<div class="items-header">
        <span class="items-namespace">${asOf.namespace.join(" / ")}</span>
        <span class="items-range">${then === 0 ? "no items then" : `${then} item(s) then`}</span>
      </div>
      ${
        asOf.rows.length === 0 && this.namespaces.some((row) => row.depth >= asOf.namespace.length && row.id.startsWith(`${asOf.namespace.join("/")}/`))
          ? html`<p class="empty">As of a checkpoint a namespace shows only its own items: select one under it.</p>`
          : nothing
      }
      <lg-virtual-list
        class="item-list"
        .label=${"Items as of the checkpoint"}
        .rowHeight=${40}
        .rows=${asOf.rows}
        .activeIndex=${open ? asOf.rows.findIndex((row) => row.key === open.key) : -1}
        .renderRow=${(row: AsOfRow) => renderAsOfItem(row)}
        @row-activate=${this.onItem}
      ></lg-virtual-list>`;
  }

  /** Why the buttons that write are disabled (Restricted Mode, another process holds the file). */
  private renderReadOnlyReason(): TemplateResult | typeof nothing {
    if (this.info?.readOnly !== true) return nothing;
    return html`<p class="read-only-reason" role="status">${this.info.readOnlyReason ?? "The database is read-only."}</p>`;
  }

  private renderNewButton(): TemplateResult {
    return html`<vscode-button class="item-new" secondary icon="add" ?disabled=${this.info?.readOnly === true} @click=${() => this.itemEditor()?.openNew()}
      >New item</vscode-button
    >`;
  }

  /** The editor of an item as it is now; hidden while the tab shows the store as of a checkpoint. */
  private renderEditor(): TemplateResult {
    return html`<lg-store-item-editor
      ?hidden=${this.asOfTime() !== undefined}
      .info=${this.info}
      .namespace=${this.items?.query.namespace ?? []}
      @editor-change=${(event: CustomEvent<{ key?: string }>) => (this.openKey = event.detail.key)}
    ></lg-store-item-editor>`;
  }

  /** An item as it was at the checkpoint: its value then, and now when it differs. */
  private renderAsOfItem(row: AsOfRow): TemplateResult {
    const namespace = this.asOf?.namespace ?? [];
    return html`<section class="item-editor item-as-of" aria-label="Item as of the checkpoint">
      <header class="item-editor-title">
        ${row.key} ${renderSinceBadge(row)}
        <span class="item-meta">${row.writer}</span>
      </header>
      <p class="item-read-only" role="status">The store as of a checkpoint is read-only: switch to Now to edit this item.</p>
      ${row.then ? html`<pre class="item-then">${JSON.stringify(row.then, null, 2)}</pre>` : html`<p class="empty">Not in the store then.</p>`}
      ${
        row.since === "unchanged"
          ? nothing
          : html`<details class="item-now">
              <summary>Now</summary>
              ${row.now ? html`<pre class="item-now-value">${JSON.stringify(row.now, null, 2)}</pre>` : html`<p class="empty">Deleted.</p>`}
            </details>`
      }
      <div class="item-actions">
        <vscode-button class="item-close" secondary @click=${() => (this.asOfOpen = undefined)}>Close</vscode-button>
      </div>
      <lg-store-history
        .namespace=${namespace}
        .key=${row.key}
        .info=${this.info}
        .readOnlyReason=${"The store as of a checkpoint is read-only: switch to Now to restore a version."}
      ></lg-store-history>
    </section>`;
  }
}

customElements.define("lg-store-view", StoreView);

declare global {
  interface HTMLElementTagNameMap {
    "lg-store-view": StoreView;
  }
}
