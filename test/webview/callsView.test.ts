// Recorded calls in the debugger view, in real headless Chromium, from the real DebuggerViewHost,
// engine and debug adapter: a ChatOpenAI tool-calling agent (test/dap/fixtures/openai) talks to
// a real local OpenAI-compatible server, so the database holds its model and tool calls. The
// graph's nodes badge their calls and tokens, the timeline marks the steps that made calls
// (↺ once a re-run replayed them) and totals the thread, the State tab lists a checkpoint's
// calls, and Edit answer edits one through the debug session, which Continue then re-runs.

import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DebuggerViewHost } from "../../src/ui/debuggerView/debuggerViewHost";
import type { DatabaseLink } from "../../src/ui/debuggerView/hostLinks";
import { startOpenAiStandIn, type OpenAiStandIn } from "../support/openaiStandIn";
import { debuggerSuite } from "./debuggerSuite";
import { databaseLink, engineFor, recordingEditor, startDebugSession, type DebugSessionUnderTest } from "./debuggerLinks";
import { openWebviewPage, repoRoot, type WebviewPage } from "./webviewHarness";

const weatherGraph = join(repoRoot, "test/dap/fixtures/openai");
const screenshotDir = process.env.WEBVIEW_SCREENSHOT_DIR ?? tmpdir();

const suite = debuggerSuite("lg-calls-view-");
const { cleanups } = suite;
let openai: OpenAiStandIn;
beforeAll(async () => {
  openai = await startOpenAiStandIn();
});
afterAll(async () => openai?.close());

let dbCount = 0;

/** A debug session that ran the weather agent to its end on thread "w" of a new database, stopped there: the caller closes it. */
async function weatherRun(): Promise<{ session: DebugSessionUnderTest; db: string; dbLink: DatabaseLink }> {
  const db = join(suite.folder, `db-${++dbCount}.json`);
  const session = await startDebugSession();
  const entry = session.nextPosition("stopped");
  await session.launch({
    cwd: weatherGraph,
    graph: "weather",
    db,
    threadId: "w",
    stopOnEntry: true,
    input: { messages: [{ role: "user", content: "What is the weather in Lyon?" }] },
    env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: openai.baseURL },
  });
  await entry;
  const end = session.nextPosition("stopped");
  await session.dc.continueRequest({ threadId: 1 });
  expect((await end).reason).toBe("end");
  return { session, db, dbLink: databaseLink(join(weatherGraph, "langgraph.json"), db) };
}

async function showDebugger(dbLink: DatabaseLink, session?: DebugSessionUnderTest): Promise<{ view: WebviewPage; host: DebuggerViewHost }> {
  const view = await openWebviewPage(suite.browser, suite.server);
  const host = new DebuggerViewHost({
    engine: engineFor(weatherGraph),
    configFile: join(weatherGraph, "langgraph.json"),
    graphId: "weather",
    post: (message) => void view.post(message),
    log: () => undefined,
    db: dbLink,
    editor: recordingEditor(),
    ...(session ? { session: session.link, breakpoints: session.breakpoints } : {}),
  });
  view.connect(host);
  cleanups.push(async () => {
    host.dispose();
    await view.page.context().close();
    expect(view.problems).toEqual([]);
  });
  await view.open();
  // A step that cannot happen fails with what it waited for, before the test's own timeout.
  view.page.setDefaultTimeout(15_000);
  return { view, host };
}

const text = async (view: WebviewPage, selector: string) => ((await view.page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

/** Selects a timeline row and shows the State tab, where the checkpoint's calls are listed. */
async function showCallsOf(view: WebviewPage, row: string): Promise<void> {
  await view.page.locator('.tab[data-tab="timeline"]').click();
  await view.page.locator(row).first().click();
  await view.page.locator('.tab[data-tab="state"]').click();
}

describe("debugger view: recorded calls", () => {
  it("badges nodes with their calls and tokens, marks the steps that made calls, totals the thread and lists a step's calls", async () => {
    const { session, dbLink } = await weatherRun();
    // A session that ended: the view reads the database alone.
    await session.close();
    const { view, host } = await showDebugger(dbLink);
    await view.page.locator('g.graph-node[data-node-id="agent"] .graph-node-calls-text').waitFor({ timeout: 20_000 });

    // Graph: the agent asked the model twice (20 and 40 tokens in, 7 out each), the tool ran once.
    expect(await text(view, 'g.graph-node[data-node-id="agent"] .graph-node-calls-text')).toBe("2 · 74 tok");
    expect(await view.page.locator('g.graph-node[data-node-id="agent"] .graph-node-calls').getAttribute("aria-label")).toMatch(
      /^2 calls · 60 → 14 tokens · [\d.]+ m?s · \$0\.000017$/,
    );
    expect(await text(view, 'g.graph-node[data-node-id="tools"] .graph-node-calls-text')).toBe("1");
    expect(await view.page.locator(".graph-node-calls").count()).toBe(2);

    // Timeline: the three steps that made a call, each listing it; the thread's totals above.
    const markers = view.page.locator(".timeline-row .timeline-calls");
    expect(await markers.count()).toBe(3);
    expect(await view.page.locator(".timeline-calls.replayed").count()).toBe(0);
    expect(await view.page.locator('.timeline-row[data-step="1"] .timeline-calls').getAttribute("title")).toBe(
      "Calls of this step:\nChatOpenAI call 1 of agent: calls get_weather",
    );
    expect(await view.page.locator('.timeline-row[data-step="2"] .timeline-calls').getAttribute("title")).toBe(
      "Calls of this step:\nget_weather call 1 of tools: sunny and 21 degrees in Lyon",
    );
    expect(await text(view, ".timeline-calls-total")).toMatch(/^3 calls · 60 → 14 tokens · /);

    // State tab: the step's call, its one-line summaries, tokens and cost; expanded, the whole request.
    await showCallsOf(view, '.timeline-row[data-step="1"]');
    const row = view.page.locator("#panel-state .call-row");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await text(view, ".call-name")).toBe("ChatOpenAI");
    expect(await text(view, ".call-index")).toBe("call 1 of agent");
    expect(await text(view, ".call-request")).toBe("→ 2 messages, last human: What is the weather in Lyon?");
    expect(await text(view, ".call-response")).toBe("← calls get_weather");
    expect(await text(view, ".call-metrics")).toMatch(/^20 → 7 tokens · [\d.]+ m?s · \$0\.0000072$/);
    expect(await view.page.locator(".call-replayed").count()).toBe(0);
    await view.page.locator(".call-toggle").click();
    expect(await text(view, ".call-request-json")).toContain("What is the weather in Lyon?");
    expect(await text(view, ".call-response-json")).toContain('"name": "get_weather"');

    // The node panel: the calls of the node's last run before the selected checkpoint.
    await view.page.locator('g.graph-node[data-node-id="agent"]').click();
    await expect.poll(() => view.page.locator(".node-panel .call-row").count()).toBe(1);
    expect(await text(view, ".node-panel .call-response")).toBe("← calls get_weather");

    // Without a debug session on the thread there is nothing to re-run an edited answer: disabled, saying why.
    const edit = view.page.locator("#panel-state vscode-button.call-edit");
    expect(await edit.getAttribute("disabled")).not.toBeNull();
    expect(await edit.getAttribute("title")).toMatch(/^Start debugging this thread \(Debug from Here\) to edit a recorded answer/);
    const callId = await row.getAttribute("data-call-id");
    await expect(host.handle({ type: "calls/editAnswer", callId: callId!, response: "rain" })).rejects.toThrow(
      /^Start debugging thread w \(Debug from Here\) to edit a recorded answer/,
    );
    await view.page.screenshot({ path: join(screenshotDir, "debugger-calls.png") });
  });

  it("marks replayed calls ↺ after a re-run, and Edit answer edits a call through the session, which Continue re-runs with it", async () => {
    const { session, dbLink } = await weatherRun();
    cleanups.push(() => session.close());
    const { view } = await showDebugger(dbLink, session);
    await view.page.locator(".timeline-row.position").waitFor({ timeout: 20_000 });
    const asked = openai.requests.length;

    // Travel back to the input and run again: the three calls are replayed from the recording.
    await view.page.locator('.timeline-row[data-source="input"]').click();
    let stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-button.time-travel").click();
    expect((await stopped).reason).toBe("goto");
    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    expect((await stopped).reason).toBe("end");
    expect(openai.requests.length).toBe(asked);
    await expect.poll(() => view.page.locator(".timeline-calls.replayed").count()).toBe(3);
    expect(await text(view, ".timeline-calls.replayed")).toBe("↺1");
    await expect.poll(() => text(view, 'g.graph-node[data-node-id="agent"] .graph-node-calls-text')).toMatch(/^↺ 4/);
    expect(await view.page.locator('g.graph-node[data-node-id="agent"] .graph-node-calls').getAttribute("aria-label")).toMatch(/^4 calls \(2 replayed\)/);
    // The re-run's first step with a call: the agent's, replayed.
    await showCallsOf(view, ".timeline-row:has(.timeline-calls.replayed)");
    expect(await text(view, ".call-name")).toBe("ChatOpenAI");
    await expect.poll(() => text(view, ".call-row .call-replayed")).toBe("↺");

    // What if the model had answered at once? Edit its first answer on the original run.
    await showCallsOf(view, '.timeline-row[data-step="1"]:has(.timeline-calls:not(.replayed))');
    await expect.poll(() => view.page.locator(".call-row .call-replayed").count()).toBe(0);
    const original = await view.page.locator(".call-row").getAttribute("data-call-id");
    const edit = view.page.locator("vscode-button.call-edit");
    expect(await edit.getAttribute("disabled")).toBeNull();
    await edit.click();
    const editor = view.page.locator(".call-editor-text");
    expect(await editor.inputValue()).toBe("");
    await editor.fill("It is raining in Lyon.");
    await view.page.screenshot({ path: join(screenshotDir, "debugger-calls-edit.png") });
    stopped = session.nextPosition("stopped");
    await editor.press("Control+Enter");
    const back = await stopped;
    expect(back.step).toBe(0);
    expect(view.posted).toContainEqual({ type: "calls/editAnswer", callId: original, response: "It is raining in Lyon." });
    await expect.poll(() => view.page.locator(".call-editor").count()).toBe(0);

    const edited = (await dbLink.request("db/calls", { threadId: "w" })).calls.find((call) => call.editedFrom === original);
    expect(edited).toMatchObject({ kind: "model", node: "agent", responseSummary: "It is raining in Lyon." });

    // Continue: the agent replays the edited answer, asks for no tool, and the run ends on a new branch.
    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    expect((await stopped).reason).toBe("end");
    expect(openai.requests.length).toBe(asked);
    const calls = (await dbLink.request("db/calls", { threadId: "w" })).calls;
    expect(calls.filter((call) => call.replayedFrom === edited!.id)).toHaveLength(1);
    await expect.poll(() => view.page.locator(".timeline-calls.replayed").count()).toBe(4);

    // The session ends while an answer is being edited: Save says why nothing was edited.
    await showCallsOf(view, '.timeline-row[data-step="2"]:has(.timeline-calls:not(.replayed))');
    expect(await text(view, ".call-name")).toBe("get_weather");
    await view.page.locator("vscode-button.call-edit").click();
    expect(await view.page.locator(".call-editor-text").inputValue()).toBe("sunny and 21 degrees in Lyon");
    const ended = session.nextPosition("ended");
    await session.link.stop();
    await ended;
    await expect.poll(() => view.page.locator("vscode-button.call-edit").getAttribute("disabled")).not.toBeNull();
    await view.page.locator("vscode-button.call-editor-save").click();
    await expect.poll(() => text(view, ".call-editor-error")).toMatch(/^Start debugging thread w \(Debug from Here\) to edit a recorded answer/);
    expect(await view.page.locator(".call-editor-text").inputValue()).toBe("sunny and 21 degrees in Lyon");
    await view.page.locator(".call-editor-text").press("Escape");
    await expect.poll(() => view.page.locator(".call-editor").count()).toBe(0);
  });
});
