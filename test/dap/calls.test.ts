// Record and replay over DAP: every model and tool call a node makes is recorded in the
// workspace database with its checkpoint and task, and a node run again from a past checkpoint
// replays them instead of calling out. The model is @langchain/openai's ChatOpenAI talking to a
// real local OpenAI-compatible server that counts what it is asked.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallsView } from "../../src/protocol/engine";
import { startOpenAiStandIn, type OpenAiStandIn } from "../support/openaiStandIn";
import {
  children,
  evaluate,
  frames,
  launch,
  launchMemoryAgentOnEntry,
  named,
  removeTempDirs,
  scope,
  startAdapter,
  stopAfter,
  tempDb,
  type Session,
} from "./helpers";

const weatherGraph = join(__dirname, "fixtures", "openai");
const API_KEY = "sk-test-0123456789abcdefSECRET";

let openai: OpenAiStandIn;
let session: Session | undefined;
beforeAll(async () => {
  openai = await startOpenAiStandIn();
});
afterAll(async () => {
  await openai.close();
  removeTempDirs();
});
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});

async function calls(dc: DebugClient, args: Record<string, unknown> = {}): Promise<CallsView> {
  return (await dc.customRequest("langgraph/calls", args)).body as CallsView;
}

/** Console output from now on, as one text. */
function consoleText(dc: DebugClient): () => string {
  let text = "";
  dc.on("output", (event: DebugProtocol.OutputEvent) => (text += event.body.output));
  return () => text;
}

async function launchWeather(dc: DebugClient, db: string, extra: Record<string, unknown> = {}): Promise<void> {
  const entry = dc.waitForEvent("stopped");
  await launch(dc, {
    cwd: weatherGraph,
    graph: "weather",
    db,
    threadId: "w",
    stopOnEntry: true,
    input: { messages: [{ role: "user", content: "What is the weather in Lyon?" }] },
    env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: openai.baseURL },
    ...extra,
  });
  await entry;
}

/** Travels to the thread's first checkpoint: Restart Frame on its frame. */
async function backToStart(dc: DebugClient): Promise<void> {
  const first = (await frames(dc)).at(-1)!;
  await stopAfter(dc, () => dc.send("restartFrame", { frameId: first.id }));
}

/** What the database holds on disk: db.json and the journal not yet folded into it. */
function databaseText(db: string): string {
  return [db, `${db}.journal`].map((file) => (existsSync(file) ? readFileSync(file, "utf8") : "")).join("\n");
}

describe("recording calls", () => {
  it("records ChatOpenAI's two answers and the tool's result with node, task and tokens, and no API key in the database", async () => {
    session = await startAdapter();
    const { dc } = session;
    const db = tempDb();
    const before = openai.requests.length;
    await launchWeather(dc, db);
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    expect(openai.requests.length - before).toBe(2);
    expect(openai.authorizations.at(-1)).toBe(`Bearer ${API_KEY}`);

    const view = await calls(dc);
    expect(view.calls.map((call) => [call.kind, call.name, call.node, call.index])).toEqual([
      ["model", "ChatOpenAI", "agent", 1],
      ["tool", "get_weather", "tools", 1],
      ["model", "ChatOpenAI", "agent", 1],
    ]);
    const [ask, tool, answer] = view.calls;
    expect(ask!.model).toBe("gpt-4o-mini");
    expect(ask!.responseSummary).toBe("calls get_weather");
    expect(tool!.requestSummary).toBe('{"city":"Lyon"}');
    expect(tool!.responseSummary).toBe("sunny and 21 degrees in Lyon");
    expect(answer!.responseSummary).toBe("The weather service says: sunny and 21 degrees in Lyon");
    expect(answer!.usage).toEqual({ input: 40, output: 7 });
    expect(answer!.cost).toBeGreaterThan(0);
    expect(view.totals.calls).toBe(3);
    expect(view.totals.tokensIn).toBe(20 + 40);
    expect(view.byNode.agent!.calls).toBe(2);
    expect(view.calls.every((call) => call.replayedFrom === undefined)).toBe(true);

    const file = databaseText(db);
    expect(file).toContain('"calls"');
    expect(file).not.toContain(API_KEY);
  });
});

describe("replay", () => {
  it("auto: travelling back and continuing replays every call, streamed, and the server gets no request", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb());
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const asked = openai.requests.length;
    await backToStart(dc);
    const output = consoleText(dc);
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    expect(openai.requests.length).toBe(asked);
    expect(output()).toContain("↺ replayed ChatOpenAI call 1 of agent");
    expect(output()).toContain("↺ replayed get_weather call 1 of tools");
    // Replayed as a stream: the answer's words reach the Debug Console as tokens.
    expect(output()).toContain("The weather service says: sunny and 21 degrees in Lyon");
    const view = await calls(dc);
    expect(view.calls.filter((call) => call.replayedFrom !== undefined)).toHaveLength(3);
    expect(view.totals.replayed).toBe(3);
  });

  it("off: the same re-run calls the server again", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb(), { replay: "off" });
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const asked = openai.requests.length;
    await backToStart(dc);
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(openai.requests.length).toBe(asked + 2);
  });

  it("strict: a fresh thread fails its first call, with nothing recorded to show", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb(), { replay: "strict" });
    const failed = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(failed.body.reason).toBe("exception");
    expect(failed.body.text ?? failed.body.description).toMatch(/no recording of ChatOpenAI call 1 of agent/);
  });

  it("strict: a changed prompt fails the node, showing the closest recording and the difference", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb());
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const asked = openai.requests.length;
    expect((await dc.customRequest("langgraph/replay", { mode: "strict" })).body).toEqual({ mode: "strict" });
    // Back to the checkpoint the first agent step ran from, and fork it with another question.
    const stack = await frames(dc);
    await stopAfter(dc, () => dc.send("restartFrame", { frameId: stack.find((frame) => frame.name === "step 0 · __start__")!.id }));
    const { checkpointId } = (await dc.customRequest("langgraph/position")).body as { checkpointId: string };
    const forked = dc.waitForEvent("stopped");
    await dc.customRequest("langgraph/editState", { checkpointId, path: ["messages", 0, "content"], value: "What is the weather in Paris?" });
    await forked;
    const failed = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(failed.body.reason).toBe("exception");
    const text = `${failed.body.text ?? ""} ${failed.body.description ?? ""}`;
    expect(text).toContain("no recording of ChatOpenAI call 1 of agent matches its request");
    expect(text).toContain('messages[1].content: "What is the weather in Lyon?" → "What is the weather in Paris?"');
    expect(openai.requests.length).toBe(asked);
  });
});

describe("the Calls scope and edited answers", () => {
  it("lists a step's calls with tokens and totals, and an edited answer re-runs the step as a fork", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb());
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    let stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 3 · agent");
    const scoped = await scope(dc, stack[0]!.id, "Calls");
    expect(scoped.map((entry) => entry.name)).toEqual(["ChatOpenAI call 1 of agent", "this step", "by node", "thread"]);
    expect(named(scoped, "thread").value).toContain("3 calls · 60 → 14 tokens");
    const answer = Object.fromEntries((await children(dc, named(scoped, "ChatOpenAI call 1 of agent"))).map((entry) => [entry.name, entry.value]));
    expect(answer.response).toBe('"The weather service says: sunny and 21 degrees in Lyon"');
    expect(answer.tokens).toBe('"40 → 7"');
    expect(answer.model).toBe('"gpt-4o-mini"');
    const original = ((await dc.customRequest("langgraph/position")).body as { checkpointId: string }).checkpointId;

    // Edit the answer in the Variables view: the session travels to where the step ran from.
    const asked = openai.requests.length;
    const call = named(scoped, "ChatOpenAI call 1 of agent");
    const travelled = dc.waitForEvent("stopped");
    await dc.setVariableRequest({ variablesReference: call.variablesReference, name: "response", value: '"Take an umbrella."' });
    await travelled;
    stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 2 · tools");
    expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
    expect(openai.requests.length).toBe(asked);
    stack = await frames(dc);
    const state = await scope(dc, stack[0]!.id, "State");
    expect(await evaluate(dc, "state.messages.at(-1).content", stack[0]!.id)).toBe('"Take an umbrella."');
    expect(named(state, "messages").value).toContain("Take an umbrella.");
    expect((await scope(dc, stack[0]!.id, "Calls")).map((entry) => entry.name)[0]).toBe("↺ ChatOpenAI call 1 of agent");
    // The original branch keeps its answer.
    const view = await calls(dc);
    expect(view.calls.find((found) => found.checkpointId === original)!.responseSummary).toBe("The weather service says: sunny and 21 degrees in Lyon");
    expect(view.calls.filter((found) => found.editedFrom !== undefined)).toHaveLength(1);
  });

  it("langgraph/editCall changes a tool's result and names the checkpoint to re-run from", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb());
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const tool = (await calls(dc)).calls.find((call) => call.kind === "tool")!;
    const travelled = dc.waitForEvent("stopped");
    const edited = (await dc.customRequest("langgraph/editCall", { callId: tool.id, response: "snowing in Lyon" })).body as {
      call: { editedFrom: string };
      rerunFrom: string;
    };
    await travelled;
    expect(edited.call.editedFrom).toBe(tool.id);
    expect(edited.rerunFrom).toBe(tool.from);
    expect(((await dc.customRequest("langgraph/position")).body as { checkpointId: string }).checkpointId).toBe(tool.from);
    const before = openai.requests.length;
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    // The model sees the new tool result: a new request, answered live.
    expect(openai.requests.length).toBe(before + 1);
    expect(openai.requests.at(-1)!.messages.at(-1)!.content).toBe("snowing in Lyon");
    await expect(dc.customRequest("langgraph/editCall", { callId: "nope", response: "x" })).rejects.toThrow(/no recorded call "nope"/);
  });
});

describe("HTTP calls of an SDK", () => {
  it("records OpenAIEmbeddings' HTTP request and replays it without a request", async () => {
    session = await startAdapter();
    const { dc } = session;
    const entry = dc.waitForEvent("stopped");
    await launch(dc, {
      cwd: weatherGraph,
      graph: "search",
      db: tempDb(),
      threadId: "s",
      stopOnEntry: true,
      input: { query: "green tea" },
      env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: openai.baseURL },
    });
    await entry;
    const before = openai.embeddings.length;
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(openai.embeddings.slice(before)).toEqual(["green tea"]);
    const [call] = (await calls(dc)).calls;
    expect(call).toMatchObject({ kind: "http", node: "embed", index: 1 });
    expect(call!.name).toMatch(/^POST 127\.0\.0\.1:\d+$/);
    expect(JSON.stringify(call!.request)).not.toContain(API_KEY);
    const vector = await evaluate(dc, "JSON.stringify(state.vector)", (await frames(dc))[0]!.id);

    await backToStart(dc);
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(openai.embeddings.length).toBe(before + 1);
    expect((await calls(dc)).calls.filter((found) => found.replayedFrom === call!.id)).toHaveLength(1);
    expect(await evaluate(dc, "JSON.stringify(state.vector)", (await frames(dc))[0]!.id)).toBe(vector);
  });
});

describe("the memory agent's stand-in model", () => {
  it("records OfflineChatModel's answer at the checkpoint its step made", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchMemoryAgentOnEntry(dc, { db: tempDb(), threadId: "1", content: "Hi! Remember: my name is Bob" });
    await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    const view = await calls(dc);
    expect(view.calls).toHaveLength(1);
    expect(view.calls[0]).toMatchObject({ kind: "model", name: "OfflineChatModel", node: "call_model", index: 1 });
    expect(view.calls[0]!.responseSummary).toBe("Got it. I will remember that: my name is Bob.");
  });
});
