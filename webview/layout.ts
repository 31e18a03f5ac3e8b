// GraphShape → positioned nodes, edges and subgraph clusters, laid out by elk (layered, top-down
// like LangGraph's own drawings). Pure apart from elk itself: text measurement is passed in, so
// the same code lays out in the webview and in a test.

import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { GraphEdge, GraphNodeKind, GraphShape } from "../src/protocol/engine";

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  id: string;
  name: string;
  kind: GraphNodeKind;
  subgraph?: string;
}

export interface PlacedEdge {
  source: string;
  target: string;
  conditional: boolean;
  /** Start, bends, end, in graph coordinates. */
  points: Point[];
  label?: { text: string } & Box;
}

export interface PlacedSubgraph extends Box {
  id: string;
  /** The last segment of the id: `inner` for `outer:inner`. */
  label: string;
  /** Enclosing subgraph, for nested ones. */
  parent?: string;
}

export interface GraphLayout {
  graphId: string;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Outermost first, so drawing in order puts inner clusters on top. */
  subgraphs: PlacedSubgraph[];
}

/** Width in px of a label in the font the view draws with. */
export type MeasureText = (text: string) => number;

/** Sizes shared with the drawing code (graphView.ts) so shapes and layout agree. */
export const layoutMetrics = {
  nodeHeight: 36,
  nodePaddingX: 18,
  nodeMinWidth: 72,
  /** Start/end are drawn as compact pills. */
  terminalHeight: 28,
  edgeLabelHeight: 16,
  clusterLabelHeight: 18,
  clusterPadding: 14,
  margin: 16,
} as const;

const elk = new ELK();

export async function layoutGraph(shape: GraphShape, measure: MeasureText): Promise<GraphLayout> {
  const m = layoutMetrics;
  const subgraphIds = new Set(shape.subgraphs);

  // A node whose id is also a subgraph's id is drawn as that subgraph's cluster, so edges to it
  // land on the cluster instead of on a second box with the same name.
  const nodes = shape.nodes.filter((node) => !subgraphIds.has(node.id));
  const knownIds = new Set([...nodes.map((node) => node.id), ...subgraphIds]);

  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: "__root__",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
      "elk.padding": `[top=${m.margin},left=${m.margin},bottom=${m.margin},right=${m.margin}]`,
      "elk.spacing.nodeNode": "28",
      "elk.layered.spacing.nodeNodeBetweenLayers": "44",
      "elk.spacing.edgeNode": "18",
      "elk.spacing.edgeEdge": "12",
      "elk.layered.spacing.edgeNodeBetweenLayers": "18",
      "elk.edgeLabels.inline": "false",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.nodePlacement.bk.fixedAlignment": "BALANCED",
      // Loops are broken by walking from __start__, so the graph reads top-down in run order
      // (a conditional edge back to an earlier node points up) instead of however elk guesses.
      "elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      // ...and such an edge goes round the side, not squeezed beside the forward edge.
      "elk.layered.feedbackEdges": "true",
    },
    children: [],
    edges: [],
  };

  for (const id of shape.subgraphs) {
    const label = lastSegment(id);
    elkNodes.set(id, {
      id,
      labels: [{ text: label, width: measure(label), height: m.clusterLabelHeight }],
      layoutOptions: {
        "elk.padding": `[top=${m.clusterLabelHeight + m.clusterPadding},left=${m.clusterPadding},bottom=${m.clusterPadding},right=${m.clusterPadding}]`,
        "elk.nodeLabels.placement": "[H_LEFT, V_TOP, INSIDE]",
        "elk.nodeSize.constraints": "[NODE_LABELS, MINIMUM_SIZE]",
        "elk.nodeSize.minimum": `(${measure(label) + 2 * m.clusterPadding}, 40)`,
      },
      children: [],
    });
  }
  for (const node of nodes) {
    const terminal = node.kind !== "node";
    elkNodes.set(node.id, {
      id: node.id,
      width: Math.max(m.nodeMinWidth, Math.ceil(measure(node.name)) + 2 * m.nodePaddingX),
      height: terminal ? m.terminalHeight : m.nodeHeight,
      // The graph's own entry and exit sit on the first and last rows.
      ...(terminal && !node.subgraph
        ? { layoutOptions: { "elk.layered.layering.layerConstraint": node.kind === "start" ? "FIRST" : "LAST" } }
        : {}),
    });
  }
  for (const id of shape.subgraphs) attach(elkNodes, root, id, parentSubgraph(id, subgraphIds));
  for (const node of nodes) attach(elkNodes, root, node.id, node.subgraph);

  const drawnEdges = shape.edges.filter((edge) => knownIds.has(edge.source) && knownIds.has(edge.target));
  root.edges = drawnEdges.map((edge, index): ElkExtendedEdge => ({
    id: `e${index}`,
    sources: [edge.source],
    targets: [edge.target],
    labels: edgeLabel(edge) ? [{ text: edgeLabel(edge), width: measure(edgeLabel(edge)!) + 8, height: m.edgeLabelHeight }] : [],
  }));

  const laidOut = await elk.layout(root);

  const placed = new Map<string, ElkNode>();
  collect(laidOut, placed);

  const nodesOut: PlacedNode[] = nodes.map((node) => ({ ...node, ...box(placed.get(node.id)) }));
  const subgraphsOut: PlacedSubgraph[] = shape.subgraphs.map((id) => ({
    id,
    label: lastSegment(id),
    parent: parentSubgraph(id, subgraphIds),
    ...box(placed.get(id)),
  }));
  tightenClusters(subgraphsOut, nodesOut, measure);
  const edgesOut: PlacedEdge[] = (laidOut.edges ?? []).map((elkEdge, index) => {
    const edge = drawnEdges[index];
    const points: Point[] = [];
    for (const section of elkEdge.sections ?? []) {
      points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
    }
    const label = elkEdge.labels?.[0];
    return {
      source: edge.source,
      target: edge.target,
      conditional: edge.conditional,
      points: points.map(point),
      label: label?.text ? { text: label.text, ...box(label) } : undefined,
    };
  });

  return {
    graphId: shape.graphId,
    width: laidOut.width ?? 0,
    height: laidOut.height ?? 0,
    nodes: nodesOut,
    edges: edgesOut,
    subgraphs: subgraphsOut,
  };
}

/**
 * elk reserves room inside a cluster for the dummies of edges that cross its border, which
 * leaves empty bands at its top and left. Shrink each cluster (innermost first) to its contents
 * plus padding; edges still cross the border where elk routed them.
 */
function tightenClusters(subgraphs: PlacedSubgraph[], nodes: PlacedNode[], measure: MeasureText): void {
  const m = layoutMetrics;
  for (const cluster of [...subgraphs].reverse()) {
    const contents: Box[] = [
      ...nodes.filter((node) => node.subgraph === cluster.id),
      ...subgraphs.filter((inner) => inner.parent === cluster.id),
    ];
    if (contents.length === 0) continue;
    const left = Math.min(...contents.map((box) => box.x)) - m.clusterPadding;
    const top = Math.min(...contents.map((box) => box.y)) - m.clusterPadding - m.clusterLabelHeight;
    const right = Math.max(...contents.map((box) => box.x + box.width), left + measure(cluster.label) + m.clusterPadding) + m.clusterPadding;
    const bottom = Math.max(...contents.map((box) => box.y + box.height)) + m.clusterPadding;
    const x = Math.max(cluster.x, left);
    const y = Math.max(cluster.y, top);
    cluster.width = Math.min(cluster.x + cluster.width, right) - x;
    cluster.height = Math.min(cluster.y + cluster.height, bottom) - y;
    cluster.x = x;
    cluster.y = y;
  }
}

/** Only labels that say something the target's name does not (LangGraph repeats it otherwise). */
function edgeLabel(edge: GraphEdge): string | undefined {
  if (!edge.label || edge.label === edge.target || edge.label === lastSegment(edge.target)) return undefined;
  return edge.label;
}

function attach(elkNodes: Map<string, ElkNode>, root: ElkNode, id: string, parentId: string | undefined): void {
  const node = elkNodes.get(id)!;
  const parent = (parentId && elkNodes.get(parentId)) || root;
  parent.children!.push(node);
}

/** The longest other subgraph id that prefixes this one: `outer` for `outer:inner`. */
function parentSubgraph(id: string, subgraphIds: Set<string>): string | undefined {
  let best: string | undefined;
  for (const candidate of subgraphIds) {
    if (candidate !== id && id.startsWith(`${candidate}:`) && (!best || candidate.length > best.length)) best = candidate;
  }
  return best;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf(":") + 1);
}

function collect(node: ElkNode, into: Map<string, ElkNode>): void {
  for (const child of node.children ?? []) {
    into.set(child.id, child);
    collect(child, into);
  }
}

function box(shape: { x?: number; y?: number; width?: number; height?: number } | undefined): Box {
  return { x: shape?.x ?? 0, y: shape?.y ?? 0, width: shape?.width ?? 0, height: shape?.height ?? 0 };
}

function point(p: ElkPoint): Point {
  return { x: p.x, y: p.y };
}
