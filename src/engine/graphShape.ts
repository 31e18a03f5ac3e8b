// Turns LangGraph's drawable graph (getGraphAsync with xray) into the protocol's GraphShape.
// With xray, subgraph nodes are replaced by their inner nodes, named "subgraph:inner".
// Each node carries where its function is defined, so a view can open it without asking again,
// and the shape carries the input and context schemas when LangGraph can give them.

import type { GraphEdge, GraphNode, GraphShape } from "../protocol/engine";
import type { CompiledGraphLike } from "./graphLoader";
import { describeGraphSchemas } from "./graphSchemas";
import { findNodeSources } from "./nodeSources";

const START = "__start__";
const END = "__end__";

/** `moduleFile`: the module that exports the graph, searched for the nodes' functions. */
export async function describeGraph(graphId: string, graph: CompiledGraphLike, moduleFile: string): Promise<GraphShape> {
  const drawable = await graph.getGraphAsync({ xray: true });
  const nodes: GraphNode[] = Object.values(drawable.nodes).map((node) => toGraphNode(node.id, node.name));
  const runnable = nodes.filter((node) => node.kind === "node");
  findNodeSources(moduleFile, runnable.map((node) => node.name)).forEach((found, i) => {
    runnable[i]!.source = found.file && found.line ? { file: found.file, line: found.line } : { file: moduleFile, line: 1 };
  });
  const edges: GraphEdge[] = drawable.edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    conditional: Boolean(edge.conditional),
    ...(typeof edge.data === "string" && edge.data !== edge.target ? { label: edge.data } : {}),
  }));
  const subgraphs = [...new Set(nodes.flatMap((node) => (node.subgraph ? enclosingSubgraphs(node.subgraph) : [])))];
  subgraphs.sort((a, b) => a.split(":").length - b.split(":").length || a.localeCompare(b));
  const schemas = await describeGraphSchemas(graph, moduleFile);
  return { graphId, nodes, edges, subgraphs, ...schemas };
}

function toGraphNode(id: string, name: string): GraphNode {
  const separator = id.lastIndexOf(":");
  const subgraph = separator > 0 ? id.slice(0, separator) : undefined;
  const ownName = separator > 0 ? id.slice(separator + 1) : name;
  const kind = ownName === START ? "start" : ownName === END ? "end" : "node";
  return { id, name: ownName, kind, ...(subgraph ? { subgraph } : {}) };
}

/** "outer:inner" lies inside "outer": both clusters are drawn. */
function enclosingSubgraphs(subgraph: string): string[] {
  const parts = subgraph.split(":");
  return parts.map((_, index) => parts.slice(0, index + 1).join(":"));
}
