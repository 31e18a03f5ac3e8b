// <lg-graph-view>: draws a laid-out graph as SVG and reports node activation. It keeps no data
// of its own beyond the viewport: the layout and the selection are given to it, and it fires
// `node-open` (click, Enter or Space) for its owner to decide what happens.
// Light DOM on purpose: tests and the code-server UI test find nodes with plain selectors.
// Drawn in layers (cluster frames, then edges, then nodes and collapsed subgraphs) so edges never
// hide a node; a node inside a subgraph names it in data-subgraph rather than being nested in the
// cluster's <g>. Each subgraph has a chevron button that fires `subgraph-toggle`; its owner
// lays the graph out again with the subgraph collapsed into one box (or expanded).

import { LitElement, nothing, svg } from "lit";
import type { PropertyValues, SVGTemplateResult } from "lit";
import { nodeCallsBadge } from "./callBadges";
import { statusOf, type GraphHighlights, type NodeStatus } from "./graphHighlights";
import type { GraphLayout, PlacedEdge, PlacedNode, PlacedSubgraph, Point } from "./layout";

export interface NodeOpenDetail {
  nodeId: string;
}

export interface SubgraphToggleDetail {
  subgraphId: string;
  /** What the user asked for. */
  collapsed: boolean;
}

/** Codicon glyphs (the codicon font is the page's, from codicon.css): chevron-down, chevron-right. */
const chevronDown = "\ueab4";
const chevronRight = "\ueab6";

interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const minScale = 0.2;
const maxScale = 4;

export class GraphView extends LitElement {
  static override properties = {
    layout: { attribute: false },
    selectedNodeId: { attribute: false },
    highlights: { attribute: false },
    viewBox: { state: true },
  };

  highlights: GraphHighlights = { ran: [], next: [], breakpoints: [] };
  layout?: GraphLayout;
  selectedNodeId?: string;
  private viewBox?: ViewBox;
  /** Until the user zooms or pans, resizes keep the whole graph in view. */
  private fitted = true;
  private drag?: { pointerId: number; start: Point; origin: ViewBox; moved: boolean };
  /** The subgraph whose toggle had focus: it gets it back once the new layout is drawn. */
  private refocusToggle?: string;
  private readonly resizeObserver = new ResizeObserver(() => {
    if (this.fitted) this.fit();
  });

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver.disconnect();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("layout")) {
      this.fitted = true;
      this.viewBox = this.fitViewBox();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const id = this.refocusToggle;
    if (!id || !changed.has("layout")) return;
    const toggle = [...this.querySelectorAll<SVGGElement>(".graph-subgraph-toggle")].find((element) => element.dataset.subgraph === id);
    if (!toggle) return;
    this.refocusToggle = undefined;
    toggle.focus();
  }

  /** Whole graph in view, centred, never enlarged beyond its natural size. */
  fit(): void {
    this.fitted = true;
    this.viewBox = this.fitViewBox();
  }

  /** Zoom around the centre (toolbar buttons and keyboard). */
  zoomBy(factor: number): void {
    const box = this.viewBox;
    if (!box) return;
    this.zoomAround({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, factor);
  }

  private fitViewBox(): ViewBox | undefined {
    const layout = this.layout;
    if (!layout) return undefined;
    const availableWidth = this.clientWidth || layout.width;
    const availableHeight = this.clientHeight || layout.height;
    const scale = Math.min(1, availableWidth / layout.width, availableHeight / layout.height);
    const width = availableWidth / scale;
    const height = availableHeight / scale;
    return { x: (layout.width - width) / 2, y: (layout.height - height) / 2, width, height };
  }

  private zoomAround(center: Point, factor: number): void {
    const box = this.viewBox;
    if (!box || !this.clientWidth) return;
    const currentScale = this.clientWidth / box.width;
    const scale = Math.min(maxScale, Math.max(minScale, currentScale * factor));
    const applied = currentScale / scale;
    this.fitted = false;
    this.viewBox = {
      x: center.x - (center.x - box.x) * applied,
      y: center.y - (center.y - box.y) * applied,
      width: box.width * applied,
      height: box.height * applied,
    };
  }

  private toGraphPoint(event: { clientX: number; clientY: number }): Point | undefined {
    const box = this.viewBox;
    if (!box) return undefined;
    const rect = this.getBoundingClientRect();
    return {
      x: box.x + ((event.clientX - rect.left) / rect.width) * box.width,
      y: box.y + ((event.clientY - rect.top) / rect.height) * box.height,
    };
  }

  private onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const box = this.viewBox;
    if (!box) return;
    if (event.ctrlKey || event.metaKey) {
      const at = this.toGraphPoint(event);
      if (at) this.zoomAround(at, Math.exp(-event.deltaY / 300));
      return;
    }
    const perPixel = box.width / (this.clientWidth || box.width);
    this.fitted = false;
    this.viewBox = { ...box, x: box.x + event.deltaX * perPixel, y: box.y + event.deltaY * perPixel };
  };

  private onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || !this.viewBox || (event.target as Element).closest(".graph-node, .graph-subgraph-toggle, .graph-subgraph.collapsed")) return;
    this.drag = { pointerId: event.pointerId, start: { x: event.clientX, y: event.clientY }, origin: this.viewBox, moved: false };
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  };

  private onPointerMove = (event: PointerEvent): void => {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const perPixel = drag.origin.width / (this.clientWidth || drag.origin.width);
    drag.moved = true;
    this.fitted = false;
    this.viewBox = {
      ...drag.origin,
      x: drag.origin.x - (event.clientX - drag.start.x) * perPixel,
      y: drag.origin.y - (event.clientY - drag.start.y) * perPixel,
    };
  };

  private onPointerUp = (event: PointerEvent): void => {
    if (this.drag?.pointerId === event.pointerId) this.drag = undefined;
  };

  private onNodeClick(node: PlacedNode): void {
    this.open(node.id);
  }

  private onNodeKeyDown(event: KeyboardEvent, node: PlacedNode): void {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.open(node.id);
    } else if (event.key === "F9" && node.kind === "node") {
      // F9 toggles a breakpoint, as on a line in the editor.
      event.preventDefault();
      this.toggleBreakpoint(node);
    }
  }

  private toggleSubgraph(subgraph: PlacedSubgraph, event: Event): void {
    event.stopPropagation();
    // Focus follows the subgraph's button into the new layout (DOM elements are reused by position).
    this.refocusToggle = this.contains(document.activeElement) && document.activeElement?.classList.contains("graph-subgraph-toggle") ? subgraph.id : undefined;
    this.dispatchEvent(
      new CustomEvent<SubgraphToggleDetail>("subgraph-toggle", { detail: { subgraphId: subgraph.id, collapsed: !subgraph.collapsed }, bubbles: true }),
    );
  }

  private onToggleKeyDown(event: KeyboardEvent, subgraph: PlacedSubgraph): void {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    this.toggleSubgraph(subgraph, event);
  }

  private toggleBreakpoint(node: PlacedNode): void {
    this.dispatchEvent(new CustomEvent<NodeOpenDetail>("node-breakpoint", { detail: { nodeId: breakpointName(node) }, bubbles: true }));
  }

  private open(nodeId: string): void {
    this.dispatchEvent(new CustomEvent<NodeOpenDetail>("node-open", { detail: { nodeId }, bubbles: true }));
  }

  protected override render(): SVGTemplateResult | undefined {
    const layout = this.layout;
    const box = this.viewBox;
    if (!layout || !box) return undefined;
    return svg`<svg
      class="graph ${this.drag?.moved ? "panning" : ""}"
      xmlns="http://www.w3.org/2000/svg"
      role="group"
      aria-label="Graph ${layout.graphId}"
      data-graph-id=${layout.graphId}
      viewBox="${box.x} ${box.y} ${box.width} ${box.height}"
      preserveAspectRatio="xMidYMid meet"
      @wheel=${this.onWheel}
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerUp}
    >
      <defs>
        <marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
          markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path class="graph-arrowhead" d="M 0 0 L 10 5 L 0 10 z"></path>
        </marker>
      </defs>
      <g class="graph-subgraphs">${layout.subgraphs.filter((subgraph) => !subgraph.collapsed).map((subgraph) => this.renderSubgraph(subgraph))}</g>
      <g class="graph-edges">${layout.edges.map((edge) => this.renderEdge(edge))}</g>
      <g class="graph-nodes">${layout.nodes.map((node) => this.renderNode(node))}${layout.subgraphs
        .filter((subgraph) => subgraph.collapsed)
        .map((subgraph) => this.renderCollapsed(subgraph))}</g>
    </svg>`;
  }

  private renderSubgraph(subgraph: PlacedSubgraph): SVGTemplateResult {
    // Nesting depth alternates the fill, so a cluster inside a cluster stands out.
    const depth = subgraph.id.split(":").length - 1;
    return svg`<g class="graph-subgraph" data-subgraph=${subgraph.id} data-depth=${depth} data-collapsed="false">
      <rect class="graph-subgraph-box" x=${subgraph.x} y=${subgraph.y} width=${subgraph.width}
        height=${subgraph.height} rx="6"></rect>
      ${this.renderToggle(subgraph)}
      <text class="graph-subgraph-label" x=${subgraph.labelAt.x} y=${subgraph.labelAt.y}>${subgraph.label}</text>
    </g>`;
  }

  /** A collapsed subgraph: one box in the nodes' layer, showing the state of what is inside. */
  private renderCollapsed(subgraph: PlacedSubgraph): SVGTemplateResult {
    const depth = subgraph.id.split(":").length - 1;
    const status = statusOf(subgraph.members, this.highlights);
    const badge = subgraph.countBadge;
    const description = describeCollapsed(subgraph, status);
    return svg`<g class="graph-subgraph collapsed ${status.join(" ")}" data-subgraph=${subgraph.id} data-depth=${depth}
      data-collapsed="true" data-node-count=${subgraph.nodeCount} role="group" aria-label=${description}
      @click=${(event: Event) => this.toggleSubgraph(subgraph, event)}>
      <title>${description}</title>
      <rect class="graph-subgraph-stack" x=${subgraph.x + 3} y=${subgraph.y + 3} width=${subgraph.width}
        height=${subgraph.height} rx="6"></rect>
      <rect class="graph-subgraph-box" x=${subgraph.x} y=${subgraph.y} width=${subgraph.width}
        height=${subgraph.height} rx="6"></rect>
      ${this.renderToggle(subgraph)}
      <text class="graph-subgraph-label" x=${subgraph.labelAt.x} y=${subgraph.labelAt.y}>${subgraph.label}</text>
      ${
        badge
          ? svg`<g class="graph-subgraph-count" aria-hidden="true">
            <rect class="graph-subgraph-count-box" x=${badge.x} y=${badge.y} width=${badge.width} height=${badge.height}
              rx=${badge.height / 2}></rect>
            <text class="graph-subgraph-count-text" x=${badge.x + badge.width / 2} y=${badge.y + badge.height / 2}>${badge.text}</text>
          </g>`
          : nothing
      }
      ${
        status.includes("has-breakpoint")
          ? svg`<circle class="graph-breakpoint" cx=${subgraph.x} cy=${subgraph.y + subgraph.height / 2} r="5" aria-hidden="true"></circle>`
          : nothing
      }
    </g>`;
  }

  private renderToggle(subgraph: PlacedSubgraph): SVGTemplateResult {
    const { toggle } = subgraph;
    const label = `${subgraph.collapsed ? "Expand" : "Collapse"} subgraph ${subgraph.label}`;
    return svg`<g class="graph-subgraph-toggle" data-subgraph=${subgraph.id} tabindex="0" role="button"
      aria-expanded=${String(!subgraph.collapsed)} aria-label=${label}
      @click=${(event: Event) => this.toggleSubgraph(subgraph, event)}
      @keydown=${(event: KeyboardEvent) => this.onToggleKeyDown(event, subgraph)}>
      <title>${label}</title>
      <rect class="graph-subgraph-toggle-box" x=${toggle.x} y=${toggle.y} width=${toggle.width} height=${toggle.height} rx="3"></rect>
      <text class="graph-subgraph-chevron" aria-hidden="true" x=${toggle.x + toggle.width / 2}
        y=${toggle.y + toggle.height / 2}>${subgraph.collapsed ? chevronRight : chevronDown}</text>
    </g>`;
  }

  private renderEdge(edge: PlacedEdge): SVGTemplateResult {
    const label = edge.label;
    return svg`<path
        class="graph-edge"
        data-source=${edge.source}
        data-target=${edge.target}
        data-conditional=${String(edge.conditional)}
        d=${pathData(edge.points)}
        marker-end="url(#graph-arrow)"
      ></path>
      ${
        label
          ? svg`<g class="graph-edge-label-group">
            <rect class="graph-edge-label-box" x=${label.x} y=${label.y} width=${label.width} height=${label.height} rx="3"></rect>
            <text class="graph-edge-label" x=${label.x + label.width / 2} y=${label.y + label.height / 2}>${label.text}</text>
          </g>`
          : undefined
      }`;
  }

  private renderNode(node: PlacedNode): SVGTemplateResult {
    const selected = node.id === this.selectedNodeId;
    const radius = node.kind === "node" ? 6 : node.height / 2;
    const { breakpoints } = this.highlights;
    const name = breakpointName(node);
    const state = statusOf([name], this.highlights).join(" ");
    return svg`<g
      class="graph-node ${selected ? "selected" : ""} ${state}"
      data-node-id=${node.id}
      data-kind=${node.kind}
      data-subgraph=${node.subgraph ?? nothing}
      data-selected=${String(selected)}
      transform="translate(${node.x} ${node.y})"
      tabindex="0"
      role="button"
      aria-pressed=${String(selected)}
      aria-label=${describeNode(node)}
      @click=${() => this.onNodeClick(node)}
      @keydown=${(event: KeyboardEvent) => this.onNodeKeyDown(event, node)}
    >
      <title>${describeNode(node)}</title>
      <rect class="graph-node-shape" width=${node.width} height=${node.height} rx=${radius}></rect>
      <text class="graph-node-label" x=${node.width / 2} y=${node.height / 2}>${node.name}</text>
      ${nodeCallsBadge(node.width, this.highlights.calls?.[node.id])}
      ${
        node.kind === "node"
          ? svg`<circle class="graph-breakpoint" cx="0" cy=${node.height / 2} r="5" role="button"
            aria-label=${`${breakpoints.includes(name) ? "Remove" : "Add"} breakpoint on ${node.name}`}
            @click=${(event: Event) => {
              event.stopPropagation();
              this.toggleBreakpoint(node);
            }}><title>Toggle breakpoint (F9)</title></circle>`
          : nothing
      }
    </g>`;
  }
}

/** Breakpoints name nodes as the adapter does: the node's id (`polish:tidy` inside a subgraph). */
function breakpointName(node: PlacedNode): string {
  return node.id;
}

function describeNode(node: PlacedNode): string {
  if (node.kind === "start") return "Start of the graph";
  if (node.kind === "end") return "End of the graph";
  return node.subgraph ? `Node ${node.name} in subgraph ${node.subgraph}` : `Node ${node.name}`;
}

const statusWords: Record<NodeStatus, string> = {
  ran: "ran into the position",
  next: "runs next",
  "has-breakpoint": "has a breakpoint",
  errored: "threw an error",
};

function describeCollapsed(subgraph: PlacedSubgraph, status: readonly NodeStatus[]): string {
  const count = `${subgraph.nodeCount} node${subgraph.nodeCount === 1 ? "" : "s"}`;
  const inside = status.map((word) => statusWords[word]);
  return `Subgraph ${subgraph.label}, collapsed, ${count}${inside.length ? `; inside: ${inside.join(", ")}` : ""}`;
}

function pathData(points: Point[]): string {
  return points.map((p, index) => `${index === 0 ? "M" : "L"} ${round(p.x)} ${round(p.y)}`).join(" ");
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

customElements.define("lg-graph-view", GraphView);

declare global {
  interface HTMLElementTagNameMap {
    "lg-graph-view": GraphView;
  }
  interface HTMLElementEventMap {
    "node-open": CustomEvent<NodeOpenDetail>;
    "node-breakpoint": CustomEvent<NodeOpenDetail>;
    "subgraph-toggle": CustomEvent<SubgraphToggleDetail>;
  }
}
