// <lg-compare-paths>: when the State tab compares the selected checkpoint with another, the two
// paths of nodes side by side (lineageOf, pathsSideBySide in src/protocol/checkpointTree.ts):
// the history both share folded to its last step, then where each path went, one row per step.
// The state diff below it shows which channels changed; "Open as Diff" (event `open-diff`) asks
// for the full comparison, the store as of each checkpoint included, in VS Code's diff editor.

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { checkpointName } from "../src/protocol/checkpointNames";
import { lineageOf, pathsSideBySide, type PathPair } from "../src/protocol/checkpointTree";
import type { CheckpointSummary } from "../src/protocol/engine";

/** Rows after the shared history: a comparison is read, not scrolled. */
const MAX_ROWS = 200;

export class ComparePaths extends LitElement {
  static override properties = {
    checkpoints: { attribute: false },
    leftId: { attribute: false },
    rightId: { attribute: false },
  };

  /** The thread's checkpoints, as the timeline has them. */
  checkpoints: readonly CheckpointSummary[] = [];
  /** The checkpoint compared with (left) and the selected one (right). */
  leftId?: string;
  rightId?: string;
  private rows: PathPair[] = [];

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("checkpoints") || changed.has("leftId") || changed.has("rightId")) {
      const path = (id: string | undefined) => (id ? lineageOf(this.checkpoints, id) : []);
      this.rows = pathsSideBySide(path(this.leftId), path(this.rightId));
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.rows.length === 0) return nothing;
    const shared = this.rows.filter((row) => row.shared).length;
    const parted = this.rows.slice(shared);
    const shown = parted.slice(0, MAX_ROWS);
    const last = (side: "left" | "right") => [...this.rows].reverse().find((row) => row[side])?.[side];
    return html`<section class="compare-paths" aria-label="Paths of nodes compared">
      <div class="compare-paths-actions">
        <vscode-button
          secondary
          class="open-diff"
          title="The paths, the state and the store as of each checkpoint, in VS Code's diff editor"
          @click=${() => this.dispatchEvent(new CustomEvent("open-diff"))}
          >Open as Diff</vscode-button
        >
      </div>
      <div class="compare-path-row compare-paths-head">
        <span>Path to ${nameOf(last("left"))} (compared with)</span>
        <span>Path to ${nameOf(last("right"))} (selected)</span>
      </div>
      ${shared > 1 ? html`<div class="compare-path-row compare-paths-folded">${shared - 1} earlier step(s) shared</div>` : nothing}
      ${shared > 0 ? this.renderRow(this.rows[shared - 1]!) : nothing} ${shown.map((row) => this.renderRow(row))}
      ${parted.length > shown.length ? html`<div class="compare-path-row compare-paths-folded">… ${parted.length - shown.length} more step(s)</div>` : nothing}
    </section>`;
  }

  private renderRow(row: PathPair): TemplateResult {
    return html`<div class="compare-path-row ${row.shared ? "shared" : "parted"}" data-shared=${row.shared ? "true" : "false"}>
      <span class="compare-path-left">${row.left ? checkpointName(row.left) : ""}</span>
      <span class="compare-path-right">${row.right ? checkpointName(row.right) : ""}</span>
    </div>`;
  }
}

function nameOf(checkpoint: CheckpointSummary | undefined): string {
  return checkpoint ? checkpointName(checkpoint) : "?";
}

customElements.define("lg-compare-paths", ComparePaths);

declare global {
  interface HTMLElementTagNameMap {
    "lg-compare-paths": ComparePaths;
  }
  interface HTMLElementEventMap {
    "open-diff": CustomEvent<void>;
  }
}
