// Subgraphs as LangGraph sees them: a compiled graph used as a node (or declared with the
// node's `subgraphs` option) of another. Its checkpoints live in the parent thread under the
// checkpoint namespace `node:<task id>` (`outer:<id>|inner:<id>` when nested), and the user
// names its nodes `polish:tidy` (the graph view's xray ids), so both map to one path of node
// names from the top: ["polish", "tidy"].

import type { NodeInfo } from "../../protocol/engine";
import { findNodeSources, toNodeInfo } from "../nodeSources";
import { qualify } from "../../protocol/nodePaths";
import type { NodeFilter } from "./nodeFilter";

/** The part of a compiled graph (Pregel) the session reads and sets on subgraphs. */
export interface PregelLike {
  nodes?: Record<string, unknown>;
  interruptBefore?: unknown;
  interruptAfter?: unknown;
  getSubgraphs?: (namespace?: string, recurse?: boolean) => Iterable<[string, PregelLike]>;
}

export interface SubgraphInfo {
  /** Node names from the top graph down to this subgraph: ["polish"], ["outer", "inner"]. */
  path: string[];
  graph: PregelLike;
}

/** Every subgraph of `graph`, nested ones too, as LangGraph's own getSubgraphs lists them. */
export function listSubgraphs(graph: PregelLike): SubgraphInfo[] {
  if (typeof graph.getSubgraphs !== "function") return [];
  return [...graph.getSubgraphs(undefined, true)].map(([name, subgraph]) => ({ path: name.split("|"), graph: subgraph }));
}

/** A graph's own runnable nodes (not LangGraph's `__start__`). */
export function ownNodes(graph: PregelLike): string[] {
  return Object.keys(graph.nodes ?? {}).filter((name) => !name.startsWith("__"));
}

/**
 * Gives each subgraph our stop filters. LangGraph does not pass a call's interruptBefore /
 * interruptAfter down to subgraphs (each uses its own compiled lists), so the session sets the
 * subgraph's lists itself. The module was imported fresh for this session, so the objects are
 * this session's own.
 */
export function attachSubgraphFilters(subgraphs: readonly SubgraphInfo[], makeFilter: (paths: string[][], when: "before" | "after") => NodeFilter): void {
  // One compiled subgraph can serve several nodes: its filter answers for all of them.
  const pathsByGraph = new Map<PregelLike, string[][]>();
  for (const { path, graph } of subgraphs) pathsByGraph.set(graph, [...(pathsByGraph.get(graph) ?? []), path]);
  for (const [graph, paths] of pathsByGraph) {
    graph.interruptBefore = makeFilter(paths, "before");
    graph.interruptAfter = makeFilter(paths, "after");
  }
}

/**
 * The top graph's nodes followed by every subgraph's, named `polish:tidy`. A subgraph's nodes
 * are looked for in the file that defines the subgraph node (`polish` → polish.ts).
 */
export function withSubgraphNodes(moduleFile: string, top: NodeInfo[], subgraphs: readonly SubgraphInfo[]): NodeInfo[] {
  const nodes = [...top];
  for (const { path, graph } of [...subgraphs].sort((a, b) => a.path.length - b.path.length)) {
    const file = nodes.find((node) => node.name === path.join(":"))?.file ?? moduleFile;
    for (const found of findNodeSources(file, ownNodes(graph))) nodes.push({ ...toNodeInfo(found), name: qualify(path, found.name) });
  }
  return nodes;
}
