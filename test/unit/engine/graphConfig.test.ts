import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseGraphSpec, readGraphConfig } from "../../../src/engine/graphConfig";

const fixtures = join(__dirname, "fixtures");

function configWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lg-config-"));
  writeFileSync(join(dir, "langgraph.json"), text);
  return join(dir, "langgraph.json");
}

describe("readGraphConfig", () => {
  it("lists the graphs with absolute module paths and export names", async () => {
    const config = await readGraphConfig(join(fixtures, "graphs", "langgraph.json"));
    const compiled = config.graphs.find((graph) => graph.graphId === "compiled");
    expect(compiled).toEqual({
      graphId: "compiled",
      spec: "./src/compiled.ts:graph",
      file: join(fixtures, "graphs", "src", "compiled.ts"),
      exportName: "graph",
    });
    expect(config.graphs).toHaveLength(7);
    expect(config.env).toEqual({ FIXTURE_GREETING: "hello from env" });
  });

  it("names the file, line and column of broken JSON", async () => {
    const file = join(fixtures, "broken", "langgraph.json");
    await expect(readGraphConfig(file)).rejects.toMatchObject({
      code: "configInvalid",
      file,
      message: expect.stringMatching(/broken[/\\]langgraph\.json .*line 1, column \d+/),
    });
  });

  it("explains a missing file and how to create one", async () => {
    await expect(readGraphConfig("/nonexistent/langgraph.json")).rejects.toMatchObject({
      code: "configNotFound",
      message: "No LangGraph configuration file at /nonexistent/langgraph.json.",
      hint: expect.stringContaining('"graphs"'),
    });
  });

  it("rejects a config without graphs, naming the field", async () => {
    await expect(readGraphConfig(configWith('{ "graph": {} }'))).rejects.toMatchObject({
      code: "configInvalid",
      message: expect.stringContaining('"graphs"'),
    });
    await expect(readGraphConfig(configWith('{ "graphs": { "a": 3 } }'))).rejects.toMatchObject({
      code: "configInvalid",
      message: expect.stringContaining('"graphs.a"'),
    });
    await expect(readGraphConfig(configWith('{ "graphs": {} }'))).rejects.toMatchObject({ code: "configInvalid" });
  });

  it("accepts the object form of a graph spec", async () => {
    const config = await readGraphConfig(configWith('{ "graphs": { "a": { "path": "./a.ts:g", "description": "x" } } }'));
    expect(config.graphs[0]).toMatchObject({ graphId: "a", exportName: "g" });
  });
});

describe("parseGraphSpec", () => {
  it("splits path and export", () => {
    expect(parseGraphSpec("./src/agent.ts:graph")).toEqual({ modulePath: "./src/agent.ts", exportName: "graph" });
    expect(parseGraphSpec("./dist/agent.mjs:makeGraph")).toEqual({ modulePath: "./dist/agent.mjs", exportName: "makeGraph" });
  });

  it("uses the default export when the spec names none", () => {
    expect(parseGraphSpec("./src/agent.ts")).toEqual({ modulePath: "./src/agent.ts", exportName: "default" });
  });
});
