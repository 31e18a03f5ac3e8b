// Where a node is added and where its function is defined, read from fixture sources that use
// every form the view follows: a named function, an inline one, an imported one (renamed,
// default, namespace), the object form and a subgraph.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findNodeSources, toNodeInfo } from "../../../src/engine/nodeSources";

const fixtures = join(__dirname, "fixtures", "node-sources");
const graphFile = join(fixtures, "graph.ts");

/** `file` at the 1-based line of the first line that contains `text`. */
function at(file: string, text: string): { file: string; line: number } {
  const line =
    readFileSync(join(fixtures, file), "utf8")
      .split("\n")
      .findIndex((candidate) => candidate.includes(text)) + 1;
  if (line === 0) throw new Error(`${file} has no line with ${text}`);
  return { file: join(fixtures, file), line };
}

function sourceOf(name: string) {
  const [found] = findNodeSources(graphFile, [name]);
  return found;
}

describe("findNodeSources", () => {
  it("a named function: the addNode line, and its declaration in the same module", () => {
    expect(sourceOf("plan")).toEqual({ name: "plan", addedAt: at("graph.ts", '.addNode("plan"'), definedAt: at("graph.ts", "async function plan") });
  });

  it("an inline function: defined where it is written, beside its addNode call", () => {
    expect(sourceOf("draft")).toEqual({ name: "draft", addedAt: at("graph.ts", '"draft"'), definedAt: at("graph.ts", "async (state) =>") });
  });

  it("a function imported under another name, with addNode options after it", () => {
    expect(sourceOf("review")).toEqual({
      name: "review",
      addedAt: at("graph.ts", '.addNode("review"'),
      definedAt: at("nodes.ts", "export async function review"),
    });
  });

  it("the object form: shorthand, quoted key with a default import, namespace import member", () => {
    expect(sourceOf("summarize")).toEqual({
      name: "summarize",
      addedAt: at("graph.ts", "    summarize,"),
      definedAt: at("nodes.ts", "export const summarize"),
    });
    expect(sourceOf("publish")).toEqual({ name: "publish", addedAt: at("graph.ts", '"publish": publishNode'), definedAt: at("publish.ts", "export default") });
    expect(sourceOf("search")).toEqual({
      name: "search",
      addedAt: at("graph.ts", "search: tools.webSearch"),
      definedAt: at("tools.ts", "export function webSearch"),
    });
  });

  it("a subgraph: defined where the compiled subgraph is declared", () => {
    expect(sourceOf("research")).toEqual({
      name: "research",
      addedAt: at("graph.ts", '.addNode("research"'),
      definedAt: at("research.ts", "export const research"),
    });
  });

  it("a node it cannot find has neither; the debug adapter's frames point at the function", () => {
    expect(sourceOf("absent")).toEqual({ name: "absent" });
    expect(findNodeSources(join(fixtures, "missing.ts"), ["plan"])).toEqual([{ name: "plan" }]);
    expect(toNodeInfo(sourceOf("review")!)).toEqual({ name: "review", ...at("nodes.ts", "export async function review") });
    expect(toNodeInfo(sourceOf("draft")!)).toEqual({ name: "draft", ...at("graph.ts", "async (state) =>") });
  });
});
