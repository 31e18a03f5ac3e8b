// GraphShape → positioned nodes, edges and subgraph clusters, laid out by elk (layered, top-down
// like LangGraph's own drawings). Pure apart from elk itself: text measurement is passed in, so
// the same code lays out in the webview and in a test.
// A collapsed subgraph is laid out as one box in place of its cluster: its nodes and nested
// subgraphs are left out, and the edges that went to or from them attach to the box, one per
// source and target.

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
  /** Drawn as a single box; what is inside it is not in the layout. */
  collapsed: boolean;
  /** Nodes inside, nested subgraphs included (START/END of a subgraph not counted). */
  nodeCount: number;
  /**
   * Ids whose state the subgraph shows when collapsed: its own (the parent graph's node that runs
   * it), its nested subgraphs' and every node inside.
   */
  members: string[];
  /** The expand/collapse button, in graph coordinates. */
  toggle: Box;
  /** Where the label's text starts (its vertical centre). */
  labelAt: Point;
  /** The count of nodes inside, shown on a collapsed box. */
  countBadge?: { text: string } & Box;
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

export interface LayoutOptions {
  /** Subgraphs drawn as one box. A subgraph nested in a collapsed one is hidden with it. */
  collapsed?: ReadonlySet<string>;
}

/**
 * Subgraphs collapsed until the user says otherwise: none for graphs that fit on a screen;
 * in a large graph the outermost ones, so it opens readable (and lays out quickly).
 */
export function defaultCollapsed(shape: GraphShape): Set<string> {
  if (shape.subgraphs.length === 0 || shape.nodes.length <= largeGraphNodes) return new Set();
  const subgraphIds = new Set(shape.subgraphs);
  return new Set(shape.subgraphs.filter((id) => !parentSubgraph(id, subgraphIds)));
}

/** More nodes than this and subgraphs start collapsed. */
export const largeGraphNodes = 40;

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
  /** The chevron before a subgraph's label. */
  toggleSize: 16,
  toggleGap: 4,
  badgeHeight: 16,
  badgePaddingX: 5,
  badgeGap: 8,
  margin: 16,
} as const;

const elk = new ELK();

export async function layoutGraph(shape: GraphShape, measure: MeasureText, options: LayoutOptions = {}): Promise<GraphLayout> {
  const m = layoutMetrics;
  const subgraphIds = new Set(shape.subgraphs);
  const parents = new Map(shape.subgraphs.map((id) => [id, parentSubgraph(id, subgraphIds)]));
  const hidden = collapsedOwners(shape.subgraphs, parents, options.collapsed);

  // A node whose id is also a subgraph's id is drawn as that subgraph's cluster, so edges to it
  // land on the cluster instead of on a second box with the same name.
  const nodes = shape.nodes.filter((node) => !subgraphIds.has(node.id) && !(node.subgraph && hidden.has(node.subgraph)));
  const knownIds = new Set([...shape.nodes.map((node) => node.id), ...subgraphIds]);
  const visibleSubgraphs = shape.subgraphs.filter((id) => !hidden.has(id) || hidden.get(id) === id);

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

  const contents = subgraphContents(shape, parents);
  const badges = new Map<string, { text: string; width: number }>();
  for (const id of visibleSubgraphs) {
    const label = lastSegment(id);
    const labelWidth = m.toggleSize + m.toggleGap + measure(label);
    if (hidden.get(id) === id) {
      // Collapsed: a leaf the size of a node, holding the chevron, the name and the count.
      const text = String(contents.get(id)!.nodeCount);
      const badgeWidth = Math.max(m.badgeHeight, Math.ceil(measure(text) * 0.85) + 2 * m.badgePaddingX);
      badges.set(id, { text, width: badgeWidth });
      elkNodes.set(id, {
        id,
        width: Math.max(m.nodeMinWidth, Math.ceil(labelWidth + m.badgeGap + badgeWidth) + 2 * m.nodePaddingX),
        height: m.nodeHeight,
      });
      continue;
    }
    elkNodes.set(id, {
      id,
      labels: [{ text: label, width: labelWidth, height: m.clusterLabelHeight }],
      layoutOptions: {
        "elk.padding": `[top=${m.clusterLabelHeight + m.clusterPadding},left=${m.clusterPadding},bottom=${m.clusterPadding},right=${m.clusterPadding}]`,
        "elk.nodeLabels.placement": "[H_LEFT, V_TOP, INSIDE]",
        "elk.nodeSize.constraints": "[NODE_LABELS, MINIMUM_SIZE]",
        "elk.nodeSize.minimum": `(${labelWidth + 2 * m.clusterPadding}, 40)`,
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
      ...(terminal && !node.subgraph ? { layoutOptions: { "elk.layered.layering.layerConstraint": node.kind === "start" ? "FIRST" : "LAST" } } : {}),
    });
  }
  for (const id of visibleSubgraphs) attach(elkNodes, root, id, parents.get(id));
  for (const node of nodes) attach(elkNodes, root, node.id, node.subgraph);

  const drawnEdges = routedEdges(shape, knownIds, hidden.size === 0 ? undefined : drawnAsBox(shape, subgraphIds, hidden));
  root.edges = drawnEdges.map((edge, index): ElkExtendedEdge => ({
    id: `e${index}`,
    sources: [edge.source],
    targets: [edge.target],
    labels: edge.label ? [{ text: edge.label, width: measure(edge.label) + 8, height: m.edgeLabelHeight }] : [],
  }));

  const laidOut = await elk.layout(root);

  const placed = new Map<string, ElkNode>();
  collect(laidOut, placed);

  const nodesOut: PlacedNode[] = nodes.map((node) => ({ ...node, ...box(placed.get(node.id)) }));
  const subgraphsOut: PlacedSubgraph[] = visibleSubgraphs.map((id) => {
    const { nodeCount, members } = contents.get(id)!;
    const parent = parents.get(id);
    return {
      id,
      label: lastSegment(id),
      ...(parent ? { parent } : {}),
      collapsed: hidden.get(id) === id,
      nodeCount,
      members,
      ...box(placed.get(id)),
      toggle: { x: 0, y: 0, width: m.toggleSize, height: m.toggleSize },
      labelAt: { x: 0, y: 0 },
    };
  });
  tightenClusters(subgraphsOut, nodesOut, measure);
  for (const subgraph of subgraphsOut) placeHeader(subgraph, badges.get(subgraph.id));
  const edgesOut: PlacedEdge[] = (laidOut.edges ?? []).map((elkEdge, index) => {
    const edge = drawnEdges[index]!;
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
 * For each subgraph hidden by a collapse, the collapsed subgraph drawn in its place: the
 * outermost collapsed one among itself and its ancestors. Subgraphs not listed are drawn as usual.
 */
function collapsedOwners(
  subgraphs: readonly string[],
  parents: ReadonlyMap<string, string | undefined>,
  collapsed: ReadonlySet<string> | undefined,
): Map<string, string> {
  const owners = new Map<string, string>();
  if (!collapsed?.size) return owners;
  const ownerOf = (id: string): string | undefined => {
    const parent = parents.get(id);
    const outer = parent ? ownerOf(parent) : undefined;
    return outer ?? (collapsed.has(id) ? id : undefined);
  };
  for (const id of subgraphs) {
    const owner = ownerOf(id);
    if (owner) owners.set(id, owner);
  }
  return owners;
}

/** Each subgraph's count of nodes and the ids it stands for when collapsed. */
function subgraphContents(shape: GraphShape, parents: ReadonlyMap<string, string | undefined>): Map<string, { nodeCount: number; members: string[] }> {
  const contents = new Map(shape.subgraphs.map((id) => [id, { nodeCount: 0, members: [id] }]));
  const addToAncestors = (subgraph: string | undefined, id: string, counted: boolean) => {
    for (let at = subgraph; at; at = parents.get(at)) {
      const entry = contents.get(at);
      if (!entry) break;
      entry.members.push(id);
      if (counted) entry.nodeCount++;
    }
  };
  for (const id of shape.subgraphs) addToAncestors(parents.get(id), id, false);
  for (const node of shape.nodes) {
    if (contents.has(node.id)) continue;
    addToAncestors(node.subgraph, node.id, node.kind === "node");
  }
  return contents;
}

/** What an id (a node's or a subgraph's) is drawn as: itself, or the collapsed subgraph it is hidden in. */
function drawnAsBox(shape: GraphShape, subgraphIds: ReadonlySet<string>, hidden: ReadonlyMap<string, string>): (id: string) => string {
  const subgraphOf = new Map(shape.nodes.map((node) => [node.id, node.subgraph]));
  return (id) => {
    const subgraph = subgraphIds.has(id) ? id : subgraphOf.get(id);
    return (subgraph && hidden.get(subgraph)) || id;
  };
}

interface DrawnEdge {
  source: string;
  target: string;
  conditional: boolean;
  label?: string;
}

/**
 * The edges to draw. With collapsed subgraphs (`drawnAs` given), an edge to or from a hidden
 * node goes to its collapsed box instead; edges inside one box are dropped, and edges that now
 * join the same two boxes are drawn once: conditional only when every one of them is, labelled
 * only when they all say the same.
 */
function routedEdges(shape: GraphShape, knownIds: ReadonlySet<string>, drawnAs: ((id: string) => string) | undefined): DrawnEdge[] {
  const known = shape.edges.filter((edge) => knownIds.has(edge.source) && knownIds.has(edge.target));
  if (!drawnAs) return known.map((edge) => ({ source: edge.source, target: edge.target, conditional: edge.conditional, label: edgeLabel(edge) }));
  const byEnds = new Map<string, DrawnEdge & { labels: Set<string | undefined> }>();
  for (const edge of known) {
    const source = drawnAs(edge.source);
    const target = drawnAs(edge.target);
    const rerouted = source !== edge.source || target !== edge.target;
    if (rerouted && source === target) continue;
    const label = edgeLabel(edge);
    const key = `${source}\u0000${target}`;
    const seen = byEnds.get(key);
    if (seen) {
      seen.conditional &&= edge.conditional;
      seen.labels.add(label);
    } else {
      byEnds.set(key, { source, target, conditional: edge.conditional, labels: new Set([label]) });
    }
  }
  return [...byEnds.values()].map(({ labels, ...edge }) => {
    const [label] = labels;
    // A label naming the box it now points at says nothing either.
    return labels.size === 1 && label && label !== lastSegment(edge.target) ? { ...edge, label } : edge;
  });
}

/** The chevron, label and (collapsed) count badge of a subgraph, from its final box. */
function placeHeader(subgraph: PlacedSubgraph, badge: { text: string; width: number } | undefined): void {
  const m = layoutMetrics;
  if (subgraph.collapsed) {
    const middle = subgraph.y + subgraph.height / 2;
    subgraph.toggle = { x: subgraph.x + m.nodePaddingX / 2, y: middle - m.toggleSize / 2, width: m.toggleSize, height: m.toggleSize };
    subgraph.labelAt = { x: subgraph.toggle.x + m.toggleSize + m.toggleGap, y: middle };
    if (badge) {
      subgraph.countBadge = {
        text: badge.text,
        x: subgraph.x + subgraph.width - m.nodePaddingX / 2 - badge.width,
        y: middle - m.badgeHeight / 2,
        width: badge.width,
        height: m.badgeHeight,
      };
    }
    return;
  }
  const middle = subgraph.y + 4 + m.toggleSize / 2;
  subgraph.toggle = { x: subgraph.x + 4, y: middle - m.toggleSize / 2, width: m.toggleSize, height: m.toggleSize };
  subgraph.labelAt = { x: subgraph.toggle.x + m.toggleSize + m.toggleGap, y: middle };
}

/**
 * elk reserves room inside a cluster for the dummies of edges that cross its border, which
 * leaves empty bands at its top and left. Shrink each cluster (innermost first) to its contents
 * plus padding; edges still cross the border where elk routed them.
 */
function tightenClusters(subgraphs: PlacedSubgraph[], nodes: PlacedNode[], measure: MeasureText): void {
  const m = layoutMetrics;
  for (const cluster of [...subgraphs].reverse()) {
    const contents: Box[] = [...nodes.filter((node) => node.subgraph === cluster.id), ...subgraphs.filter((inner) => inner.parent === cluster.id)];
    if (cluster.collapsed || contents.length === 0) continue;
    const left = Math.min(...contents.map((box) => box.x)) - m.clusterPadding;
    const top = Math.min(...contents.map((box) => box.y)) - m.clusterPadding - m.clusterLabelHeight;
    const right =
      Math.max(...contents.map((box) => box.x + box.width), left + m.toggleSize + m.toggleGap + measure(cluster.label) + m.clusterPadding) + m.clusterPadding;
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
