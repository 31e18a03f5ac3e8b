import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGraphConfig } from "../../../src/engine/graphConfig";
import { loadGraph } from "../../../src/engine/graphLoader";
import { describeGraph } from "../../../src/engine/graphShape";

const examples = join(__dirname, "..", "..", "..", "examples");

async function shapeOf(example: string, graphId: string) {
  const config = await readGraphConfig(join(examples, example, "langgraph.json"));
  const { summary, graph } = await loadGraph(config, graphId);
  return describeGraph(graphId, graph, summary.file);
}

describe("graph input and context schemas", () => {
  it("gives the memory agent's zod context schema and its messages input", async () => {
    const shape = await shapeOf("memory-agent", "agent");
    expect(shape.contextSchema).toMatchObject({
      type: "object",
      properties: { userId: { type: "string", description: expect.stringContaining("memories") } },
      required: ["userId"],
    });
    expect(shape.inputSchema).toEqual({ type: "object", properties: { messages: { type: "array", items: { type: "object" } } } });
  });

  it("lists an Annotation graph's input channels, untyped, and omits a context schema it lacks", async () => {
    const shape = await shapeOf("debug-playground", "playground");
    expect(Object.keys(shape.inputSchema?.properties ?? {})).toEqual(expect.arrayContaining(["topic", "requiredDrafts", "draft"]));
    expect(shape.inputSchema?.properties?.topic).toEqual({});
    expect(shape).not.toHaveProperty("contextSchema");
  });
});
