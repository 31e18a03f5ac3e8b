// The State tab of the debugger view: the selected checkpoint's name and next nodes, how its
// state is shown (tree, JSON, conversation), whether it can be edited now and why not, the
// paths compared, the calls its step made (<lg-calls-list>), and the state itself
// (<lg-state-view>). A template of <lg-debugger-app> (debuggerApp.ts), which keeps what is
// selected and the UI state.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import "./stateView";
import type { StateEditDetail } from "./stateView";
import "./comparePaths";
import "./callsList";
import { checkpointName, nextText, shortCheckpointId } from "../src/protocol/checkpointNames";
import type { CallView, CheckpointDetail, CheckpointSummary, DbInfo } from "../src/protocol/engine";
import type { ErrorView, SessionView, StateMode } from "../src/protocol/webview";

/** The checkpoint the State tab shows, as far as it has loaded. */
export type CheckpointView =
  | { status: "none" }
  | { status: "loading"; checkpointId: string }
  | { status: "loaded"; checkpoint: CheckpointDetail; parentValues?: Record<string, unknown>; comparedWith?: { checkpointId: string; step: number } }
  | { status: "failed"; checkpointId: string; error: ErrorView };

const stateModes: Array<{ mode: StateMode; label: string; icon: string }> = [
  { mode: "tree", label: "Tree", icon: "list-tree" },
  { mode: "json", label: "JSON", icon: "json" },
  { mode: "conversation", label: "Conversation", icon: "comment-discussion" },
];

export interface StateTabProps {
  view: CheckpointView;
  /** The debug session, when it runs on the thread shown. */
  session: SessionView | undefined;
  dbInfo: DbInfo | undefined;
  stateMode: StateMode;
  expanded: ReadonlySet<string>;
  /** The thread's checkpoints, for the paths of a comparison. */
  checkpoints: CheckpointSummary[];
  /** The model, tool and HTTP calls recorded with the checkpoint (its step's). */
  calls: readonly CallView[];
  /** Why a call's answer cannot be edited now; undefined when it can. */
  editCallBlocked: string | undefined;
  selectMode(mode: StateMode): void;
  togglePath(event: CustomEvent<{ id: string; open: boolean }>): void;
  editState(event: CustomEvent<StateEditDetail>): void;
  openComparison(threadId: string, checkpointId: string, compareWith: string): void;
}

export function renderStateTab(props: StateTabProps): TemplateResult {
  const { view, session, dbInfo, stateMode } = props;
  switch (view.status) {
    case "none":
      return html`<p class="empty">Select a checkpoint in the timeline.</p>`;
    case "loading":
      return html`<p class="empty">Loading checkpoint…</p>`;
    case "failed":
      return html`<p class="empty" role="alert">${view.error.message}</p>`;
    case "loaded": {
      const { checkpoint, comparedWith } = view;
      // A session on the thread forks through its position; without one the engine forks the database.
      const editable = session ? session.status === "stopped" : dbInfo !== undefined && !dbInfo.readOnly;
      // Why values cannot be edited now, and what to do.
      const notEditable = editable
        ? undefined
        : session
          ? "Values can be edited while the debug session is paused: pause it, or wait for its next stop."
          : dbInfo?.readOnlyReason;
      return html`<div class="state-header">
          <span class="state-title" title="checkpoint ${shortCheckpointId(checkpoint.checkpointId)}">${checkpointName(checkpoint)}</span>
          <span class="state-next">${nextText(checkpoint.next) || "end"}</span>
          ${editable && stateMode === "tree" ? html`<span class="state-hint">Double-click or F2 edits a value: the thread forks</span>` : nothing}
          ${notEditable ? html`<span class="state-hint state-read-only" role="status">${notEditable}</span>` : nothing}
          <span class="state-modes" role="radiogroup" aria-label="Show state as">
            ${stateModes.map(
              ({ mode, label, icon }) =>
                html`<vscode-toolbar-button
                  class="state-mode-${mode}"
                  icon=${icon}
                  label=${label}
                  title=${label}
                  ?checked=${stateMode === mode}
                  toggleable
                  role="radio"
                  aria-checked=${stateMode === mode ? "true" : "false"}
                  @click=${() => props.selectMode(mode)}
                ></vscode-toolbar-button>`,
            )}
          </span>
        </div>
        ${
          comparedWith
            ? html`<lg-compare-paths
                .checkpoints=${props.checkpoints}
                .leftId=${comparedWith.checkpointId}
                .rightId=${checkpoint.checkpointId}
                @open-diff=${() => props.openComparison(checkpoint.threadId, checkpoint.checkpointId, comparedWith.checkpointId)}
              ></lg-compare-paths>`
            : nothing
        }
        <lg-calls-list .calls=${props.calls} .editBlocked=${props.editCallBlocked}></lg-calls-list>
        <lg-state-view
          .values=${checkpoint.values}
          .parentValues=${view.parentValues}
          .comparedWith=${comparedWith}
          .expanded=${props.expanded}
          .mode=${stateMode}
          .editable=${editable}
          @toggle-path=${props.togglePath}
          @state-edit=${props.editState}
        ></lg-state-view>`;
    }
  }
}
