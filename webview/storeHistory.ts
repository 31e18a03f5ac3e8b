// <lg-store-history>: an item's History button and, once pressed, its versions newest first
// (time · who wrote it, deletions marked; db/storeHistory through the host). Pick one to diff it with the item now, or two to diff them, in VS Code's diff editor;
// Restore writes an old version again as a new one. Both are the Memory Store view's commands,
// which the host runs.

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import { ask } from "./hostConnection";
import { preview } from "./storeRows";
import type { DbInfo, StoreVersionView } from "../src/protocol/engine";
import type { HostMessage } from "../src/protocol/webview";

export class StoreHistory extends LitElement {
  static override properties = {
    namespace: { attribute: false },
    key: { attribute: false },
    info: { attribute: false },
    readOnlyReason: { attribute: false },
    open: { state: true },
    versions: { state: true },
    picked: { state: true },
  };

  namespace: string[] = [];
  key = "";
  info?: DbInfo | undefined;
  /** Why Restore is off (the database cannot be written, or the tab shows the store as of a checkpoint). */
  readOnlyReason?: string | undefined;
  private open = false;
  /** Newest first; undefined until the host answers. */
  private versions: StoreVersionView[] | undefined;
  /** Times of the versions picked to compare, at most two, the last picked last. */
  private picked: string[] = [];

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another item: its history is closed until asked for.
    if (changed.has("key") || (changed.has("namespace") && changed.get("namespace")?.join("/") !== this.namespace.join("/"))) {
      this.open = false;
      this.versions = undefined;
      this.picked = [];
    }
  }

  /** The versions the host read (again, after a write): shown when they are this item's. */
  receive(message: Extract<HostMessage, { type: "store/historyDidLoad" }>): void {
    if (this.open && message.key === this.key && message.namespace.join("/") === this.namespace.join("/")) this.versions = message.versions;
  }

  private show(): void {
    this.open = true;
    this.versions = undefined;
    this.picked = [];
    void ask(this, { type: "store/itemHistory", namespace: this.namespace, key: this.key });
  }

  private pick(time: string, checked: boolean): void {
    const others = this.picked.filter((picked) => picked !== time);
    this.picked = checked ? [...others, time].slice(-2) : others;
  }

  private compare(): void {
    // ISO times of one clock sort as text: the older one on the left.
    const [first, second] = [...this.picked].sort();
    if (!first) return;
    void ask(this, { type: "store/compareVersions", namespace: this.namespace, key: this.key, left: first, right: second ?? "current" });
  }

  protected override render(): TemplateResult {
    const unavailable = this.info?.noStoreHistoryReason;
    return html`${
      this.open
        ? nothing
        : html`<vscode-button
            class="item-history-button"
            secondary
            icon="history"
            ?disabled=${unavailable !== undefined}
            title=${unavailable ?? "List the item's versions: compare them, restore one"}
            @click=${() => unavailable === undefined && this.show()}
            >History</vscode-button
          >`
    }
    ${this.open ? this.renderVersions() : nothing}`;
  }

  private renderVersions(): TemplateResult {
    const { namespace, key, versions } = this;
    if (!versions) return html`<p class="empty">Reading the item's history…</p>`;
    const readOnly = this.readOnlyReason !== undefined;
    return html`<section class="item-history" aria-label="History of ${key}">
      <header class="item-history-title">
        <span>History</span>
        <span class="item-history-count">${versions.length} version(s)</span>
        <vscode-button
          class="history-compare"
          secondary
          icon="diff"
          ?disabled=${this.picked.length === 0}
          title="Compare the picked version with the item now, or the two picked versions, in the diff editor"
          @click=${() => this.compare()}
          >${this.picked.length === 2 ? "Compare the two" : "Compare with now"}</vscode-button
        >
        <vscode-toolbar-button icon="close" label="Close the history" @click=${() => (this.open = false)}></vscode-toolbar-button>
      </header>
      <ol class="item-history-list">
        ${versions.map(
          (version, index) =>
            html`<li class="history-row ${version.deleted ? "history-row-deleted" : ""}" data-time=${version.time}>
              <input
                type="checkbox"
                class="history-pick"
                aria-label="Pick the version of ${new Date(version.time).toLocaleString()}"
                .checked=${this.picked.includes(version.time)}
                @change=${(event: Event) => this.pick(version.time, (event.target as HTMLInputElement).checked)}
              />
              <span class="history-time">${new Date(version.time).toLocaleString()}</span>
              <span class="history-writer">${version.writer || "writer unknown"}</span>
              ${version.deleted ? html`<span class="history-deleted">deleted</span>` : html`<span class="history-preview">${preview(version.value)}</span>`}
              <vscode-button
                class="history-restore"
                secondary
                ?disabled=${readOnly || version.deleted === true || index === 0}
                title=${index === 0 ? "This is the item now" : (this.readOnlyReason ?? "Write this version again, as a new version (nothing is deleted)")}
                @click=${() => !readOnly && !version.deleted && index > 0 && void ask(this, { type: "store/restoreVersion", namespace, key, time: version.time })}
                >Restore</vscode-button
              >
            </li>`,
        )}
      </ol>
    </section>`;
  }
}

customElements.define("lg-store-history", StoreHistory);

declare global {
  interface HTMLElementTagNameMap {
    "lg-store-history": StoreHistory;
  }
}
