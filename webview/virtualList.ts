// <lg-virtual-list>: a scrolling list of fixed-height rows that renders only the rows in view
// (plus a few either side), so a timeline of 10k checkpoints or a state tree of a megabyte
// costs the same as a short one. Keyboard: it is one tab stop; arrows, Page Up/Down, Home and
// End move the active row (aria-activedescendant), Enter activates it, Left/Right are handed to
// the owner (trees collapse and expand). Positions are set through the CSSOM (styleProps), which
// the strict CSP allows, never through style attributes.

import { LitElement, html } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { styleProps } from "./styleProps";

export interface RowEventDetail {
  index: number;
  key?: string;
}

const overscan = 8;
let nextListId = 0;

export class VirtualList<Row = unknown> extends LitElement {
  static override properties = {
    rows: { attribute: false },
    renderRow: { attribute: false },
    activeIndex: { attribute: false },
    rowHeight: { attribute: false },
    label: { attribute: false },
  };

  rows: readonly Row[] = [];
  renderRow: (row: Row, index: number) => TemplateResult = () => html``;
  /** The row the keyboard is on (and the selected one, for lists that select). */
  activeIndex = -1;
  rowHeight = 22;
  label = "";
  private readonly listId = `vlist-${nextListId++}`;
  private viewportHeight = 0;
  private frame = 0;
  private readonly resizeObserver = new ResizeObserver(() => {
    if (this.clientHeight !== this.viewportHeight) {
      this.viewportHeight = this.clientHeight;
      this.requestUpdate();
    }
  });

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tabIndex = 0;
    this.setAttribute("role", this.getAttribute("role") ?? "listbox");
    this.addEventListener("scroll", this.onScroll, { passive: true });
    this.addEventListener("keydown", this.onKeyDown);
    this.addEventListener("click", this.onClick);
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.removeEventListener("scroll", this.onScroll);
    this.removeEventListener("keydown", this.onKeyDown);
    this.removeEventListener("click", this.onClick);
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
    super.disconnectedCallback();
  }

  /** Scrolls the least needed to show a row. */
  reveal(index: number, center = false): void {
    if (index < 0) return;
    const top = index * this.rowHeight;
    const height = this.clientHeight || this.viewportHeight;
    if (center) this.scrollTop = Math.max(0, top - height / 2);
    else if (top < this.scrollTop) this.scrollTop = top;
    else if (top + this.rowHeight > this.scrollTop + height) this.scrollTop = top + this.rowHeight - height;
    this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("label")) this.setAttribute("aria-label", this.label);
    const active = this.activeIndex >= 0 && this.activeIndex < this.rows.length ? `${this.listId}-${this.activeIndex}` : "";
    if (active) this.setAttribute("aria-activedescendant", active);
    else this.removeAttribute("aria-activedescendant");
  }

  private onScroll = (): void => {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.requestUpdate());
  };

  private onClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>("[data-row-index]");
    if (!row || (event.target as Element).closest("input, textarea, vscode-textfield, vscode-button, button")) return;
    this.activate(Number(row.dataset.rowIndex));
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    if ((event.target as Element) !== this) return;
    const count = this.rows.length;
    if (count === 0) return;
    const page = Math.max(1, Math.floor((this.clientHeight || this.viewportHeight) / this.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: this.activeIndex + 1,
      ArrowUp: this.activeIndex - 1,
      PageDown: this.activeIndex + page,
      PageUp: this.activeIndex - page,
      Home: 0,
      End: count - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const index = Math.min(count - 1, Math.max(0, moves[event.key]!));
      this.activeIndex = index;
      this.reveal(index);
      this.dispatchEvent(new CustomEvent<RowEventDetail>("row-focus", { detail: { index } }));
      return;
    }
    if (this.activeIndex < 0) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.activate(this.activeIndex);
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "F2" || event.key === "F9" || event.key === "Delete") {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent<RowEventDetail>("row-key", { detail: { index: this.activeIndex, key: event.key } }));
    }
  };

  private activate(index: number): void {
    this.activeIndex = index;
    this.dispatchEvent(new CustomEvent<RowEventDetail>("row-activate", { detail: { index } }));
  }

  protected override render(): TemplateResult {
    const height = this.clientHeight || this.viewportHeight || 600;
    const first = Math.max(0, Math.floor(this.scrollTop / this.rowHeight) - overscan);
    const last = Math.min(this.rows.length, Math.ceil((this.scrollTop + height) / this.rowHeight) + overscan);
    const visible = this.rows.slice(first, last);
    return html`<div class="vlist-spacer" ${styleProps({ height: `${this.rows.length * this.rowHeight}px` })}>
      <div class="vlist-window" ${styleProps({ transform: `translateY(${first * this.rowHeight}px)` })}>
        ${visible.map((row, offset) => {
          const index = first + offset;
          return html`<div
            class="vlist-row ${index === this.activeIndex ? "active" : ""}"
            id="${this.listId}-${index}"
            role="option"
            aria-selected=${index === this.activeIndex ? "true" : "false"}
            data-row-index=${index}
          >
            ${this.renderRow(row, index)}
          </div>`;
        })}
      </div>
    </div>`;
  }
}

customElements.define("lg-virtual-list", VirtualList);

declare global {
  interface HTMLElementTagNameMap {
    "lg-virtual-list": VirtualList;
  }
  interface HTMLElementEventMap {
    "row-activate": CustomEvent<RowEventDetail>;
    "row-focus": CustomEvent<RowEventDetail>;
    "row-key": CustomEvent<RowEventDetail>;
  }
}
