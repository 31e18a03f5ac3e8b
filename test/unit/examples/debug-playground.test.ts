// The debug playground example, loaded from source with a MemorySaver assigned the way the
// engine does it. Vitest gives each test file its own module instance; beforeEach assigns a
// fresh saver so threads never leak between tests.
import { beforeEach, describe, expect, it } from "vitest";
import { Command, MemorySaver } from "@langchain/langgraph";
import { EXPLODE_MESSAGE, failing } from "../../../examples/debug-playground/src/failing.js";
import { playground } from "../../../examples/debug-playground/src/playground.js";
import langgraphJson from "../../../examples/debug-playground/langgraph.json";

const thread = { configurable: { thread_id: "p" } };

beforeEach(() => {
  playground.checkpointer = new MemorySaver();
  failing.checkpointer = new MemorySaver();
});

/** Node names in the order their updates arrive, subgraph nodes as `polish:tidy`. */
async function nodesRun(input: Parameters<typeof playground.stream>[0]): Promise<string[]> {
  const stream = await playground.stream(input, { ...thread, streamMode: "updates", subgraphs: true });
  const names: string[] = [];
  for await (const [namespace, update] of stream) {
    const prefix = namespace.map((segment) => segment.split(":")[0]).join(":");
    for (const node of Object.keys(update)) names.push(prefix ? `${prefix}:${node}` : node);
  }
  return names;
}

describe("playground", () => {
  it("loops write_draft → review until the required drafts, polishes in the subgraph, and stops at ask_human", async () => {
    expect(await nodesRun({ topic: "time travel", requiredDrafts: 3 })).toEqual([
      "write_draft",
      "review",
      "write_draft",
      "review",
      "write_draft",
      "review",
      "polish:tidy",
      "polish:format",
      "polish",
      "__interrupt__",
    ]);

    const state = await playground.getState(thread);
    expect(state.next).toEqual(["ask_human"]);
    expect(state.values).toMatchObject({
      revision: 3,
      reviews: ["draft 1: needs work", "draft 2: needs work", "draft 3: good enough"],
      draft: "Time travel (draft 3).",
      edits: ["tidy", "format"],
      published: "",
    });
    expect(state.tasks).toHaveLength(1);
    expect(state.tasks[0].name).toBe("ask_human");
    expect(state.tasks[0].interrupts.map((i) => i.value)).toEqual([{ question: "What title should the post have?", draft: "Time travel (draft 3)." }]);
  });

  it.each([
    [1, 1],
    [4, 4],
    [50, 5],
  ])("with requiredDrafts %i drafts %i times", async (requiredDrafts, drafts) => {
    const names = await nodesRun({ topic: "loops", requiredDrafts });
    expect(names.filter((n) => n === "write_draft")).toHaveLength(drafts);
    expect((await playground.getState(thread)).values.reviews).toHaveLength(drafts);
  });

  it("publishes with the human's answer after resuming with Command", async () => {
    await playground.invoke({ topic: "time travel" }, thread);
    const result = await playground.invoke(new Command({ resume: "  On time travel " }), thread);
    expect(result.title).toBe("On time travel");
    expect(result.published).toBe("# On time travel\n\nTime travel (draft 3).");
    const state = await playground.getState(thread);
    expect(state.next).toEqual([]);
    expect(state.tasks).toEqual([]);
  });

  it("rejects a resume value that is not a title", async () => {
    await playground.invoke({ topic: "time travel" }, thread);
    await expect(playground.invoke(new Command({ resume: 42 }), thread)).rejects.toThrow(/non-empty string.*got 42/);
  });

  it("shows the subgraph's position in getState with subgraphs while paused inside it", async () => {
    const { polish } = await import("../../../examples/debug-playground/src/polish.js");
    // Call-time interruptBefore does not reach into subgraphs; setting it on the subgraph does.
    polish.interruptBefore = ["format"];
    try {
      await playground.invoke({ topic: "time travel", requiredDrafts: 1 }, thread);
      const state = await playground.getState(thread, { subgraphs: true });
      expect(state.next).toEqual(["polish"]);
      const inner = state.tasks[0].state;
      expect(inner && "next" in inner ? inner.next : undefined).toEqual(["format"]);
    } finally {
      polish.interruptBefore = undefined;
    }
  });

  it("shows the subgraph's inner nodes and the conditional edges with xray", async () => {
    const drawable = await playground.getGraphAsync({ xray: true });
    expect(Object.keys(drawable.nodes)).toEqual(["__start__", "write_draft", "review", "polish:tidy", "polish:format", "ask_human", "publish", "__end__"]);
    const edges = drawable.edges.map((e) => `${e.source} -> ${e.target}${e.conditional ? " (conditional)" : ""}`).sort();
    expect(edges).toEqual(
      [
        "__start__ -> write_draft",
        "write_draft -> review",
        "review -> write_draft (conditional)",
        "review -> polish:tidy (conditional)",
        "polish:tidy -> polish:format",
        "polish:format -> ask_human",
        "ask_human -> publish",
        "publish -> __end__",
      ].sort(),
    );
  });

  it("is declared in langgraph.json with the failing graph", () => {
    expect(langgraphJson.graphs).toEqual({
      playground: "./src/playground.ts:playground",
      failing: "./src/failing.ts:failing",
    });
  });
});

describe("failing", () => {
  it("fails in explode after prepare's checkpoint, with the error on the pending task", async () => {
    const config = { configurable: { thread_id: "f" } };
    await expect(failing.invoke({}, config)).rejects.toThrow(EXPLODE_MESSAGE);
    const state = await failing.getState(config);
    expect(state.values).toEqual({ count: 1 });
    expect(state.next).toEqual(["explode"]);
    expect(state.tasks[0].error).toMatchObject({ name: "Error", message: `${EXPLODE_MESSAGE} (count = 1)` });
  });

  it("has the nodes prepare and explode", async () => {
    const drawable = await failing.getGraphAsync({ xray: true });
    expect(Object.keys(drawable.nodes)).toEqual(["__start__", "prepare", "explode", "__end__"]);
  });
});
