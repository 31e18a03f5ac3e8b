// Node breakpoints: function breakpoints named after nodes. `call_model` or `before:call_model`
// stops before the node runs; `after:call_model` stops once its superstep has written. A node
// inside a subgraph is named as the graph view names it: `polish:tidy`. Conditions
// are sandboxed expressions over the state at the stop; hit conditions count stops that match.

import type { NodeBreakpointSpec, NodeBreakpointState } from "../../protocol/engine";

export type BreakWhen = "before" | "after";

export interface NodeBreakpoint {
  id: number;
  node: string;
  when: BreakWhen;
  condition?: string;
  hitCondition?: HitCondition;
  hits: number;
}

type HitCondition = { op: ">=" | ">" | "==" | "%"; count: number };

const PREFIX = /^(before|after):(.+)$/;
const HIT = /^\s*(>=|>|==|%)?\s*(\d+)\s*$/;

/** Parses the specs against the graph's node names; unknown names come back unverified with why. */
export function parseBreakpoints(specs: NodeBreakpointSpec[], nodeNames: readonly string[]): { active: NodeBreakpoint[]; states: NodeBreakpointState[] } {
  const active: NodeBreakpoint[] = [];
  const states: NodeBreakpointState[] = [];
  for (const spec of specs) {
    const name = spec.name.trim();
    const prefixed = PREFIX.exec(name);
    const when: BreakWhen = prefixed?.[1] === "after" ? "after" : "before";
    const node = prefixed ? prefixed[2]!.trim() : name;
    if (!nodeNames.includes(node)) {
      states.push({
        id: spec.id,
        verified: false,
        message: `The graph has no node "${node}" (its nodes: ${nodeNames.join(", ")}). Use "<node>" to stop before it or "after:<node>" to stop after it.`,
      });
      continue;
    }
    let hitCondition: HitCondition | undefined;
    if (spec.hitCondition?.trim()) {
      const match = HIT.exec(spec.hitCondition);
      if (!match) {
        states.push({
          id: spec.id,
          verified: false,
          node,
          when,
          message: `Hit count "${spec.hitCondition}" is not understood: use 5, >= 5, > 5, == 5 or % 5.`,
        });
        continue;
      }
      hitCondition = { op: (match[1] as HitCondition["op"] | undefined) ?? ">=", count: Number(match[2]) };
    }
    active.push({ id: spec.id, node, when, condition: spec.condition?.trim() || undefined, hitCondition, hits: 0 });
    states.push({ id: spec.id, verified: true, node, when });
  }
  return { active, states };
}

/** Counts a hit and says whether the hit condition lets it stop. */
export function countHit(breakpoint: NodeBreakpoint): boolean {
  breakpoint.hits += 1;
  const condition = breakpoint.hitCondition;
  if (!condition) return true;
  switch (condition.op) {
    case ">=":
      return breakpoint.hits >= condition.count;
    case ">":
      return breakpoint.hits > condition.count;
    case "==":
      return breakpoint.hits === condition.count;
    case "%":
      return condition.count > 0 && breakpoint.hits % condition.count === 0;
  }
}
