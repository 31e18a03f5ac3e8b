// Types-only contract between the extension host and the engine process (JSON-RPC over IPC).
// Both ends import it; it holds no runtime code, so it may be imported from anywhere.
// Methods are named `scope/verb`; every one is a request with a reply. Console output of
// user code travels on the engine's stdout/stderr, not over RPC.

/** A graph named in langgraph.json (`"graphs": { "agent": "./src/agent.ts:graph" }`). */
export interface GraphSummary {
  graphId: string;
  /** The spec exactly as written in langgraph.json. */
  spec: string;
  /** Absolute path of the module that exports the graph. */
  file: string;
  /** Export name; `default` when the spec names none. */
  exportName: string;
}

export type GraphNodeKind = "start" | "end" | "node";

/** A node as `getGraphAsync({ xray: true })` reports it; subgraph nodes carry their parent's id. */
export interface GraphNode {
  /** LangGraph's node id: `agent`, or `subgraph:inner` for a node inside a subgraph. */
  id: string;
  /** The node's own name, without the subgraph prefix. */
  name: string;
  kind: GraphNodeKind;
  /** Id of the subgraph (a node of the parent graph) this node belongs to, if any. */
  subgraph?: string;
}

export interface GraphEdge {
  source: string;
  target: string;
  conditional: boolean;
  label?: string;
}

export interface GraphShape {
  graphId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Subgraphs expanded by xray, outermost first (nested ones as `outer:inner`). */
  subgraphs: string[];
}

/** Stable codes for every error a user can meet at the engine boundary. */
export type EngineErrorCode =
  | "configNotFound"
  | "configInvalid"
  | "graphNotFound"
  | "moduleNotFound"
  | "moduleFailed"
  | "exportNotFound"
  | "exportNotGraph"
  | "internal";

/** `data` of a JSON-RPC error the engine returns: what happened, where, and what to do. */
export interface EngineErrorData {
  code: EngineErrorCode;
  /** The file the user should look at, when there is one. */
  file?: string;
  /** What to do about it, written for the user. */
  hint?: string;
}

export interface EngineRequests {
  /** Read langgraph.json (or the given config file) and list its graphs. */
  "graphs/list": {
    params: { configFile: string };
    result: { configFile: string; graphs: GraphSummary[] };
  };
  /** Load one graph (importing the user's module) and describe its nodes and edges. */
  "graphs/shape": {
    params: { configFile: string; graphId: string };
    result: GraphShape;
  };
}

export type EngineMethod = keyof EngineRequests;
export type EngineParams<M extends EngineMethod> = EngineRequests[M]["params"];
export type EngineResult<M extends EngineMethod> = EngineRequests[M]["result"];
