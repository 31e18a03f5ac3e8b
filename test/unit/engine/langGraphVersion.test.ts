// A graph on an unsupported @langchain/langgraph gets one message naming the version found, the
// minimum and how to upgrade — from a project whose node_modules really holds such a copy.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGraphConfig } from "../../../src/engine/graphConfig";
import { loadGraph } from "../../../src/engine/graphLoader";
import { isSupportedLangGraph, SUPPORTED_LANGGRAPH, userLangGraphVersion } from "../../../src/engine/langGraphVersion";

const root = join(__dirname, "..", "..", "..");
const project = mkdtempSync(join(tmpdir(), "old-langgraph-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(join(project, file, ".."), { recursive: true });
  writeFileSync(join(project, file), text);
}

// A LangGraph.js 0.2 project, as `npm install @langchain/langgraph@0.2` leaves it.
write("package.json", JSON.stringify({ name: "old", type: "commonjs", dependencies: { "@langchain/langgraph": "^0.2.74" } }));
write("node_modules/@langchain/langgraph/package.json", JSON.stringify({ name: "@langchain/langgraph", version: "0.2.74", main: "index.js" }));
write("node_modules/@langchain/langgraph/index.js", "exports.StateGraph = class StateGraph {};\n");
write("langgraph.json", JSON.stringify({ graphs: { agent: "./graph.js:graph" } }));
write("graph.js", 'const { StateGraph } = require("@langchain/langgraph");\nexports.graph = new StateGraph();\n');

describe("supported LangGraph.js versions", () => {
  it("names the version found, the minimum and the upgrade instead of loading an old copy", async () => {
    const config = await readGraphConfig(join(project, "langgraph.json"));
    const error = await loadGraph(config, "agent").then(
      () => undefined,
      (caught: Error & { code?: string; hint?: string }) => caught,
    );
    expect(error?.code).toBe("langGraphUnsupported");
    expect(error?.message).toBe(
      `${join(project, "graph.js")} runs on @langchain/langgraph 0.2.74 (${join(project, "node_modules", "@langchain", "langgraph", "package.json")}); the LangGraph debugger needs 1.0.0 or newer.`,
    );
    expect(error?.hint).toContain('run "npm install @langchain/langgraph@latest @langchain/core@latest"');
  });

  it("reads the version of the copy a graph file imports", () => {
    expect(userLangGraphVersion(join(root, "examples", "memory-agent", "src", "agent.ts"))?.version).toBe("1.4.18");
    expect(userLangGraphVersion(join(tmpdir(), "nowhere", "graph.ts"))).toBeUndefined();
  });

  it("compares versions as semver", () => {
    expect(["1.0.0", "1.4.18", "1.10.0", "2.0.0-rc.1"].map(isSupportedLangGraph)).toEqual([true, true, true, true]);
    expect(["0.2.74", "0.4.9", "0.9.99"].map(isSupportedLangGraph)).toEqual([false, false, false]);
  });

  it("states the same range as package.json, and tests the version the project installs", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.langgraphVersions).toEqual(SUPPORTED_LANGGRAPH);
    expect(pkg.devDependencies["@langchain/langgraph"]).toBe(SUPPORTED_LANGGRAPH.testedWith);
  });
});
