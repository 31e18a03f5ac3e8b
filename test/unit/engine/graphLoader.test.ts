import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readGraphConfig, type GraphConfig } from "../../../src/engine/graphConfig";
import { loadGraph } from "../../../src/engine/graphLoader";
import { describeGraph } from "../../../src/engine/graphShape";

const configFile = join(__dirname, "fixtures", "graphs", "langgraph.json");
const compiledFile = join(__dirname, "fixtures", "graphs", "src", "compiled.ts");

/** 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}
let config: GraphConfig;

beforeAll(async () => {
  config = await readGraphConfig(configFile);
});

describe("loadGraph", () => {
  it("loads a compiled TypeScript ESM graph from source, which then runs", async () => {
    const { graph } = await loadGraph(config, "compiled");
    // count_up loops to 3, then the subgraph doubles it.
    await expect(graph.invoke({ count: 0 })).resolves.toEqual({ count: 6 });
  });

  it("compiles an uncompiled StateGraph and calls an async factory", async () => {
    const fromBuilder = await loadGraph(config, "builder");
    await expect(fromBuilder.graph.invoke({ count: 0 })).resolves.toEqual({ count: 1 });
    const fromFactory = await loadGraph(config, "factory");
    await expect(fromFactory.graph.invoke({ count: 0 })).resolves.toEqual({ count: 1 });
  });

  it("applies langgraph.json env before importing", async () => {
    await expect(loadGraph(config, "notAGraph")).rejects.toMatchObject({ code: "exportNotGraph" });
    expect(process.env.FIXTURE_GREETING).toBe("hello from env");
  });

  it("names the missing export and what the module does export", async () => {
    await expect(loadGraph(config, "missingExport")).rejects.toMatchObject({
      code: "exportNotFound",
      file: join(__dirname, "fixtures", "graphs", "src", "compiled.ts"),
      message: expect.stringMatching(/no export named "nope" \(it exports: .*graph/),
    });
  });

  it("names a missing module", async () => {
    await expect(loadGraph(config, "missingModule")).rejects.toMatchObject({
      code: "moduleNotFound",
      message: expect.stringContaining("absent.ts"),
    });
  });

  it("reports a module that throws on import with its message", async () => {
    await expect(loadGraph(config, "throws")).rejects.toMatchObject({
      code: "moduleFailed",
      message: expect.stringMatching(/throws\.ts threw: API_URL is not configured/),
    });
  });

  it("names the graphs that exist when asked for an unknown one", async () => {
    await expect(loadGraph(config, "agent")).rejects.toMatchObject({
      code: "graphNotFound",
      message: expect.stringContaining("compiled, builder"),
    });
  });
});

describe("describeGraph", () => {
  it("describes nodes, conditional edges and xray subgraphs", async () => {
    const { graph } = await loadGraph(config, "compiled");
    const shape = await describeGraph("compiled", graph, compiledFile);
    expect(shape.nodes.map((node) => node.id)).toEqual(["__start__", "count_up", "inner:double", "inner:report", "__end__"]);
    expect(shape.nodes.find((node) => node.id === "inner:double")).toEqual({
      id: "inner:double",
      name: "double",
      kind: "node",
      subgraph: "inner",
      addedAt: { file: compiledFile, line: lineOf(compiledFile, 'addNode("double"') },
      definedAt: { file: compiledFile, line: lineOf(compiledFile, 'addNode("double"') },
    });
    expect(shape.nodes[0]?.kind).toBe("start");
    expect(shape.subgraphs).toEqual(["inner"]);
    expect(shape.edges).toContainEqual({ source: "count_up", target: "count_up", conditional: true });
    expect(shape.edges).toContainEqual({ source: "count_up", target: "inner:double", conditional: true });
    expect(shape.edges).toContainEqual({ source: "__start__", target: "count_up", conditional: false });
    expect(shape.edges).toContainEqual({ source: "inner:double", target: "inner:report", conditional: false });
  });
});

describe("node sources", () => {
  it("points each node at its addNode call and its function: the declaration in the module, or one it imports", async () => {
    const agentFile = join(__dirname, "..", "..", "..", "examples", "memory-agent", "src", "agent.ts");
    const agentConfig = await readGraphConfig(join(__dirname, "..", "..", "..", "examples", "memory-agent", "langgraph.json"));
    const { graph } = await loadGraph(agentConfig, "agent");
    const shape = await describeGraph("agent", graph, agentFile);
    const callModel = shape.nodes.find((node) => node.id === "call_model");
    expect(callModel?.addedAt).toEqual({ file: agentFile, line: lineOf(agentFile, 'addNode("call_model"') });
    const callModelFile = join(agentFile, "..", "call-model.ts");
    expect(callModel?.definedAt).toEqual({ file: callModelFile, line: lineOf(callModelFile, "export async function callModel") });
    expect(shape.nodes.find((node) => node.kind === "start")).not.toHaveProperty("addedAt");
  });

  it("an inline function is defined on its addNode line", async () => {
    const { graph } = await loadGraph(config, "compiled");
    const file = compiledFile;
    const shape = await describeGraph("compiled", graph, file);
    const line = { file, line: lineOf(file, 'addNode("count_up"') };
    expect(shape.nodes.find((node) => node.id === "count_up")).toMatchObject({ addedAt: line, definedAt: line });
  });

  it("a subgraph's nodes are found in the module that defines the subgraph", async () => {
    const playground = join(__dirname, "..", "..", "..", "examples", "debug-playground");
    const playgroundConfig = await readGraphConfig(join(playground, "langgraph.json"));
    const { graph } = await loadGraph(playgroundConfig, "playground");
    const shape = await describeGraph("playground", graph, join(playground, "src", "playground.ts"));
    const polishFile = join(playground, "src", "polish.ts");
    expect(shape.nodes.find((node) => node.id === "polish:tidy")).toMatchObject({ addedAt: { file: polishFile, line: lineOf(polishFile, 'addNode("tidy"') } });
  });
});
