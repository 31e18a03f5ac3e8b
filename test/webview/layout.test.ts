// The elk layout on shapes the examples do not cover: nested subgraphs, a subgraph that is
// also listed as a node, and subgraphs collapsed into one box. Runs in Node (elk needs no DOM); text is measured at 7 px a character.

import { describe, expect, it } from "vitest";
import type { GraphShape } from "../../src/protocol/engine";
import { statusOf } from "../../webview/graphHighlights";
import { defaultCollapsed, largeGraphNodes, layoutGraph, layoutMetrics } from "../../webview/layout";
import type { Box, GraphLayout } from "../../webview/layout";

const measure = (text: string) => text.length * 7;

const nested: GraphShape = {
  graphId: "nested",
  nodes: [
    { id: "__start__", name: "__start__", kind: "start" },
    { id: "plan", name: "plan", kind: "node" },
    { id: "outer", name: "outer", kind: "node" },
    { id: "outer:gather", name: "gather", kind: "node", subgraph: "outer" },
    { id: "outer:inner:think", name: "think", kind: "node", subgraph: "outer:inner" },
    { id: "outer:inner:act", name: "act", kind: "node", subgraph: "outer:inner" },
    { id: "answer", name: "answer", kind: "node" },
    { id: "__end__", name: "__end__", kind: "end" },
  ],
  edges: [
    { source: "__start__", target: "plan", conditional: false },
    { source: "plan", target: "outer:gather", conditional: false },
    { source: "outer:gather", target: "outer:inner:think", conditional: false },
    { source: "outer:inner:think", target: "outer:inner:act", conditional: true, label: "use tool" },
    { source: "outer:inner:act", target: "outer:inner:think", conditional: false },
    { source: "outer:inner:think", target: "answer", conditional: true },
    { source: "answer", target: "plan", conditional: true },
    { source: "answer", target: "__end__", conditional: true },
  ],
  subgraphs: ["outer", "outer:inner"],
};

function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x - 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe("layoutGraph", () => {
  let layout: GraphLayout;

  it("lays out nested subgraphs as clusters inside clusters", async () => {
    layout = await layoutGraph(nested, measure);
    const outer = layout.subgraphs.find((cluster) => cluster.id === "outer")!;
    const inner = layout.subgraphs.find((cluster) => cluster.id === "outer:inner")!;
    expect(inner.parent).toBe("outer");
    expect(inner.label).toBe("inner");
    expect(contains(outer, inner)).toBe(true);
    for (const node of layout.nodes) {
      const cluster = layout.subgraphs.find((candidate) => candidate.id === node.subgraph);
      if (cluster) expect(contains(cluster, node), node.id).toBe(true);
      else
        expect(
          layout.subgraphs.some((candidate) => contains(candidate, node)),
          node.id,
        ).toBe(false);
    }
    expect(contains({ x: 0, y: 0, width: layout.width, height: layout.height }, outer)).toBe(true);
  });

  it("draws a subgraph listed as a node once, as its cluster", () => {
    expect(layout.nodes.map((node) => node.id)).not.toContain("outer");
  });

  it("keeps nodes apart, START above END, and gives every edge a route", () => {
    for (const [index, a] of layout.nodes.entries()) {
      for (const b of layout.nodes.slice(index + 1)) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
    }
    const start = layout.nodes.find((node) => node.kind === "start")!;
    const end = layout.nodes.find((node) => node.kind === "end")!;
    expect(start.y + start.height).toBeLessThanOrEqual(Math.min(...layout.nodes.filter((n) => n !== start).map((n) => n.y)));
    expect(end.y).toBeGreaterThanOrEqual(Math.max(...layout.nodes.filter((n) => n !== end).map((n) => n.y + n.height)));
    expect(layout.edges).toHaveLength(nested.edges.length);
    for (const edge of layout.edges) expect(edge.points.length, `${edge.source} → ${edge.target}`).toBeGreaterThanOrEqual(2);
    expect(layout.edges.filter((edge) => edge.label).map((edge) => edge.label!.text)).toEqual(["use tool"]);
  });
});

describe("layoutGraph with collapsed subgraphs", () => {
  const edges = (layout: GraphLayout) => layout.edges.map((edge) => `${edge.source} ${edge.conditional ? "-?->" : "--->"} ${edge.target}`).sort();

  it("draws a collapsed subgraph as one box, its nested subgraph and nodes hidden with it", async () => {
    const layout = await layoutGraph(nested, measure, { collapsed: new Set(["outer"]) });
    expect(layout.nodes.map((node) => node.id).sort()).toEqual(["__end__", "__start__", "answer", "plan"]);
    expect(layout.subgraphs.map((subgraph) => subgraph.id)).toEqual(["outer"]);
    const box = layout.subgraphs[0]!;
    expect(box.collapsed).toBe(true);
    expect(box.nodeCount).toBe(3);
    expect(box.members.sort()).toEqual(["outer", "outer:gather", "outer:inner", "outer:inner:act", "outer:inner:think"]);
    expect(box.countBadge?.text).toBe("3");
    // A node-sized box that holds its chevron, name and count, apart from the other nodes.
    expect(box.height).toBe(layoutMetrics.nodeHeight);
    expect(contains(box, box.toggle)).toBe(true);
    expect(contains(box, box.countBadge!)).toBe(true);
    expect(box.countBadge!.x).toBeGreaterThanOrEqual(box.labelAt.x + measure(box.label));
    for (const node of layout.nodes) expect(overlaps(node, box), node.id).toBe(false);
  });

  it("reroutes the edges of hidden nodes to the box and drops those inside it", async () => {
    const layout = await layoutGraph(nested, measure, { collapsed: new Set(["outer"]) });
    expect(edges(layout)).toEqual(["__start__ ---> plan", "answer -?-> __end__", "answer -?-> plan", "outer -?-> answer", "plan ---> outer"]);
    // The label of an edge inside the box goes with it.
    expect(layout.edges.filter((edge) => edge.label)).toEqual([]);
    const box = layout.subgraphs[0]!;
    const near = (a: { x: number; y: number }, b: Box) => a.x >= b.x - 1 && a.x <= b.x + b.width + 1 && a.y >= b.y - 1 && a.y <= b.y + b.height + 1;
    for (const edge of layout.edges) {
      if (edge.target === "outer") expect(near(edge.points.at(-1)!, box), `${edge.source} → box`).toBe(true);
      if (edge.source === "outer") expect(near(edge.points[0]!, box), `box → ${edge.target}`).toBe(true);
    }
  });

  it("merges edges into one box: conditional only if all were, and keeps a label they share", async () => {
    const shape: GraphShape = {
      graphId: "merge",
      nodes: [
        { id: "__start__", name: "__start__", kind: "start" },
        { id: "route", name: "route", kind: "node" },
        { id: "sub:a", name: "a", kind: "node", subgraph: "sub" },
        { id: "sub:b", name: "b", kind: "node", subgraph: "sub" },
        { id: "__end__", name: "__end__", kind: "end" },
      ],
      edges: [
        { source: "__start__", target: "route", conditional: false },
        { source: "route", target: "sub:a", conditional: true, label: "go" },
        { source: "route", target: "sub:b", conditional: true, label: "go" },
        { source: "sub:a", target: "sub:b", conditional: false },
        { source: "sub:a", target: "__end__", conditional: true },
        { source: "sub:b", target: "__end__", conditional: false },
      ],
      subgraphs: ["sub"],
    };
    const layout = await layoutGraph(shape, measure, { collapsed: new Set(["sub"]) });
    expect(edges(layout)).toEqual(["__start__ ---> route", "route -?-> sub", "sub ---> __end__"]);
    expect(layout.edges.find((edge) => edge.target === "sub")?.label?.text).toBe("go");
  });

  it("collapses a nested subgraph inside its expanded parent", async () => {
    const layout = await layoutGraph(nested, measure, { collapsed: new Set(["outer:inner"]) });
    const outer = layout.subgraphs.find((subgraph) => subgraph.id === "outer")!;
    const inner = layout.subgraphs.find((subgraph) => subgraph.id === "outer:inner")!;
    expect([outer.collapsed, inner.collapsed]).toEqual([false, true]);
    expect(inner.nodeCount).toBe(2);
    expect(layout.nodes.map((node) => node.id)).not.toContain("outer:inner:think");
    expect(layout.nodes.map((node) => node.id)).toContain("outer:gather");
    expect(contains(outer, inner)).toBe(true);
    expect(edges(layout)).toEqual([
      "__start__ ---> plan",
      "answer -?-> __end__",
      "answer -?-> plan",
      "outer:gather ---> outer:inner",
      "outer:inner -?-> answer",
      "plan ---> outer:gather",
    ]);
  });

  it("hides a collapsed nested subgraph when its parent collapses too", async () => {
    const layout = await layoutGraph(nested, measure, { collapsed: new Set(["outer", "outer:inner"]) });
    expect(layout.subgraphs.map((subgraph) => [subgraph.id, subgraph.collapsed])).toEqual([["outer", true]]);
    expect(edges(layout)).toContain("outer -?-> answer");
  });

  it("leaves the layout alone when nothing is collapsed", async () => {
    const expanded = await layoutGraph(nested, measure);
    expect(expanded.subgraphs.every((subgraph) => !subgraph.collapsed && !subgraph.countBadge)).toBe(true);
    expect(expanded.edges).toHaveLength(nested.edges.length);
    expect(await layoutGraph(nested, measure, { collapsed: new Set() })).toEqual(expanded);
  });

  it("shows on a collapsed box the state of the nodes inside it", async () => {
    const layout = await layoutGraph(nested, measure, { collapsed: new Set(["outer"]) });
    const box = layout.subgraphs[0]!;
    expect(statusOf(box.members, { ran: ["plan"], next: ["outer:inner:think"], breakpoints: ["outer:gather"], errored: ["outer:inner:act"] })).toEqual([
      "next",
      "has-breakpoint",
      "errored",
    ]);
    // The parent graph's own node for the subgraph counts too.
    expect(statusOf(box.members, { ran: ["outer"], next: [], breakpoints: [] })).toEqual(["ran"]);
    expect(statusOf(box.members, { ran: ["answer"], next: ["answer"], breakpoints: ["plan"], errored: [] })).toEqual([]);
    expect(statusOf(["answer"], { ran: ["answer"], next: [], breakpoints: ["answer"] })).toEqual(["ran", "has-breakpoint"]);
  });

  it("collapses the outermost subgraphs of a large graph by default, none of a small one", () => {
    expect([...defaultCollapsed(nested)]).toEqual([]);
    const large: GraphShape = {
      ...nested,
      nodes: [...nested.nodes, ...Array.from({ length: largeGraphNodes }, (_, index) => ({ id: `n${index}`, name: `n${index}`, kind: "node" as const }))],
    };
    expect([...defaultCollapsed(large)]).toEqual(["outer"]);
  });
});
