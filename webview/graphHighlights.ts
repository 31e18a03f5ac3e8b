// What the debugger view adds to the drawing of the graph (graphView.ts): where the debug
// session stands, where it stops, and what each node's recorded calls add up to.

import type { CallTotalsView } from "../src/protocol/engine";

/** What the debug session adds to the drawing: where it stands and where it stops. */
export interface GraphHighlights {
  /** Nodes whose writes made the position's checkpoint. */
  ran: readonly string[];
  /** Nodes the next superstep runs. */
  next: readonly string[];
  /** Node names with a function breakpoint. */
  breakpoints: readonly string[];
  /** Nodes that threw at the position (the session stopped on a node error). */
  errored?: readonly string[];
  /** The recorded calls of the thread shown, by node: a badge on each node that made some. */
  calls?: Readonly<Record<string, CallTotalsView>>;
}

/** The classes a node (or a collapsed subgraph) gets for the session's state. */
export type NodeStatus = "ran" | "next" | "has-breakpoint" | "errored";

/**
 * The state shown on a node, or on a collapsed subgraph for everything inside it (its
 * `members`): a status holds when it holds for any of the ids.
 */
export function statusOf(ids: readonly string[], highlights: GraphHighlights): NodeStatus[] {
  const any = (list: readonly string[] | undefined) => !!list?.length && ids.some((id) => list.includes(id));
  const status: NodeStatus[] = [];
  if (any(highlights.ran)) status.push("ran");
  if (any(highlights.next)) status.push("next");
  if (any(highlights.breakpoints)) status.push("has-breakpoint");
  if (any(highlights.errored)) status.push("errored");
  return status;
}
