// <lg-debugger-app>: the debugger view's whole page. The graph (<lg-graph-app>) on one side,
// Timeline / State / Store tabs on the other, and the controls bar (controlsBar.ts) above that
// drives the LangGraph debug session. It turns the host's
// section snapshots into what is shown and keeps the UI state (tab, selection, expanded paths)
// in the webview's saved state, so a reload or a hidden panel comes back as it was. The State
// tab (stateTab.ts) and the node panel (nodePanel.ts) are templates of their own; the thread's
// recorded calls are drawn by callBadges.ts (graph, timeline) and callsList.ts (State tab).

import { LitElement, html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import { GraphApp } from "./graphApp";
import type { StateEditDetail } from "./stateView";
import "./controlsBar";
import "./storeView";
import type { StoreView } from "./storeView";
import "./timelineView";
import { threadCalls, threadCallsTotal, type ThreadCalls } from "./callBadges";
import { editBlockedReason } from "./callsList";
import { getUiState, setUiState } from "./vscodeApi";
import { ask, LatestRequest, REQUEST_FAILED_EVENT } from "./hostConnection";
import { renderNodePanel, type NodeRun } from "./nodePanel";
import { renderStateTab, type CheckpointView } from "./stateTab";
import type { CallView, CheckpointSummary, DbInfo, JsonSchema, ThreadSummary } from "../src/protocol/engine";
import type { DebuggerTab, ErrorView, HostMessage, SessionView, StateMode } from "../src/protocol/webview";

const tabs: DebuggerTab[] = ["timeline", "state", "store"];
const NO_CALLS: ReadonlyMap<string, CallView[]> = new Map();
const tabLabels: Record<DebuggerTab, string> = { timeline: "Timeline", state: "State", store: "Store" };

export class DebuggerApp extends LitElement {
  static override properties = {
    db: { state: true },
    timeline: { state: true },
    checkpoint: { state: true },
    session: { state: true },
    breakpoints: { state: true },
    tab: { state: true },
    stateMode: { state: true },
    expanded: { state: true },
    notice: { state: true },
    comparing: { state: true },
    node: { state: true },
    schemas: { state: true },
    storeCheckpoint: { state: true },
    calls: { state: true },
  };

  readonly graphApp = new GraphApp();
  private db: { info?: DbInfo; threads: ThreadSummary[]; error?: ErrorView } | undefined;
  private timeline: { threadId: string; checkpoints: CheckpointSummary[]; total: number } | undefined;
  private checkpoint: CheckpointView = { status: "none" };
  private session: SessionView | undefined;
  private breakpoints: string[] = [];
  private tab: DebuggerTab = getUiState().tab ?? "timeline";
  private stateMode: StateMode = getUiState().stateMode ?? "tree";
  private expanded: ReadonlySet<string> = new Set(getUiState().expanded ?? []);
  /** The last failed request, shown until the next action. */
  private notice: ErrorView | undefined;
  /** The thread or checkpoint to show: a newer choice cancels the request for the one before. */
  private readonly selection = new LatestRequest();
  private readonly nodeInspection = new LatestRequest();
  /** "Compare with…": the next checkpoint clicked in the timeline is the one to compare with. */
  private comparing = false;
  /** The node the user clicked on the graph: its last input and output. */
  private node: NodeRun | undefined;
  /** The last checkpoint shown: the Store tab shows the store as of it (kept while the next one loads). */
  private storeCheckpoint: StoreView["checkpoint"];
  /** The shown thread's recorded calls, by the checkpoint each is kept with. */
  private calls: ThreadCalls | undefined;
  /** The graph's input and context schemas, for the "New run" form. */
  private schemas: { input?: JsonSchema; context?: JsonSchema } = {};

  constructor() {
    super();
    this.graphApp.addEventListener("node-breakpoint", (event) => void ask(this, { type: "graph/toggleBreakpoint", nodeId: event.detail.nodeId }));
    this.graphApp.addEventListener("node-open", (event) => {
      if (event.detail.nodeId.startsWith("__")) return;
      void this.nodeInspection.send(this, { type: "node/inspect", nodeId: event.detail.nodeId });
    });
    // The store's editor shows its own failures beside what was typed; the rest show here.
    this.addEventListener(REQUEST_FAILED_EVENT, (event) => (this.notice = (event as CustomEvent<ErrorView>).detail));
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(): void {
    // VS Code's floating debug toolbar sits at the top centre of the editor area while a session
    // runs, over whatever is there: the view keeps that band empty so its controls stay reachable.
    this.toggleAttribute("data-debugging", this.session !== undefined && this.session.status !== "ended");
  }

  async receive(message: HostMessage): Promise<void> {
    switch (message.type) {
      case "graph/didLoad":
        this.schemas = {
          ...(message.graph.inputSchema ? { input: message.graph.inputSchema } : {}),
          ...(message.graph.contextSchema ? { context: message.graph.contextSchema } : {}),
        };
        await this.graphApp.receive(message);
        return;
      case "graph/loading":
      case "graph/didFail":
        await this.graphApp.receive(message);
        return;
      case "db/didLoad":
        this.db = { threads: message.threads, ...(message.info ? { info: message.info } : {}), ...(message.error ? { error: message.error } : {}) };
        // The host selects one of the threads' checkpoints next: the store waits for it.
        if (!this.storeCheckpoint && message.threads.length > 0) this.storeCheckpoint = "loading";
        return;
      case "timeline/didLoad":
        this.timeline = { threadId: message.threadId, checkpoints: message.checkpoints, total: message.total };
        this.updateGraphHighlights();
        return;
      case "view/showTab":
        this.selectTab(message.tab);
        return;
      case "checkpoint/didLoad": {
        const { checkpoint } = message;
        this.checkpoint = {
          status: "loaded",
          checkpoint,
          ...(message.parentValues ? { parentValues: message.parentValues } : {}),
          ...(message.comparedWith ? { comparedWith: message.comparedWith } : {}),
        };
        setUiState({ threadId: checkpoint.threadId, checkpointId: checkpoint.checkpointId });
        this.storeCheckpoint = { step: checkpoint.step, ...(checkpoint.createdAt ? { createdAt: checkpoint.createdAt } : {}) };
        return;
      }
      case "node/didLoad":
        this.node = message;
        return;
      case "calls/didLoad":
        this.calls = threadCalls(message);
        this.updateGraphHighlights();
        return;
      case "checkpoint/didFail":
        this.checkpoint = { status: "failed", checkpointId: message.checkpointId, error: message.error };
        if (this.storeCheckpoint === "loading") this.storeCheckpoint = undefined;
        return;
      case "session/didChange":
        this.session = message.session;
        this.breakpoints = message.breakpoints;
        this.updateGraphHighlights();
        return;
      case "store/namespacesDidLoad":
      case "store/itemsDidLoad":
      case "store/itemsAsOfDidLoad":
      case "store/historyDidLoad":
        (await this.storeView()).receive(message);
        return;
    }
  }

  /** The store tab's element, once the first render has made it. */
  private async storeView(): Promise<StoreView> {
    await this.updateComplete;
    return this.querySelector("lg-store-view")!;
  }

  /** The session's position on the graph (nodes that ran into it, nodes that run next), and each node's calls. */
  private updateGraphHighlights(): void {
    const session = this.sessionOnThread();
    const callsByNode = this.shownCalls()?.view?.byNode;
    const position = session?.checkpointId ? this.timeline?.checkpoints.find((checkpoint) => checkpoint.checkpointId === session.checkpointId) : undefined;
    this.graphApp.highlights = {
      ran: session?.status === "stopped" ? (position?.writers ?? []) : [],
      next: session?.status === "stopped" ? (session.next ?? []) : [],
      breakpoints: this.breakpoints,
      // At a node error the position is the checkpoint before it: the failing nodes are the next ones.
      errored: session?.status === "stopped" && session.reason === "exception" ? (session.next ?? []) : [],
      ...(callsByNode ? { calls: callsByNode } : {}),
    };
  }

  /** The session, when it runs on the thread shown. */
  private sessionOnThread(): SessionView | undefined {
    const session = this.session;
    return session && session.status !== "ended" && session.threadId === this.timeline?.threadId ? session : undefined;
  }

  private selectTab(tab: DebuggerTab): void {
    this.tab = tab;
    setUiState({ tab });
  }

  /** Arrow keys move between tabs (the WAI-ARIA tabs pattern). */
  private onTabKey = (event: KeyboardEvent): void => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const tab = tabs[(tabs.indexOf(this.tab) + step + tabs.length) % tabs.length]!;
    this.selectTab(tab);
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  };

  private openComparison(threadId: string, checkpointId: string, compareWith: string): void {
    void ask(this, { type: "compare/openDiff", threadId, checkpointId, compareWith });
  }

  private selectThread(threadId: string): void {
    if (threadId === this.timeline?.threadId) return;
    this.checkpoint = { status: "none" };
    setUiState({ threadId });
    void this.selection.send(this, { type: "timeline/selectThread", threadId });
  }

  private selectCheckpoint(checkpointId: string): void {
    const threadId = this.timeline?.threadId;
    if (!threadId) return;
    const selected = this.selectedCheckpointId();
    if (this.comparing && selected && selected !== checkpointId) {
      this.comparing = false;
      this.checkpoint = { status: "loading", checkpointId: selected };
      void this.selection.send(this, { type: "timeline/selectCheckpoint", threadId, checkpointId: selected, compareWith: checkpointId });
      this.selectTab("state");
      return;
    }
    this.comparing = false;
    this.checkpoint = { status: "loading", checkpointId };
    void this.selection.send(this, { type: "timeline/selectCheckpoint", threadId, checkpointId });
  }

  private timeTravel(): void {
    const checkpointId = this.selectedCheckpointId();
    if (checkpointId) void ask(this, { type: "session/goto", checkpointId });
  }

  private onStateEdit = (event: CustomEvent<StateEditDetail>): void => {
    const checkpointId = this.selectedCheckpointId();
    if (!checkpointId) return;
    this.notice = undefined;
    void ask(this, { type: "state/edit", checkpointId, path: [...event.detail.path], value: event.detail.value });
  };

  private onTogglePath = (event: CustomEvent<{ id: string; open: boolean }>): void => {
    const next = new Set(this.expanded);
    if (event.detail.open) next.add(event.detail.id);
    else next.delete(event.detail.id);
    this.expanded = next;
    setUiState({ expanded: [...next].slice(-500) });
  };

  private selectedCheckpointId(): string | undefined {
    const view = this.checkpoint;
    return view.status === "loaded" ? view.checkpoint.checkpointId : view.status === "none" ? undefined : view.checkpointId;
  }

  protected override render(): TemplateResult {
    return html`<lg-controls
        .session=${this.session}
        .threads=${this.db?.threads ?? []}
        .threadId=${this.timeline?.threadId}
        .selected=${this.checkpoint.status === "loaded" ? this.checkpoint.checkpoint : undefined}
        .dbError=${this.db?.error}
        .inputSchema=${this.schemas.input}
        .contextSchema=${this.schemas.context}
        @select-thread=${(event: CustomEvent<{ threadId: string }>) => this.selectThread(event.detail.threadId)}
        @controls-action=${() => (this.notice = undefined)}
      ></lg-controls>
      ${
        this.notice
          ? html`<div class="notice" role="alert">
              <span class="codicon codicon-warning" aria-hidden="true"></span>${this.notice.message}
              <vscode-toolbar-button icon="close" label="Dismiss" @click=${() => (this.notice = undefined)}></vscode-toolbar-button>
            </div>`
          : nothing
      }
      <div class="debugger-body">
        <section class="graph-pane" aria-label="Graph">${this.graphApp}${this.renderNode()}</section>
        <section class="side-pane">
          <div class="tabs" role="tablist" aria-label="Debugger sections" @keydown=${this.onTabKey}>
            ${tabs.map(
              (tab) =>
                html`<button
                  class="tab ${tab === this.tab ? "active" : ""}"
                  role="tab"
                  id="tab-${tab}"
                  data-tab=${tab}
                  aria-selected=${tab === this.tab ? "true" : "false"}
                  aria-controls="panel-${tab}"
                  tabindex=${tab === this.tab ? 0 : -1}
                  @click=${() => this.selectTab(tab)}
                >
                  ${tabLabels[tab]}
                </button>`,
            )}
          </div>
          <div class="tab-panel" role="tabpanel" id="panel-timeline" aria-labelledby="tab-timeline" ?hidden=${this.tab !== "timeline"}>
            ${this.renderTimeline()}
          </div>
          <div class="tab-panel" role="tabpanel" id="panel-state" aria-labelledby="tab-state" ?hidden=${this.tab !== "state"}>${this.renderState()}</div>
          <div class="tab-panel" role="tabpanel" id="panel-store" aria-labelledby="tab-store" ?hidden=${this.tab !== "store"}>
            <lg-store-view .info=${this.db?.info} .checkpoint=${this.storeCheckpoint}></lg-store-view>
          </div>
        </section>
      </div>`;
  }

  private renderNode(): TemplateResult | typeof nothing {
    if (!this.node) return nothing;
    const { nodeId, checkpointId } = this.node;
    const ranWith = checkpointId ? this.shownCalls()?.byCheckpoint.get(checkpointId) : undefined;
    const list = ranWith?.filter((call) => call.node === nodeId) ?? [];
    return renderNodePanel(this.node, { list, editBlocked: editBlockedReason(this.sessionOnThread()) }, this, () => (this.node = undefined));
  }

  private renderTimeline(): TemplateResult {
    if (this.db?.error) return html`<p class="empty" role="alert">${this.db.error.message}</p>`;
    if (!this.db) return html`<p class="empty">Reading the workspace database…</p>`;
    if (!this.timeline) return html`<p class="empty">No thread has checkpoints yet. Run the graph under the debugger (F5) to record some.</p>`;
    const session = this.sessionOnThread();
    const selected = this.selectedCheckpointId();
    const canTravel = session?.status === "stopped" && selected !== undefined && selected !== session.checkpointId;
    return html`<div class="timeline-header">
        <span>${this.comparing ? "Click the checkpoint to compare the selected one with" : `${this.timeline.total} checkpoint(s)`}</span>
        ${threadCallsTotal(this.shownCalls())}
        <vscode-button
          class="compare"
          secondary
          icon="diff"
          ?disabled=${!selected}
          title="Compare the selected checkpoint's state with another checkpoint"
          @click=${() => selected && (this.comparing = !this.comparing)}
          >${this.comparing ? "Cancel compare" : "Compare with…"}</vscode-button
        >
        <vscode-button
          class="time-travel"
          secondary
          icon="history"
          ?disabled=${!canTravel}
          title="Make this checkpoint the debug session's position"
          @click=${() => canTravel && this.timeTravel()}
          >Time-travel here</vscode-button
        >
      </div>
      <lg-timeline
        .checkpoints=${this.timeline.checkpoints}
        .selectedId=${selected}
        .positionId=${session?.checkpointId}
        .calls=${this.shownCalls()?.byCheckpoint ?? NO_CALLS}
        @select-checkpoint=${(event: CustomEvent<{ checkpointId: string }>) => this.selectCheckpoint(event.detail.checkpointId)}
      ></lg-timeline>`;
  }

  /** The recorded calls of the thread the timeline shows. */
  private shownCalls(): ThreadCalls | undefined {
    return this.calls && this.calls.threadId === this.timeline?.threadId ? this.calls : undefined;
  }

  private renderState(): TemplateResult {
    return renderStateTab({
      view: this.checkpoint,
      session: this.sessionOnThread(),
      dbInfo: this.db?.info,
      stateMode: this.stateMode,
      expanded: this.expanded,
      checkpoints: this.timeline?.checkpoints ?? [],
      calls: (this.checkpoint.status === "loaded" && this.shownCalls()?.byCheckpoint.get(this.checkpoint.checkpoint.checkpointId)) || [],
      editCallBlocked: editBlockedReason(this.sessionOnThread()),
      selectMode: (mode) => {
        this.stateMode = mode;
        setUiState({ stateMode: mode });
      },
      togglePath: this.onTogglePath,
      editState: this.onStateEdit,
      openComparison: (threadId, checkpointId, compareWith) => this.openComparison(threadId, checkpointId, compareWith),
    });
  }
}

customElements.define("lg-debugger-app", DebuggerApp);

declare global {
  interface HTMLElementTagNameMap {
    "lg-debugger-app": DebuggerApp;
  }
}
