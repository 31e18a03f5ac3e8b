// <lg-timeline>: a thread's checkpoints as a tree (src/protocol/checkpointTree.ts), virtualized.
// Each row shows the checkpoint's name (checkpointName: `step 2 · call_model`), the nodes that
// run next, a store badge counting the store items its step wrote, a marker counting the model,
// tool and HTTP calls its step made (↺ when replayed; callBadges.ts), and the time. A branch
// (fork, replay or edit) is indented under its origin with a connector and names it ("forked
// from step 1 · review"); the debug position and the selected checkpoint stand out.
// Fires `select-checkpoint` on click or Enter; the owner asks the host for that checkpoint.

import { LitElement, html, nothing } from "lit";
import type { PropertyValues, TemplateResult } from "lit";
import { styleProps } from "./styleProps";
import { timelineCallsMarker } from "./callBadges";
import "./virtualList";
import type { RowEventDetail, VirtualList } from "./virtualList";
import { checkpointRows } from "../src/protocol/checkpointTree";
import type { CheckpointRow } from "../src/protocol/checkpointTree";
import { checkpointName, nextText, shortCheckpointId } from "../src/protocol/checkpointNames";
import type { CallView, CheckpointSummary } from "../src/protocol/engine";

export class TimelineView extends LitElement {
  static override properties = {
    checkpoints: { attribute: false },
    selectedId: { attribute: false },
    positionId: { attribute: false },
    calls: { attribute: false },
  };

  checkpoints: readonly CheckpointSummary[] = [];
  selectedId?: string;
  /** The debug session's position on this thread. */
  positionId?: string;
  /** The thread's recorded calls by the checkpoint each is kept with (the one its step made). */
  calls: ReadonlyMap<string, CallView[]> = new Map();
  private rows: CheckpointRow[] = [];
  private indexById = new Map<string, number>();
  private byId = new Map<string, CheckpointSummary>();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("checkpoints")) {
      this.rows = checkpointRows(this.checkpoints);
      this.indexById = new Map(this.rows.map((row, index) => [row.checkpoint.checkpointId, index]));
      this.byId = new Map(this.checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint]));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A newly selected checkpoint (the user's, or the session's new position) scrolls into view.
    if (changed.has("selectedId") || changed.has("checkpoints")) {
      const index = this.selectedId ? this.indexById.get(this.selectedId) : undefined;
      if (index !== undefined) this.querySelector<VirtualList>("lg-virtual-list")?.reveal(index, changed.has("checkpoints"));
    }
  }

  private onActivate = (event: CustomEvent<RowEventDetail>): void => {
    const row = this.rows[event.detail.index];
    if (row) this.dispatchEvent(new CustomEvent("select-checkpoint", { detail: { checkpointId: row.checkpoint.checkpointId } }));
  };

  protected override render(): TemplateResult {
    if (this.checkpoints.length === 0) return html`<p class="empty">This thread has no checkpoints.</p>`;
    const active = this.selectedId ? (this.indexById.get(this.selectedId) ?? -1) : -1;
    return html`<lg-virtual-list
      class="timeline-list"
      role="tree"
      .label=${"Checkpoints"}
      .rows=${this.rows}
      .activeIndex=${active}
      .renderRow=${(row: CheckpointRow) => this.renderRow(row)}
      @row-activate=${this.onActivate}
    ></lg-virtual-list>`;
  }

  private renderRow(row: CheckpointRow): TemplateResult {
    const { checkpoint } = row;
    const isPosition = checkpoint.checkpointId === this.positionId;
    const selected = checkpoint.checkpointId === this.selectedId;
    const name = checkpointName(checkpoint);
    const origin = row.branchStart && checkpoint.parentCheckpointId ? this.byId.get(checkpoint.parentCheckpointId) : undefined;
    const next = nextText(checkpoint.next);
    return html`<div
      class="timeline-row ${selected ? "selected" : ""} ${isPosition ? "position" : ""} ${row.branchStart ? "branch-start" : ""}"
      data-checkpoint-id=${checkpoint.checkpointId}
      data-step=${checkpoint.step}
      data-source=${checkpoint.source}
      data-depth=${row.depth}
      ${styleProps({ "padding-left": `${row.depth * 16 + 4}px` })}
      title="${name} · checkpoint ${shortCheckpointId(checkpoint.checkpointId)}${isPosition ? " · debug position" : ""}"
    >
      ${
        row.branchStart
          ? html`<span class="timeline-connector" aria-hidden="true">└</span><span class="codicon codicon-git-branch" aria-label="Branch"></span>`
          : html`<span class="codicon codicon-circle-small" aria-hidden="true"></span>`
      }
      <span class="timeline-name">${name}</span>
      ${origin ? html`<span class="timeline-origin">forked from ${checkpointName(origin)}</span>` : nothing}
      ${next ? html`<span class="timeline-next">${next}</span>` : nothing} ${storeBadge(checkpoint.storeWrites)}
      ${timelineCallsMarker(this.calls.get(checkpoint.checkpointId))}
      ${isPosition ? html`<span class="timeline-position codicon codicon-debug-stackframe" role="img" aria-label="Debug position" title="Debug position"></span>` : nothing}
      <span class="timeline-time">${timeOf(checkpoint.createdAt)}</span>
    </div>`;
  }
}

/** The step's store writes: a count, listed in the tooltip (`added memories/1/name`). */
function storeBadge(writes: readonly string[] | undefined): TemplateResult | typeof nothing {
  if (!writes?.length) return nothing;
  const title = `Store writes of this step:\n${writes.join("\n")}`;
  return html`<span class="timeline-store" title=${title} aria-label=${title}
    ><span class="codicon codicon-database" aria-hidden="true"></span>${writes.length}</span
  >`;
}

function timeOf(createdAt: string | undefined): string {
  if (!createdAt) return "";
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString();
}

customElements.define("lg-timeline", TimelineView);

declare global {
  interface HTMLElementTagNameMap {
    "lg-timeline": TimelineView;
  }
  interface HTMLElementEventMap {
    "select-checkpoint": CustomEvent<{ checkpointId: string }>;
  }
}
