// Turns LangGraph's drawable graph (getGraphAsync with xray, or a server's graph API) into the protocol's GraphShape.
// With xray, subgraph nodes are replaced by their inner nodes, named "subgraph:inner".
// Each node carries where it is added and where its function is defined, so a view can open
// either without asking again, and the shape carries the input and context schemas when
// LangGraph can give them.

import type { GraphEdge, GraphNode, GraphShape } from "../protocol/engine";
import type { CompiledGraphLike, DrawableGraphLike } from "./graphLoader";
import { describeGraphSchemas } from "./graphSchemas";
import { findNodeSources } from "./nodeSources";

const START = "__start__";
const END = "__end__";

/** `moduleFile`: the module that exports the graph, searched for the nodes' functions. */
export async function describeGraph(graphId: string, graph: CompiledGraphLike, moduleFile: string): Promise<GraphShape> {
  const shape = shapeOfDrawable(graphId, await graph.getGraphAsync({ xray: true }));
  const fileOf = subgraphFiles(moduleFile);
  for (const node of shape.nodes) {
    if (node.kind !== "node") continue;
    const [found] = findNodeSources(fileOf(node.subgraph), [node.name]);
    if (found?.addedAt) node.addedAt = found.addedAt;
    if (found?.definedAt) node.definedAt = found.definedAt;
  }
  const schemas = await describeGraphSchemas(graph, moduleFile);
  return { ...shape, ...schemas };
}

/**
 * The nodes, edges and subgraphs of a drawable graph (xray: subgraph nodes named `outer:inner`),
 * wherever it was drawn: by the user's graph here, or by a LangGraph server's graph API.
 */
export function shapeOfDrawable(graphId: string, drawable: DrawableGraphLike): GraphShape {
  const nodes: GraphNode[] = Object.values(drawable.nodes).map((node) => toGraphNode(node.id, node.name));
  const edges: GraphEdge[] = drawable.edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    conditional: Boolean(edge.conditional),
    ...(typeof edge.data === "string" && edge.data !== edge.target ? { label: edge.data } : {}),
  }));
  const subgraphs = [...new Set(nodes.flatMap((node) => (node.subgraph ? enclosingSubgraphs(node.subgraph) : [])))];
  subgraphs.sort((a, b) => a.split(":").length - b.split(":").length || a.localeCompare(b));
  return { graphId, nodes, edges, subgraphs };
}

function toGraphNode(id: string, name: string): GraphNode {
  const separator = id.lastIndexOf(":");
  const subgraph = separator > 0 ? id.slice(0, separator) : undefined;
  const ownName = separator > 0 ? id.slice(separator + 1) : name;
  const kind = ownName === START ? "start" : ownName === END ? "end" : "node";
  return { id, name: ownName, kind, ...(subgraph ? { subgraph } : {}) };
}

/**
 * The file whose addNode calls build a subgraph's nodes: where the subgraph is defined (`polish`
 * → polish.ts), found from its parent graph's file; the graph module for the top graph.
 */
function subgraphFiles(moduleFile: string): (subgraph: string | undefined) => string {
  const files = new Map<string, string>();
  const fileOf = (subgraph: string | undefined): string => {
    if (!subgraph) return moduleFile;
    let file = files.get(subgraph);
    if (file === undefined) {
      const separator = subgraph.lastIndexOf(":");
      const parentFile = fileOf(separator > 0 ? subgraph.slice(0, separator) : undefined);
      file = findNodeSources(parentFile, [subgraph.slice(separator + 1)])[0]?.definedAt?.file ?? parentFile;
      files.set(subgraph, file);
    }
    return file;
  };
  return fileOf;
}

/** "outer:inner" lies inside "outer": both clusters are drawn. */
function enclosingSubgraphs(subgraph: string): string[] {
  const parts = subgraph.split(":");
  return parts.map((_, index) => parts.slice(0, index + 1).join(":"));
}
