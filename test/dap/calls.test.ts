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
import { frames, launch, launchMemoryAgentOnEntry, removeTempDirs, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

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

  it("strict: a changed prompt fails the node with the closest recording and the difference", async () => {
    session = await startAdapter();
    const { dc } = session;
    await launchWeather(dc, tempDb(), { replay: "strict" });
    // A fresh thread has no recordings: strict fails its first call at once.
    const failed = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(failed.body.reason).toBe("exception");
    expect(failed.body.text ?? failed.body.description).toMatch(/no recording of ChatOpenAI call 1 of agent/);
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
