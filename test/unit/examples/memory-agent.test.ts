// The memory agent example, loaded from source and given a checkpointer and store the way the
// engine does it (assigned to the exported compiled graph). Vitest gives each test file its own
// module instance, and beforeEach assigns fresh ones, so no state leaks between tests.
import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryStore, MemorySaver } from "@langchain/langgraph";
import { graph } from "../../../examples/memory-agent/src/agent.js";
import { chatModelFor } from "../../../examples/memory-agent/src/chat-model.js";
import { EMBEDDING_DIMS, embeddings } from "../../../examples/memory-agent/src/embeddings.js";
import { OfflineChatModel } from "../../../examples/memory-agent/src/offline-chat-model.js";
import langgraphJson from "../../../examples/memory-agent/langgraph.json";

async function say(threadId: string, userId: unknown, content: string): Promise<string> {
  const result = await graph.invoke(
    { messages: [{ role: "user", content }] },
    { configurable: { thread_id: threadId }, context: { userId } as { userId: string } },
  );
  return result.messages.at(-1)?.text ?? "";
}

function semanticStore(): InMemoryStore {
  return new InMemoryStore({ index: { dims: EMBEDDING_DIMS, embeddings, fields: ["data"] } });
}

describe.each([
  ["with the semantic index", semanticStore],
  ["without an index", () => new InMemoryStore()],
])("memory agent %s", (_label, createStore) => {
  let store: InMemoryStore;

  beforeEach(() => {
    store = createStore();
    graph.checkpointer = new MemorySaver();
    graph.store = store;
  });

  it("remembers Bob across threads for user 1, and not for user 2", async () => {
    const ack = await say("1", "1", "Hi! Remember: my name is Bob");
    expect(ack).toBe("Got it. I will remember that: my name is Bob.");
    const saved = await store.search(["memories", "1"]);
    expect(saved.map((item) => item.value)).toEqual([{ data: "my name is Bob" }]);
    expect(saved[0].key).toMatch(/^[0-9a-f-]{36}$/);

    expect(await say("2", "1", "what is my name?")).toBe("Your name is Bob.");
    const thread2 = await graph.getState({ configurable: { thread_id: "2" } });
    expect(thread2.values.messages).toHaveLength(2); // Bob came from the store, not the thread.

    const stranger = await say("3", "2", "what is my name?");
    expect(stranger).not.toContain("Bob");
    expect(stranger).toBe("I don't know your name yet. Tell me to remember it!");
    expect(await store.search(["memories", "2"])).toEqual([]);
  });

  it("saves nothing when the user does not say remember", async () => {
    await say("1", "1", "Hello there");
    expect(await store.search(["memories", "1"])).toEqual([]);
  });
});

describe("memory agent context schema", () => {
  beforeEach(() => {
    graph.checkpointer = new MemorySaver();
    graph.store = new InMemoryStore();
  });

  it("rejects a userId that is not a string, before any node runs", async () => {
    await expect(say("1", 1, "Remember: my name is Bob")).rejects.toThrow(/userId[\s\S]*expected string/);
    expect(await graph.store?.search(["memories", "1"])).toEqual([]);
    const state = await graph.getState({ configurable: { thread_id: "1" } });
    expect(state.values).toEqual({});
  });

  it("rejects a run without context", async () => {
    await expect(graph.invoke({ messages: [{ role: "user", content: "hi" }] }, { configurable: { thread_id: "1" } })).rejects.toThrow(/userId/);
  });
});

describe("memory agent without a store", () => {
  it("says how to attach one", async () => {
    graph.checkpointer = new MemorySaver();
    graph.store = undefined;
    await expect(say("1", "1", "hi")).rejects.toThrow(/needs a store/);
  });
});

describe("memory agent graph", () => {
  it("has one node, call_model, between start and end", async () => {
    const drawable = await graph.getGraphAsync({ xray: true });
    expect(Object.keys(drawable.nodes)).toEqual(["__start__", "call_model", "__end__"]);
    expect(drawable.edges.map((e) => [e.source, e.target, e.conditional])).toEqual([
      ["__start__", "call_model", false],
      ["call_model", "__end__", false],
    ]);
  });

  it("declares the graph, and an index whose dims match the embeddings, in langgraph.json", () => {
    expect(langgraphJson.graphs).toEqual({ agent: "./src/agent.ts:graph" });
    expect(langgraphJson.store.index).toEqual({ embed: "./src/embeddings.ts:embeddings", dims: EMBEDDING_DIMS, fields: ["data"] });
  });

  it("streams the stand-in model's reply token by token in messages mode", async () => {
    graph.checkpointer = new MemorySaver();
    graph.store = semanticStore();
    const tokens: string[] = [];
    const stream = await graph.stream(
      { messages: [{ role: "user", content: "Remember: I like tea" }] },
      { configurable: { thread_id: "t" }, context: { userId: "1" }, streamMode: "messages" },
    );
    for await (const [chunk] of stream) tokens.push(chunk.text);
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join("")).toBe("Got it. I will remember that: I like tea.");
  });
});

describe("hashing embeddings", () => {
  const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);

  it("gives deterministic unit vectors of the declared size", async () => {
    const [a, b] = await embeddings.embedDocuments(["my name is Bob", "my name is Bob"]);
    expect(a).toHaveLength(EMBEDDING_DIMS);
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(await embeddings.embedQuery("")).toEqual(new Array(EMBEDDING_DIMS).fill(0));
  });

  it("scores texts that share words higher", async () => {
    const query = await embeddings.embedQuery("what is my name?");
    const [name, tea] = await embeddings.embedDocuments(["my name is Bob", "I like green tea in the morning"]);
    expect(cosine(query, name)).toBeGreaterThan(0.5);
    expect(cosine(query, name)).toBeGreaterThan(cosine(query, tea) + 0.3);
  });

  it("ranks the matching memory first in a store search", async () => {
    const store = semanticStore();
    await store.put(["memories", "1"], "tea", { data: "I like green tea in the morning" });
    await store.put(["memories", "1"], "name", { data: "my name is Bob" });
    await store.put(["memories", "1"], "city", { data: "I live in Lisbon" });
    const [first] = await store.search(["memories", "1"], { query: "what is my name?" });
    expect(first.key).toBe("name");
  });
});

describe("chat model choice", () => {
  it("is the offline stand-in when OPENAI_API_KEY is not set", async () => {
    expect(await chatModelFor({})).toBeInstanceOf(OfflineChatModel);
  });

  it("is ChatOpenAI with OPENAI_MODEL when OPENAI_API_KEY is set", async () => {
    const model = await chatModelFor({ OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-4.1-mini" });
    expect(model.constructor.name).toBe("ChatOpenAI");
    expect((model as unknown as { model: string }).model).toBe("gpt-4.1-mini");
  });

  it("asks to install @langchain/openai when OPENAI_API_KEY is set but the package is missing", async () => {
    // How Node reports the package missing from an ES module import.
    const missing = Object.assign(new Error("Cannot find package '@langchain/openai' imported from /x/chat-model.ts"), { code: "ERR_MODULE_NOT_FOUND" });
    await expect(chatModelFor({ OPENAI_API_KEY: "sk-test" }, () => Promise.reject(missing))).rejects.toThrow(/npm install @langchain\/openai/);
  });
});
