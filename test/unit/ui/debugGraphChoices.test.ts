// The steps of "LangGraph: Debug a Graph…" without VS Code: the pick items, the prefilled input
// document and its checks, and the launch configuration (checked against the adapter's schema).

import { describe, expect, it } from "vitest";
import { launchSchema } from "../../../src/debug/launchSchema";
import type { JsonSchema, ThreadSummary } from "../../../src/protocol/engine";
import {
  graphChoices,
  inputDocument,
  readInputDocument,
  suggestThreadId,
  threadChoices,
  timeAgo,
  wizardLaunch,
  withLaunchAppended,
  type InputRequest,
} from "../../../src/ui/debugGraphChoices";

// As graphs/shape describes examples/memory-agent (MessagesAnnotation, zod context).
const messagesInput: JsonSchema = { type: "object", properties: { messages: { type: "array", items: { type: "object" } } } };
const userContext: JsonSchema = { type: "object", properties: { userId: { type: "string", minLength: 1 } }, required: ["userId"] };
const now = new Date("2026-12-04T12:00:00Z");

function thread(threadId: string, extra: Partial<ThreadSummary> = {}): ThreadSummary {
  return { threadId, checkpointCount: 3, step: 1, next: [], graphId: "agent", updatedAt: "2026-12-04T11:55:00Z", ...extra };
}

describe("Debug a Graph… choices", () => {
  it("offers launch.json's langgraph launches first, then every graph", () => {
    const launches = [
      { name: "Remember Bob", type: "langgraph", request: "launch", graph: "agent" },
      { name: "Node app", type: "node", request: "launch" },
      { name: "Attach", type: "langgraph", request: "attach", graph: "agent" },
    ];
    expect(graphChoices(launches, ["agent", "other"]).map((item) => [item.label, item.value])).toEqual([
      ["Remember Bob", { kind: "launch", name: "Remember Bob" }],
      ["agent", { kind: "graph", graphId: "agent" }],
      ["other", { kind: "graph", graphId: "other" }],
    ]);
  });

  it("lists a new thread, then the graph's threads with their last message and when they were written", () => {
    const threads = [
      thread("chat", { lastMessage: { role: "ai", text: "Hello Bob, nice to meet you! ".repeat(5).trim() } }),
      thread("other-graph", { graphId: "writer" }),
      thread("no-messages", { step: 2, next: ["call_model"], updatedAt: "2026-12-04T09:00:00Z", checkpointCount: 1 }),
    ];
    const items = threadChoices(threads, "agent", now);
    expect(items.map((item) => item.value)).toEqual([{ kind: "new" }, { kind: "existing", threadId: "chat" }, { kind: "existing", threadId: "no-messages" }]);
    expect(items[1].description).toMatch(/^ai: Hello Bob, nice to meet you! Hello Bob.{20,}…$/);
    expect(items[1].description!.length).toBe(70);
    expect(items[1].detail).toBe("updated 5 minutes ago · step 1 · 3 checkpoints");
    expect(items[2].description).toBe("step 2 · next: call_model");
    expect(items[2].detail).toBe("updated 3 hours ago · step 2 · 1 checkpoint");
  });

  it("leaves out the step and checkpoint count of a LangGraph server's thread, which its listing does not give, and shows its status", () => {
    const server = (threadId: string, extra: Partial<ThreadSummary> = {}): ThreadSummary => ({
      threadId,
      graphId: "agent",
      status: "interrupted",
      updatedAt: "2026-12-04T11:55:00Z",
      ...extra,
    });
    const items = threadChoices([server("asked"), server("chat", { status: "idle", lastMessage: { role: "ai", text: "Hi Bob" } })], "agent", now);
    expect(items.slice(1).map((item) => [item.description, item.detail])).toEqual([
      ["interrupted", "updated 5 minutes ago"],
      ["ai: Hi Bob", "updated 5 minutes ago"],
    ]);
  });

  it("suggests a thread id the database does not have yet", () => {
    expect(suggestThreadId("agent", [thread("agent-1"), thread("agent-3")])).toBe("agent-2");
    expect(timeAgo("2026-12-04T11:59:30Z", now)).toBe("just now");
    expect(timeAgo("2026-12-02T11:00:00Z", now)).toBe("2 days ago");
  });

  it("prefills a messages input and the context from the graph's schemas", () => {
    const request: InputRequest = { input: { schema: messagesInput }, context: { schema: userContext } };
    expect(JSON.parse(inputDocument(request))).toEqual({ input: { messages: [{ role: "user", content: "" }] }, context: { userId: "user-1" } });
    // No context schema: no context; an existing thread opened without input: only the context.
    expect(JSON.parse(inputDocument({ input: { schema: messagesInput } }))).toEqual({ input: { messages: [{ role: "user", content: "" }] } });
    expect(JSON.parse(inputDocument({ context: { schema: userContext } }))).toEqual({ context: { userId: "user-1" } });
  });

  it("reads the edited document, multi-line, and names the field that breaks the schema", () => {
    const request: InputRequest = { input: { schema: messagesInput }, context: { schema: userContext } };
    const edited = `{\n  "input": {\n    "messages": [\n      { "role": "user", "content": "Hi!\\nI am Bob" }\n    ]\n  },\n  "context": { "userId": "bob" }\n}\n`;
    expect(readInputDocument(edited, request)).toEqual({ input: { messages: [{ role: "user", content: "Hi!\nI am Bob" }] }, context: { userId: "bob" } });

    expect(readInputDocument(`{ "input": { "messages": [] }, "context": { "userId": 7 } }`, request)).toEqual({
      error: '"context.userId" must be a string, not number 7.',
    });
    expect(readInputDocument(`{ "input": { "messages": [] }, "context": {} }`, request)).toEqual({ error: '"context.userId" is required.' });
    expect(readInputDocument(`{ "input": { "messages": [] }, "context": { "userId": "" } }`, request)).toEqual({
      error: '"context.userId" must have at least 1 character.',
    });
    expect(readInputDocument(`{ "input": { "messages": ["hi"] }, "context": { "userId": "u" } }`, request)).toEqual({
      error: '"input.messages[0]" must be an object, not string "hi".',
    });
    expect(readInputDocument(`{ "context": { "userId": "u" } }`, request)).toMatchObject({ error: expect.stringContaining('no "input" field') });
    expect(readInputDocument(`{ "input": {}, "context": { "userId": "u" }, "config": {} }`, request)).toMatchObject({
      error: expect.stringContaining('"config"'),
    });
    expect(readInputDocument(`{\n  "input": {,\n}`, request)).toMatchObject({ error: expect.stringMatching(/^The input is not valid JSON: .* line 2/) });
  });

  it("builds the stop-on-entry launch the debug adapter accepts, and saves it under a free name", () => {
    const launch = wizardLaunch({ graphId: "agent", threadId: "agent-1", values: { input: { messages: [] }, context: { userId: "u" } } });
    expect(launch).toEqual({
      type: "langgraph",
      request: "launch",
      name: "agent · thread agent-1",
      graph: "agent",
      threadId: "agent-1",
      input: { messages: [] },
      context: { userId: "u" },
      stopOnEntry: true,
    });
    const { type: _type, request: _request, name: _name, ...attributes } = launch;
    expect(launchSchema.strict().safeParse(attributes).success).toBe(true);
    // No input: the session opens the thread at its newest checkpoint.
    expect(wizardLaunch({ graphId: "agent", threadId: "t", values: {}, configFile: "app/langgraph.json" })).not.toHaveProperty("input");
    expect(wizardLaunch({ graphId: "agent", threadId: "t", values: {}, configFile: "app/langgraph.json" }).configFile).toBe("app/langgraph.json");

    const existing = [{ name: "agent · thread agent-1", type: "langgraph" }, { name: "agent · thread agent-1 (2)" }];
    expect(withLaunchAppended(existing, launch).map((config) => config.name)).toEqual([...existing.map((config) => config.name), "agent · thread agent-1 (3)"]);
  });
});
