// The elk layout on shapes the examples do not cover: nested subgraphs, and a subgraph that is
// also listed as a node. Runs in Node (elk needs no DOM); text is measured at 7 px a character.

import { describe, expect, it } from "vitest";
import type { GraphShape } from "../../src/protocol/engine";
import { layoutGraph } from "../../webview/layout";
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
      else expect(layout.subgraphs.some((candidate) => contains(candidate, node)), node.id).toBe(false);
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
