// LangGraph's JS templates (new-langgraphjs-project, react-agent-js, memory-agent-js) as the
// engine process sees them: test/fixtures/templates reproduces their patterns (the templates
// cannot be downloaded here). Each graph is listed, loaded from TypeScript with ESM ".js"
// specifiers and described; a template that cannot load offline says which variable to set where.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../../src/engineClient/engineClient";

const root = join(__dirname, "..", "..", "..");
const templates = join(root, "test", "fixtures", "templates");
const configOf = (template: string) => join(templates, template, "langgraph.json");
let engine: EngineClient;

beforeAll(() => {
  // The engine inherits this process's environment: the offline case is what is under test.
  delete process.env.TAVILY_API_KEY;
  engine = EngineClient.start({ cwd: templates, enginePath: join(root, "dist", "engine.js") });
});
afterAll(() => engine.dispose());

async function shape(template: string, graphId: string): Promise<{ nodes: string[]; edges: string[] }> {
  const described = await engine.request("graphs/shape", { configFile: configOf(template), graphId });
  return {
    nodes: described.nodes.map((node) => node.id),
    edges: described.edges.map((edge) => `${edge.source}${edge.conditional ? " ⇢ " : " → "}${edge.target}`),
  };
}

describe("LangGraph's JS templates", () => {
  it("lists the graphs of a langgraph.json with node_version, dependencies and an env file", async () => {
    const { graphs } = await engine.request("graphs/list", { configFile: configOf("react-agent") });
    expect(graphs.map((graph) => [graph.graphId, graph.exportName])).toEqual([
      ["agent", "graph"],
      ["search", "graph"],
    ]);
  });

  it("shows the starter template's graph: a routing function without a path map", async () => {
    // Without a path map LangGraph draws only the conditional edge to __end__.
    expect(await shape("starter", "agent")).toEqual({
      nodes: ["__start__", "callModel", "__end__"],
      edges: ["__start__ → callModel", "callModel ⇢ __end__"],
    });
  });

  it("shows the react agent: MessagesAnnotation, a configuration schema and a ToolNode", async () => {
    expect(await shape("react-agent", "agent")).toEqual({
      nodes: ["__start__", "callModel", "tools", "__end__"],
      edges: ["__start__ → callModel", "tools → callModel", "callModel ⇢ tools", "callModel ⇢ __end__"],
    });
  });

  it("shows the memory agent: a top-level await, { stateSchema } and a path map", async () => {
    expect(await shape("memory-agent", "agent")).toEqual({
      nodes: ["__start__", "call_model", "store_memory", "__end__"],
      edges: ["__start__ → call_model", "store_memory → call_model", "call_model ⇢ store_memory", "call_model ⇢ __end__"],
    });
  });

  it("says which variable a tool made at import needs, and in which .env file", async () => {
    const error = await engine.request("graphs/shape", { configFile: configOf("react-agent"), graphId: "search" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "moduleFailed",
      message: expect.stringContaining("No Tavily API key found"),
      hint: `TAVILY_API_KEY is not set. Add the line TAVILY_API_KEY=<your key> to ${join(templates, "react-agent", ".env")} (it does not exist yet: create it), the env file ${configOf("react-agent")} names, or set it under "env" in the launch configuration; then try again.`,
    });
  });
});
