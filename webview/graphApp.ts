// <lg-graph-app>: the graph panel's whole page. It turns host snapshots into what is shown
// (waiting, loading, the laid-out graph, or the error) and keeps its UI state (the selected node,
// the subgraphs the user collapsed or expanded) in the webview's saved state so a reload restores it.
// Inside the debugger view (debuggerApp.ts) it is the graph pane; the debugger app hands it the
// session's position and the breakpoints to draw (`highlights`).

import { LitElement, html } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-progress-ring/index.js";
import "@vscode-elements/elements/dist/vscode-toolbar-button/index.js";
import "./graphView";
import type { GraphView, SubgraphToggleDetail } from "./graphView";
import type { GraphHighlights } from "./graphHighlights";
import { defaultCollapsed, layoutGraph } from "./layout";
import type { GraphLayout, MeasureText } from "./layout";
import { getUiState, setUiState } from "./vscodeApi";
import { ask } from "./hostConnection";
import type { GraphShape } from "../src/protocol/engine";
import type { ErrorView, HostMessage } from "../src/protocol/webview";

type ViewState =
  | { status: "waiting" }
  | { status: "loading"; graphId: string }
  | { status: "loaded"; layout: GraphLayout; configFile: string }
  | { status: "failed"; graphId: string; error: ErrorView };

export class GraphApp extends LitElement {
  static override properties = {
    view: { state: true },
    selectedNodeId: { state: true },
    highlights: { attribute: false },
  };

  highlights: GraphHighlights = { ran: [], next: [], breakpoints: [] };
  private view: ViewState = { status: "waiting" };
  private selectedNodeId?: string = getUiState().selectedNodeId;
  /** Layout is async; a newer snapshot must win over a slower older one. */
  private generation = 0;
  /** The graph shown, kept to lay it out again when a subgraph is collapsed or expanded. */
  private shown?: { graph: GraphShape; configFile: string };
  /** The user's choices per subgraph (true: collapsed) on the graph shown; the rest follow defaultCollapsed. */
  private subgraphChoices: Record<string, boolean> = {};

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  async receive(message: HostMessage): Promise<void> {
    const generation = ++this.generation;
    switch (message.type) {
      case "graph/loading":
        this.view = { status: "loading", graphId: message.graphId };
        return;
      case "graph/didFail":
        this.view = { status: "failed", graphId: message.graphId, error: message.error };
        return;
      case "graph/didLoad": {
        const saved = getUiState();
        const { graph } = message;
        // Choices saved for another graph, or for subgraphs it no longer has, are dropped.
        const choices = saved.subgraphs?.graphId === graph.graphId ? saved.subgraphs.collapsed : {};
        this.subgraphChoices = Object.fromEntries(Object.entries(choices).filter(([id]) => graph.subgraphs.includes(id)));
        this.shown = { graph, configFile: message.configFile };
        const layout = await this.layOut(generation);
        if (!layout) return;
        // A selection saved for another graph (or a node that no longer exists) is dropped.
        if (saved.graphId !== layout.graphId || !graph.nodes.some((node) => node.id === this.selectedNodeId)) {
          this.selectedNodeId = undefined;
        }
        // configFile lets VS Code's serializer reopen this panel after a window reload.
        setUiState({ graphId: layout.graphId, configFile: message.configFile, selectedNodeId: this.selectedNodeId });
        return;
      }
    }
  }

  /** Lays out the graph shown with its subgraphs collapsed as chosen; undefined when a newer snapshot won or it failed. */
  private async layOut(generation: number): Promise<GraphLayout | undefined> {
    const { graph, configFile } = this.shown!;
    const collapsed = defaultCollapsed(graph);
    for (const [id, isCollapsed] of Object.entries(this.subgraphChoices)) {
      if (isCollapsed) collapsed.add(id);
      else collapsed.delete(id);
    }
    let layout: GraphLayout;
    try {
      layout = await layoutGraph(graph, textMeasurer(), { collapsed });
    } catch (error) {
      if (generation !== this.generation) return undefined;
      this.view = {
        status: "failed",
        graphId: graph.graphId,
        error: { message: `Could not lay out graph "${graph.graphId}": ${String(error)}` },
      };
      return undefined;
    }
    if (generation !== this.generation) return undefined;
    this.view = { status: "loaded", layout, configFile };
    // A stacked (narrow) view gives the graph the height it takes at the panel's width (webview.css).
    this.style.setProperty("--graph-aspect", `${Math.max(1, layout.width)} / ${Math.max(1, layout.height)}`);
    this.style.setProperty("--graph-natural-height", `${Math.ceil(layout.height)}px`);
    return layout;
  }

  private onSubgraphToggle = (event: CustomEvent<SubgraphToggleDetail>): void => {
    if (!this.shown) return;
    const { subgraphId, collapsed } = event.detail;
    this.subgraphChoices = { ...this.subgraphChoices, [subgraphId]: collapsed };
    setUiState({ subgraphs: { graphId: this.shown.graph.graphId, collapsed: this.subgraphChoices } });
    void this.layOut(++this.generation);
  };

  private onNodeOpen = (event: CustomEvent<{ nodeId: string }>): void => {
    this.selectedNodeId = event.detail.nodeId;
    setUiState({ selectedNodeId: this.selectedNodeId });
    void ask(this, { type: "graph/openNode", nodeId: event.detail.nodeId, target: "addNode" });
  };

  private refresh(): void {
    void ask(this, { type: "graph/refresh" });
  }

  private get graphView(): GraphView | null {
    return this.querySelector("lg-graph-view");
  }

  protected override render(): TemplateResult {
    return html`${this.renderToolbar()}
      <main class="content">${this.renderContent()}</main>`;
  }

  private renderToolbar(): TemplateResult {
    const view = this.view;
    const title = view.status === "loaded" ? view.layout.graphId : view.status === "waiting" ? "" : view.graphId;
    const loaded = view.status === "loaded";
    return html`<header class="toolbar">
      <span class="toolbar-title">${title}</span>
      <span class="toolbar-description" title=${loaded ? view.configFile : ""}>${loaded ? view.configFile : ""}</span>
      <span class="toolbar-actions">
        ${
          loaded
            ? html`<vscode-toolbar-button
                  icon="zoom-out"
                  label="Zoom out"
                  title="Zoom out"
                  @click=${() => this.graphView?.zoomBy(1 / 1.25)}
                ></vscode-toolbar-button>
                <vscode-toolbar-button icon="zoom-in" label="Zoom in" title="Zoom in" @click=${() => this.graphView?.zoomBy(1.25)}></vscode-toolbar-button>
                <vscode-toolbar-button
                  icon="screen-full"
                  label="Fit to view"
                  title="Fit to view"
                  @click=${() => this.graphView?.fit()}
                ></vscode-toolbar-button>`
            : undefined
        }
        ${
          view.status === "loaded" || view.status === "failed"
            ? html`<vscode-toolbar-button
                class="refresh"
                icon="refresh"
                label="Reload graph"
                title="Reload graph"
                @click=${this.refresh}
              ></vscode-toolbar-button>`
            : undefined
        }
      </span>
    </header>`;
  }

  private renderContent(): TemplateResult {
    const view = this.view;
    switch (view.status) {
      case "waiting":
      case "loading":
        return html`<div class="loading">
          <vscode-progress-ring aria-label="Loading graph"></vscode-progress-ring>
          <span>${view.status === "loading" ? `Loading graph ${view.graphId}…` : "Waiting for the extension…"}</span>
        </div>`;
      case "failed":
        return renderError(view.graphId, view.error, () => this.refresh());
      case "loaded":
        return view.layout.nodes.length === 0 && view.layout.subgraphs.length === 0
          ? html`<p class="empty">Graph ${view.layout.graphId} has no nodes.</p>`
          : html`<lg-graph-view
              .layout=${view.layout}
              .selectedNodeId=${this.selectedNodeId}
              .highlights=${this.highlights}
              @node-open=${this.onNodeOpen}
              @subgraph-toggle=${this.onSubgraphToggle}
            ></lg-graph-view>`;
    }
  }
}

function renderError(graphId: string, error: ErrorView, retry: () => void): TemplateResult {
  return html`<section class="error" role="alert">
    <h2 class="error-title"><span class="codicon codicon-error" aria-hidden="true"></span> Could not show graph ${graphId}</h2>
    <p class="error-message">${error.message}</p>
    ${error.file ? html`<p class="error-file"><span class="error-label">File: </span><code>${error.file}</code></p>` : undefined}
    ${error.hint ? html`<p class="error-hint"><span class="error-label">What to do: </span>${error.hint}</p>` : undefined}
    <vscode-button class="retry" icon="refresh" @click=${retry}>Retry</vscode-button>
  </section>`;
}

/** Measures labels with the font the SVG text inherits from the page (VS Code's UI font). */
function textMeasurer(): MeasureText {
  const context = document.createElement("canvas").getContext("2d");
  const style = getComputedStyle(document.body);
  if (!context) return (text) => text.length * 8;
  context.font = `${style.fontSize || "13px"} ${style.fontFamily || "sans-serif"}`;
  return (text) => context.measureText(text).width;
}

customElements.define("lg-graph-app", GraphApp);

declare global {
  interface HTMLElementTagNameMap {
    "lg-graph-app": GraphApp;
  }
}
