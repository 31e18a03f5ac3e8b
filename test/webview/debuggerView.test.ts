// The debugger view in real headless Chromium, driven by the real DebuggerViewHost, the real
// engine process (the workspace database through db/*) and the real debug adapter on that same
// engine: asserts what a user sees in the timeline, the state and the store, and what the
// controls do to the session and the database file.

import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../src/engineClient/engineClient";
import type { PositionEventBody } from "../../src/protocol/debugEvents";
import type { HostMessage } from "../../src/protocol/webview";
import { DebuggerViewHost } from "../../src/ui/debuggerView/debuggerViewHost";
import type { DatabaseLink } from "../../src/ui/debuggerView/hostLinks";
import { REQUEST_CANCELLED } from "../../src/protocol/webviewRpc";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer";
import { debuggerSuite } from "./debuggerSuite";
import { databaseLink, engineFor, postedOfType, recordingEditor, startDebugSession, type DebugSessionUnderTest } from "./debuggerLinks";
import { lineIn, openWebviewPage, repoRoot } from "./webviewHarness";
import type { PageElement, Theme, WebviewPage } from "./webviewHarness";

const memoryAgent = join(repoRoot, "examples/memory-agent");
const playground = join(repoRoot, "examples/debug-playground");
const screenshotDir = process.env.WEBVIEW_SCREENSHOT_DIR ?? tmpdir();

const suite = debuggerSuite("lg-debugger-view-");
const { cleanups } = suite;

interface ShownView {
  view: WebviewPage;
  host: DebuggerViewHost;
  /** What the view asked VS Code's editor to open. */
  editor: ReturnType<typeof recordingEditor>;
  logged: string[];
  posted: HostMessage[];
}

/** Opens the debugger view of a graph on a database, as the panel does. */
async function showDebugger(
  workspace: string,
  graphId: string,
  dbPath: string,
  session?: DebugSessionUnderTest,
  theme?: Theme,
  db: DatabaseLink = databaseLink(join(workspace, "langgraph.json"), dbPath),
): Promise<ShownView> {
  const configFile = join(workspace, "langgraph.json");
  const view = await openWebviewPage(suite.browser, suite.server);
  const logged: string[] = [];
  const posted: HostMessage[] = [];
  const editor = recordingEditor();
  const host = new DebuggerViewHost({
    engine: engineFor(workspace),
    configFile,
    graphId,
    post: (message) => {
      posted.push(message);
      void view.post(message);
    },
    log: (message) => logged.push(message),
    db,
    editor,
    ...(session ? { session: session.link, breakpoints: session.breakpoints } : {}),
  });
  view.connect(host);
  cleanups.push(async () => {
    host.dispose();
    await view.page.context().close();
    // A CSP violation, page error or console error anywhere in a test fails that test.
    expect(view.problems).toEqual([]);
  });
  await view.open(theme);
  return { view, host, editor, logged, posted };
}

async function debugSession(): Promise<DebugSessionUnderTest> {
  const session = await startDebugSession();
  cleanups.push(() => session.close());
  return session;
}

/** A debug session of the playground on a new database (thread "t", two drafts), stopped on entry. */
async function playgroundStoppedOnEntry(): Promise<{ session: DebugSessionUnderTest; db: string; entry: PositionEventBody }> {
  const session = await debugSession();
  const db = newDb();
  const entered = session.nextPosition("stopped");
  await session.launch({ cwd: playground, graph: "playground", db, threadId: "t", stopOnEntry: true, input: { topic: "time travel", requiredDrafts: 2 } });
  return { session, db, entry: await entered };
}

let dbCount = 0;
function newDb(): string {
  return join(suite.folder, `db-${++dbCount}.json`);
}

const agentLaunch = (db: string, threadId: string, content: string) => ({
  cwd: memoryAgent,
  graph: "agent",
  db,
  threadId,
  context: { userId: "1" },
  input: { messages: [{ role: "user", content }] },
});

/** Runs the memory agent to its end on a thread (a database with checkpoints and a memory). */
async function runMemoryAgent(db: string, threadId: string, content: string): Promise<void> {
  const session = await startDebugSession();
  try {
    const ended = session.nextPosition("ended");
    await session.launch(agentLaunch(db, threadId, content));
    await ended;
  } finally {
    await session.close();
  }
}

/** The Store tab, showing the store as it is now (it opens as of the selected checkpoint, read-only). */
async function openStoreNow(view: WebviewPage): Promise<void> {
  await view.page.locator('.tab[data-tab="store"]').click();
  await view.page.locator("vscode-button.store-now").click();
}

/** Names of the timeline rows on screen, oldest first. */
async function timelineNames(view: WebviewPage): Promise<string[]> {
  return view.page.locator(".timeline-row .timeline-name").allTextContents();
}

describe("debugger view: timeline and state from the workspace database", () => {
  it("lists the thread's checkpoints and shows the newest one's state, its diff and the conversation, without a session", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);

    await view.page.locator(".timeline-row").first().waitFor({ timeout: 20_000 });
    expect(await view.page.locator(".thread-select").evaluate((select) => (select as unknown as { value: string }).value)).toBe("1");
    // Each checkpoint by the node(s) that wrote it, as the Call Stack names it; what runs next beside it.
    expect(await timelineNames(view)).toEqual(["step -1 · input", "step 0 · __start__", "step 1 · call_model"]);
    expect(await view.page.locator(".timeline-row .timeline-next").allTextContents()).toEqual(["next: __start__", "next: call_model"]);
    // The newest checkpoint is selected; its state is one tab away.
    expect(await view.page.locator(".timeline-row.selected").getAttribute("data-step")).toBe("1");
    expect(await view.page.locator(".session-status").textContent()).toContain("No debug session");

    await view.page.locator('.tab[data-tab="state"]').click();
    const messagesRow = view.page.locator(".state-row[data-path='[\"messages\"]']");
    await messagesRow.waitFor();
    // call_model appended the answer: the channel is changed against the parent checkpoint.
    expect(await messagesRow.getAttribute("data-diff")).toBe("changed");
    await messagesRow.click();
    const answer = view.page.locator(".state-row[data-path='[\"messages\",1]']");
    await answer.waitFor();
    expect(await answer.getAttribute("data-diff")).toBe("added");
    expect(await answer.textContent()).toContain("AI: Got it. I will remember that: my name is Bob.");
    // The whole value, rendered only when asked for: the inspector under the tree.
    await answer.click();
    await expect.poll(() => view.page.locator(".state-inspector-value").textContent()).toContain('"type": "ai"');
    expect(await view.page.locator(".state-inspector-title").textContent()).toContain("messages.1");

    await view.page.locator("vscode-toolbar-button.state-mode-conversation").click();
    const messages = view.page.locator(".conversation .message");
    await messages.first().waitFor();
    expect(await messages.evaluateAll((nodes) => nodes.map((node) => (node as unknown as { dataset: { role: string } }).dataset.role))).toEqual([
      "human",
      "ai",
    ]);
    // Roles read as words, as rendered (innerText applies CSS text-transform).
    expect(await messages.locator(".message-role").allInnerTexts()).toEqual(["Human", "AI"]);
    expect(await messages.nth(1).locator(".message-content").textContent()).toContain("my name is Bob");

    await view.page.locator("vscode-toolbar-button.state-mode-json").click();
    await expect.poll(() => view.page.locator(".json-line").allTextContents()).toContainEqual(expect.stringContaining('"messages": ['));
    await view.page.screenshot({ path: join(screenshotDir, "debugger-state-dark.png") });
  });

  it("selecting an older checkpoint shows its state; the choice, the tab and the expanded paths survive a reload", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator('.timeline-row[data-step="0"]').click();
    await view.page.locator('.tab[data-tab="state"]').click();
    await view.page.locator(".state-row[data-path='[\"messages\"]']").click();
    await view.page.locator(".state-row[data-path='[\"messages\",0]']").waitFor();
    expect(await view.page.locator(".state-title").textContent()).toContain("step 0");
    expect(await view.page.locator(".state-row[data-path='[\"messages\",1]']").count()).toBe(0);

    await view.page.reload({ waitUntil: "load" });
    await view.waitForPosted("webview/ready", 2);
    await view.page.locator(".state-row[data-path='[\"messages\",0]']").waitFor({ timeout: 20_000 });
    expect(await view.page.locator(".state-title").textContent()).toContain("step 0");
    expect(await view.page.locator('.tab[data-tab="state"]').getAttribute("aria-selected")).toBe("true");
    expect(view.savedState()).toMatchObject({ tab: "state", threadId: "1", expanded: ['["messages"]'] });
  });

  it("shows the checkpoint clicked last: a newer choice cancels the request for the slower one", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const real = databaseLink(join(memoryAgent, "langgraph.json"), db);
    const { checkpoints } = await real.request("db/checkpoints", { threadId: "1" });
    const slow = checkpoints.find((checkpoint) => checkpoint.step === 0)!;
    // Once armed, the host's next read of step 0 waits until the test lets it go.
    let armed = false;
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding: DatabaseLink = {
      info: () => real.info(),
      onDidChange: (listener) => real.onDidChange(listener),
      request: async (method, params) => {
        const answer = await real.request(method, params);
        if (armed && method === "db/checkpoint" && "checkpointId" in params && params.checkpointId === slow.checkpointId) {
          armed = false;
          await held;
        }
        return answer;
      },
    };
    const { view } = await showDebugger(memoryAgent, "agent", db, undefined, undefined, holding);
    await view.page.locator('.timeline-row[data-step="1"]').waitFor({ timeout: 20_000 });
    armed = true;
    await view.page.locator('.timeline-row[data-step="0"]').click();
    await view.waitForPosted("timeline/selectCheckpoint", 1);
    await view.page.locator('.timeline-row[data-step="1"]').click();
    await view.page.locator('.tab[data-tab="state"]').click();
    await expect.poll(() => view.page.locator(".state-title").textContent(), { timeout: 10_000 }).toContain("step 1");

    // Step 0's answer comes after all: its request was cancelled, and the view stays on step 1.
    release!();
    await expect
      .poll(() => view.failed.map((reply) => [reply.method, reply.error.code]), { timeout: 10_000 })
      .toEqual([["timeline/selectCheckpoint", REQUEST_CANCELLED]]);
    await view.page.waitForTimeout(500);
    expect(await view.page.locator(".state-title").textContent()).toContain("step 1");
  });

  it("opens on a checkpoint a command names (Threads view › Fork): its thread, that checkpoint, the State tab", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    await runMemoryAgent(db, "2", "what is my name?");
    const { view, host } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator(".timeline-row").first().waitFor();
    const { checkpoints } = await databaseLink(join(memoryAgent, "langgraph.json"), db).request("db/checkpoints", { threadId: "1" });
    const stepZero = checkpoints.find((checkpoint) => checkpoint.step === 0)!;

    await host.show("1", stepZero.checkpointId, "state");
    await view.page.locator('.tab[data-tab="state"][aria-selected="true"]').waitFor();
    await expect.poll(() => view.page.locator(".state-title").textContent()).toContain("step 0");
    expect(await view.page.locator(".thread-select").evaluate((select) => (select as unknown as { value: string }).value)).toBe("1");
    expect(view.savedState()).toMatchObject({ tab: "state", threadId: "1", checkpointId: stepZero.checkpointId });
  });

  it("clicking a node shows its last input and output", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator('.timeline-row.selected[data-step="1"]').waitFor({ timeout: 20_000 });
    await view.page.locator('g.graph-node[data-node-id="call_model"]').click();

    const panel = view.page.locator(".node-panel");
    await expect.poll(() => panel.locator(".node-panel-when").textContent(), { timeout: 10_000 }).toContain("last ran at step 1");
    const input = await panel.locator(".node-input").textContent();
    expect(input).toContain("Hi! Remember: my name is Bob");
    expect(input).not.toContain("Got it");
    expect(await panel.locator(".node-output").textContent()).toContain("Got it. I will remember that: my name is Bob.");
  });

  it("clicking a node opens its addNode line; Go to Function opens the function (or the subgraph) it runs", async () => {
    const { view, editor } = await showDebugger(playground, "playground", newDb());
    const src = (file: string) => join(playground, "src", file);
    const opened = (file: string, text: string) => ({ source: { file: src(file), line: lineIn(src(file), text) } });

    await view.page.locator('g.graph-node[data-node-id="review"]').click();
    await expect.poll(() => editor.opened, { timeout: 10_000 }).toEqual([opened("playground.ts", '.addNode("review"')]);
    await view.page.locator(".node-panel .node-go-to-function").click();
    await expect.poll(() => editor.opened).toHaveLength(2);
    expect(editor.opened[1]).toEqual(opened("nodes.ts", "export function review"));

    // A node inside the `polish` subgraph is added in polish.ts, where the subgraph is built.
    await view.page.locator('g.graph-node[data-node-id="polish:tidy"]').click();
    await expect.poll(() => editor.opened).toHaveLength(3);
    expect(editor.opened[2]).toEqual(opened("polish.ts", '.addNode("tidy"'));
    await expect.poll(() => view.page.locator(".node-panel-name").textContent()).toBe("polish:tidy");
    await view.page.locator(".node-panel .node-go-to-function").click();
    await expect.poll(() => editor.opened).toHaveLength(4);
    expect(editor.opened[3]).toEqual(opened("polish.ts", "function tidy"));
  });

  it("shows every checkpoint of a thread longer than one page of db/checkpoints, as one lineage", async () => {
    const counter = join(repoRoot, "test/dap/fixtures/bench");
    const db = newDb();
    const session = await debugSession();
    const ended = session.nextPosition("ended");
    await session.launch({ cwd: counter, graph: "counter", db, threadId: "long", input: { until: 150 }, config: { recursionLimit: 200 } });
    await ended;
    const { total } = await databaseLink(join(counter, "langgraph.json"), db).request("db/checkpoints", { threadId: "long", limit: 1 });
    expect(total).toBeGreaterThan(150);

    const { view } = await showDebugger(counter, "counter", db);
    await view.page.locator(".timeline-row.selected").waitFor({ timeout: 20_000 });
    expect(await view.page.locator(".timeline-header").textContent()).toContain(`${total} checkpoint(s)`);
    // One lineage: no checkpoint lost its parent (it would start a branch of its own).
    expect(await view.page.locator(".timeline-row .codicon-git-branch").count()).toBe(0);
    await view.page.locator("lg-timeline lg-virtual-list").focus();
    await view.page.keyboard.press("Home");
    await view.page.keyboard.press("Enter");
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-source")).toBe("input");
  });

  it("compares the selected checkpoint with another one", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view, editor } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator('.timeline-row.selected[data-step="1"]').waitFor({ timeout: 20_000 });
    const idOf = (step: number) => view.page.locator(`.timeline-row[data-step="${step}"]`).getAttribute("data-checkpoint-id");
    const [inputId, selectedId] = [await idOf(-1), await idOf(1)];

    await view.page.locator("vscode-button.compare").click();
    expect(await view.page.locator(".timeline-header").textContent()).toContain("Click the checkpoint to compare");
    await view.page.locator('.timeline-row[data-source="input"]').click();
    await expect.poll(() => view.page.locator("[data-diff-summary]").textContent(), { timeout: 10_000 }).toContain("Against step -1");
    expect(await view.page.locator(".state-title").textContent()).toContain("step 1");
    // The two paths of nodes side by side: the history both share, then the steps only one ran.
    const paths = view.page.locator("lg-compare-paths");
    expect(await paths.locator(".compare-paths-head").textContent()).toMatch(
      /Path to step -1 · input \(compared with\)\s*Path to step 1 · call_model \(selected\)/,
    );
    expect(await paths.locator(".compare-path-left").allTextContents()).toEqual(["step -1 · input", "", ""]);
    expect(await paths.locator(".compare-path-right").allTextContents()).toEqual(["step -1 · input", "step 0 · __start__", "step 1 · call_model"]);
    expect(await paths.locator(".compare-path-row[data-shared]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-shared")))).toEqual([
      "true",
      "false",
      "false",
    ]);
    // The whole comparison, the store as of each checkpoint included, opens in VS Code's diff editor.
    await paths.locator("vscode-button.open-diff").click();
    await expect.poll(() => editor.opened).toEqual([{ comparison: { threadId: "1", left: inputId, right: selectedId } }]);
    // Since the input checkpoint, call_model has answered: the answer is new.
    const messages = view.page.locator(".state-row[data-path='[\"messages\"]']");
    expect(await messages.getAttribute("data-diff")).toBe("changed");
    await messages.click();
    expect(await view.page.locator(".state-row[data-path='[\"messages\",1]']").getAttribute("data-diff")).toBe("added");
  });

  it("refreshes live: a run on another thread appears in the thread picker", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator(".timeline-row").first().waitFor({ timeout: 20_000 });
    expect(await view.page.locator("vscode-option").count()).toBe(1);

    await runMemoryAgent(db, "2", "what is my name?");
    await expect.poll(() => view.page.locator("vscode-option").allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining(["1", "2"]));
  });
});

describe("debugger view: in step with the debug session", () => {
  it("follows the position, steps, steps back, travels in time and toggles a node breakpoint", async () => {
    const { session, db, entry } = await playgroundStoppedOnEntry();
    const { view } = await showDebugger(playground, "playground", db, session);
    const nextNodes = () => view.page.locator("g.graph-node.next").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-node-id")));

    const position = view.page.locator(".timeline-row.position");
    await position.waitFor({ timeout: 20_000 });
    expect(await position.getAttribute("data-step")).toBe(String(entry.step));
    expect(entry.next).toEqual(["write_draft"]);
    await expect.poll(nextNodes).toEqual(["write_draft"]);

    // Step: one superstep; the view follows the new position.
    let stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-next").click();
    const first = await stopped;
    expect(first.step).toBe(entry.step! + 1);
    await expect.poll(() => position.getAttribute("data-step")).toBe(String(first.step));
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-step")).toBe(String(first.step));
    await expect.poll(nextNodes).toEqual(["review"]);
    expect(await view.page.locator('g.graph-node[data-node-id="write_draft"]').getAttribute("class")).toMatch(/\bran\b/);

    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-next").click();
    const second = await stopped;
    await expect.poll(() => position.getAttribute("data-step")).toBe(String(second.step));

    // Step back: the parent checkpoint, nothing runs.
    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-stepBack").click();
    await stopped;
    await expect.poll(() => position.getAttribute("data-step")).toBe(String(first.step));

    // Time travel to the input checkpoint.
    await view.page.locator('.timeline-row[data-source="input"]').click();
    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-button.time-travel").click();
    expect((await stopped).reason).toBe("goto");
    await expect.poll(() => position.getAttribute("data-source")).toBe("input");

    // A breakpoint on review, from the graph: drawn on the node, and the run stops there.
    await view.page.locator('g.graph-node[data-node-id="review"] .graph-breakpoint').click();
    await expect.poll(() => view.page.locator('g.graph-node[data-node-id="review"]').getAttribute("class")).toMatch(/\bhas-breakpoint\b/);
    expect([...session.breakpoints.set]).toEqual(["review"]);
    stopped = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    expect((await stopped).reason).toBe("breakpoint");
    await expect.poll(nextNodes).toEqual(["review"]);
    // Continuing from the past forked the thread: the new run is a branch of the timeline.
    await expect.poll(() => view.page.locator(".timeline-row .codicon-git-branch, .timeline-row.position").count()).toBeGreaterThan(0);
    await view.page.screenshot({ path: join(screenshotDir, "debugger-session-dark.png") });
  });

  it("forks with edited state: editing a State value writes an update checkpoint the view then shows", async () => {
    const { session, db } = await playgroundStoppedOnEntry();
    const stepped = session.nextPosition("stopped");
    await session.dc.nextRequest({ threadId: 1 });
    const { step } = await stepped;
    const { view } = await showDebugger(playground, "playground", db, session);
    await view.page.locator(`.timeline-row.position[data-step="${step}"]`).waitFor({ timeout: 20_000 });

    await view.page.locator('.tab[data-tab="state"]').click();
    const topic = view.page.locator(".state-row[data-path='[\"topic\"]']");
    await topic.dblclick();
    // A multi-line JSON editor below the tree, holding the value; invalid JSON is named with its place and cannot be saved.
    const editor = view.page.locator(".state-editor textarea.json-editor-text");
    expect(await editor.inputValue()).toBe('"time travel"');
    const save = view.page.locator(".state-editor vscode-button.json-editor-save");
    await editor.fill('{\n  "topic": not json\n}');
    await expect.poll(() => view.page.locator(".state-editor .json-editor-error").textContent()).toMatch(/^Line 2, column 12: expected a value/);
    expect(await save.getAttribute("disabled")).not.toBeNull();
    await save.click({ force: true });
    // Escape cancels: the tree comes back unchanged, nothing was sent.
    await editor.press("Escape");
    await view.page.locator(".state-editor").waitFor({ state: "detached" });
    expect(view.posted.filter((message) => (message as { type: string }).type === "state/edit")).toEqual([]);

    await topic.dblclick();
    await editor.fill('"forked topic"');
    expect(await save.getAttribute("disabled")).toBeNull();
    const forked = session.nextPosition("stopped");
    await save.click();
    await forked;
    await expect.poll(() => view.page.locator(".state-title").textContent(), { timeout: 10_000 }).toBe("step 2 · write_draft (edited)");
    await expect.poll(() => view.page.locator(".state-row[data-path='[\"topic\"]'] .state-value").textContent()).toBe('"forked topic"');
    expect(await view.page.locator(".state-row[data-path='[\"topic\"]']").getAttribute("data-diff")).toBe("changed");
    await view.page.locator('.tab[data-tab="timeline"]').click();
    const position = view.page.locator(".timeline-row.position");
    expect(await position.getAttribute("data-source")).toBe("update");
    expect(await position.locator(".timeline-name").textContent()).toBe("step 2 · write_draft (edited)");
    expect(await position.locator('.timeline-position[aria-label="Debug position"]').count()).toBe(1);
    expect(await view.page.locator(".timeline-position").count()).toBe(1);
  });

  it("starts a run on a new thread from the form the graph's schemas give (or from JSON), and follows it", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const session = await startDebugSession({ cwd: memoryAgent, graph: "agent", db });
    cleanups.push(() => session.close());
    const { view } = await showDebugger(memoryAgent, "agent", db, session);
    await view.page.locator(".timeline-row").first().waitFor({ timeout: 20_000 });

    await view.page.locator("vscode-toolbar-button.control-new-run").click();
    const form = view.page.locator("form.run-form");
    // The graph's schemas give a form: a message for the input, the context's required userId.
    await form.locator('[data-form="input"] vscode-textfield[name="input.messages"]').waitFor({ timeout: 10_000 });
    expect(await form.locator('[data-form="context"] .schema-field').allTextContents()).toEqual([expect.stringMatching(/userId\s*\*.*memories/)]);
    await form.locator('[name="threadId"]').fill("fresh");

    // Raw JSON stays the alternative, validated before anything is sent.
    await form.locator("vscode-toolbar-button.run-mode-json").click();
    await form.locator('[name="input"]').fill('{"messages": [{"role": "user", "content": "what is my name?"}]');
    await form.locator("vscode-button.run-start").click();
    expect(await form.locator('[role="alert"]').textContent()).toContain("The input is not valid JSON");

    await form.locator("vscode-toolbar-button.run-mode-form").click();
    await form.locator('vscode-textfield[name="input.messages"] input').fill("what is my name?");
    await form.locator("vscode-button.run-start").click();
    expect(await form.locator('[role="alert"]').textContent()).toContain("userId is required");
    expect(session.positions.filter((position) => position.threadId === "fresh")).toEqual([]);

    await form.locator('vscode-textfield[name="context.userId"] input').fill("1");
    const entry = session.nextPosition("stopped");
    await form.locator("vscode-button.run-start").click();
    expect((await entry).threadId).toBe("fresh");
    await expect
      .poll(() => view.page.locator(".thread-select").evaluate((select) => (select as unknown as { value: string }).value), { timeout: 10_000 })
      .toBe("fresh");
    await view.page.locator(".timeline-row.position").waitFor();
    expect(await form.count()).toBe(0);

    const ended = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    expect((await ended).reason).toBe("end");
    await view.page.locator('.tab[data-tab="state"]').click();
    await view.page.locator("vscode-toolbar-button.state-mode-conversation").click();
    await expect
      .poll(() => view.page.locator(".conversation .message-ai .message-content").last().textContent(), { timeout: 10_000 })
      .toContain("Your name is Bob.");
  });

  it("selects the run's final checkpoint when a run ends without stopping", async () => {
    const db = newDb();
    await runMemoryAgent(db, "t", "Hi! Remember: my name is Bob");
    const session = await debugSession();
    const { view } = await showDebugger(memoryAgent, "agent", db, session);
    const rows = view.page.locator(".timeline-row");
    await rows.first().waitFor({ timeout: 20_000 });
    // Looking at the input checkpoint when a new run starts on the thread.
    await view.page.locator('.timeline-row[data-step="-1"]').click();
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-step")).toBe("-1");

    const ended = session.nextPosition("ended");
    await session.launch(agentLaunch(db, "t", "what is my name?"));
    await ended;
    // The second turn: input at step 2, then __start__ and call_model; the view shows where it ended.
    await expect.poll(() => view.page.locator(".timeline-row.selected .timeline-name").textContent(), { timeout: 15_000 }).toBe("step 4 · call_model");
    expect(await rows.last().getAttribute("class")).toMatch(/\bselected\b/);
    await view.page.locator('.tab[data-tab="state"]').click();
    await expect.poll(() => view.page.locator(".state-title").textContent()).toBe("step 4 · call_model");
    expect(await view.page.locator(".state-next").textContent()).toBe("end");
  });

  it("debugs from the selected checkpoint: the session opens the thread there, running nothing", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const session = await startDebugSession({ cwd: memoryAgent, graph: "agent", db, context: { userId: "1" } });
    cleanups.push(() => session.close());
    const { view } = await showDebugger(memoryAgent, "agent", db, session);
    const rows = view.page.locator(".timeline-row");
    await rows.first().waitFor({ timeout: 20_000 });
    const before = await timelineNames(view);
    await rows.nth(1).click();
    const selected = await rows.nth(1).getAttribute("data-checkpoint-id");
    expect(selected).toBeTruthy();

    const opened = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-debug-here").click();
    const position = await opened;
    expect(position).toMatchObject({ threadId: "1", checkpointId: selected, reason: "entry" });
    await view.page.locator(".timeline-row.position").waitFor({ timeout: 10_000 });
    expect(await timelineNames(view)).toEqual(before);
    expect(await view.page.locator("vscode-toolbar-button.control-debug-here").count()).toBe(0);
  });

  it("keeps the top band free for VS Code's debug toolbar while a session runs, and gives it back after", async () => {
    const { session, db } = await playgroundStoppedOnEntry();
    const { view } = await showDebugger(playground, "playground", db, session);
    await view.page.locator('.session-status[data-status="stopped"]').waitFor({ timeout: 20_000 });
    expect((await view.page.locator(".controls").boundingBox())!.y).toBeGreaterThanOrEqual(30);
    await session.link.stop();
    await expect.poll(async () => (await view.page.locator(".controls").boundingBox())!.y, { timeout: 20_000 }).toBeLessThan(5);
  });

  it("marks the node that threw when the session stops on a node error", async () => {
    const session = await debugSession();
    const db = newDb();
    const failed = session.nextPosition("stopped");
    await session.launch({ cwd: playground, graph: "failing", db, threadId: "t" });
    expect((await failed).reason).toBe("exception");
    const { view } = await showDebugger(playground, "failing", db, session);
    await expect
      .poll(() => view.page.locator("g.graph-node.errored").evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-node-id"))), { timeout: 20_000 })
      .toEqual(["explode"]);
    expect(await view.page.locator(".session-status").textContent()).toMatch(/explode/);

    // Retry Node runs the failed node again (it fails again: it always throws); Continue then ends the run.
    const retried = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-retry").click();
    expect((await retried).reason).toBe("exception");
    const ended = session.nextPosition("ended");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    await ended;
    await expect.poll(() => view.page.locator("vscode-toolbar-button.control-retry").count()).toBe(0);
  });

  it("answers an interrupt from the controls bar", async () => {
    const session = await debugSession();
    const db = newDb();
    const interrupted = session.nextPosition("stopped");
    await session.launch({ cwd: playground, graph: "playground", db, threadId: "t", input: { topic: "interrupts", requiredDrafts: 1 } });
    expect((await interrupted).reason).toBe("interrupt");
    const { view } = await showDebugger(playground, "playground", db, session);

    const input = view.page.locator("input.resume-input");
    await input.waitFor({ timeout: 20_000 });
    await input.fill("A title");
    const next = session.nextPosition();
    await view.page.locator("vscode-button.resume-button").click();
    await next;
    await expect
      .poll(() => session.positions.some((position) => position.status === "ended" || (position.status === "stopped" && position.reason !== "interrupt")))
      .toBe(true);
  });
});

/** Runs the playground to its interrupt (ask_human) on a thread, then ends the session: a recorded history. */
async function recordPlayground(db: string, threadId: string): Promise<void> {
  const session = await startDebugSession();
  try {
    const stopped = session.nextPosition("stopped");
    await session.launch({ cwd: playground, graph: "playground", db, threadId, input: { topic: "time travel", requiredDrafts: 2 } });
    expect((await stopped).reason).toBe("interrupt");
  } finally {
    await session.close();
  }
}

/** Edits the `topic` channel of the selected checkpoint in the State tab. */
async function editTopic(view: WebviewPage, value: string): Promise<void> {
  await view.page.locator('.tab[data-tab="state"]').click();
  await view.page.locator(".state-row[data-path='[\"topic\"]']").dblclick();
  const editor = view.page.locator(".state-editor textarea.json-editor-text");
  await editor.fill(JSON.stringify(value));
  await editor.press("Control+Enter");
}

describe("debugger view: fork with edited state from any checkpoint", () => {
  it("without a debug session: editing an old checkpoint's value forks the thread in the database, and the view selects the fork", async () => {
    const db = newDb();
    await recordPlayground(db, "p");
    const { view, posted } = await showDebugger(playground, "playground", db);
    await view.page.locator(".timeline-row.selected").waitFor({ timeout: 20_000 });
    expect(await view.page.locator(".session-status").textContent()).toContain("No debug session");
    const before = await view.page.locator(".timeline-row").count();
    // An old checkpoint: the first draft, long before the interrupt.
    const old = view.page.locator('.timeline-row[data-step="1"]');
    expect(await old.locator(".timeline-name").textContent()).toBe("step 1 · write_draft");
    const oldId = (await old.getAttribute("data-checkpoint-id"))!;
    await old.click();
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-checkpoint-id")).toBe(oldId);
    await view.page.locator('.tab[data-tab="state"]').click();
    await expect.poll(() => view.page.locator(".state-title").textContent()).toContain("step 1");

    await editTopic(view, "branched topic");

    // The view selects the new checkpoint: an update on top of the old one, with the edited value.
    await expect.poll(() => view.page.locator(".state-title").textContent(), { timeout: 15_000 }).toBe("step 2 · write_draft (edited)");
    await expect.poll(() => view.page.locator(".state-row[data-path='[\"topic\"]'] .state-value").textContent()).toBe('"branched topic"');
    const loaded = postedOfType(posted, "checkpoint/didLoad").at(-1)!;
    const forkId = loaded.checkpoint.checkpointId;
    expect(loaded.checkpoint).toMatchObject({ parentCheckpointId: oldId, source: "update", step: 2 });
    // As write_draft, the node that wrote the old checkpoint: review runs next.
    expect(loaded.checkpoint.next).toEqual(["review"]);
    expect(view.failed).toEqual([]);

    // In the timeline, a branch off the old checkpoint; the rest of the history is still there.
    await view.page.locator('.tab[data-tab="timeline"]').click();
    const fork = view.page.locator(`.timeline-row[data-checkpoint-id="${forkId}"]`);
    await fork.waitFor();
    expect(await view.page.locator(".timeline-row").count()).toBe(before + 1);
    expect(await fork.getAttribute("class")).toMatch(/\bselected\b/);
    expect(await fork.getAttribute("data-source")).toBe("update");
    // Drawn as a branch: indented under its origin, with a connector, naming where it forked from.
    expect(await fork.locator(".timeline-name").textContent()).toBe("step 2 · write_draft (edited)");
    expect(await fork.getAttribute("data-depth")).toBe("1");
    expect(await fork.locator(".timeline-connector").count()).toBe(1);
    expect(await fork.locator(".codicon-git-branch").count()).toBe(1);
    expect(await fork.locator(".timeline-origin").textContent()).toBe("forked from step 1 · write_draft");
    const indent = async (row: typeof fork) => (await row.locator(".timeline-name").boundingBox())!.x;
    expect(await indent(fork)).toBeGreaterThan(await indent(old));

    // And in the database file.
    await expect.poll(async () => readFile(db, "utf8").catch(() => ""), { timeout: 15_000, interval: 250 }).toContain(forkId);
    const { checkpoints } = await databaseLink(join(playground, "langgraph.json"), db).request("db/checkpoints", { threadId: "p" });
    expect(checkpoints.find((checkpoint) => checkpoint.checkpointId === forkId)).toMatchObject({ parentCheckpointId: oldId, source: "update" });
  });

  it("with a session stopped elsewhere on the thread: the session forks that checkpoint in one request, and the view follows", async () => {
    const { session, db, entry } = await playgroundStoppedOnEntry();
    let stopped = session.nextPosition("stopped");
    await session.dc.nextRequest({ threadId: 1 });
    const drafted = await stopped;
    // Back to the entry: the drafted checkpoint is now off the lineage of the position.
    stopped = session.nextPosition("stopped");
    await session.link.request("langgraph/goto", { checkpointId: entry.checkpointId });
    await stopped;
    const { view } = await showDebugger(playground, "playground", db, session);
    await view.page.locator(`.timeline-row.position[data-checkpoint-id="${entry.checkpointId}"]`).waitFor({ timeout: 20_000 });

    await view.page.locator(`.timeline-row[data-checkpoint-id="${drafted.checkpointId}"]`).click();
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-checkpoint-id")).toBe(drafted.checkpointId);
    const seen = session.positions.length;
    const forked = new Promise<void>((resolve) => {
      const check = () => (session.positions.slice(seen).some((position) => position.reason === "fork") ? resolve() : setTimeout(check, 25));
      check();
    });
    await editTopic(view, "edited off the lineage");
    await forked;

    // One engine request (session/editState) forks the checkpoint off the lineage: the session's
    // position moves straight to the fork, whose parent is that checkpoint.
    const moves = session.positions.slice(seen).filter((position) => position.status === "stopped");
    expect(moves.map((position) => position.reason)).toEqual(["fork"]);
    const fork = moves[0]!;
    const { checkpoints } = await databaseLink(join(playground, "langgraph.json"), db).request("db/checkpoints", { threadId: "t" });
    expect(checkpoints.find((checkpoint) => checkpoint.checkpointId === fork.checkpointId)).toMatchObject({
      parentCheckpointId: drafted.checkpointId,
      source: "update",
    });

    // The view follows: the fork is the position and the selection, with the edited value.
    await expect.poll(() => view.page.locator(".timeline-row.position").getAttribute("data-checkpoint-id"), { timeout: 10_000 }).toBe(fork.checkpointId);
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-checkpoint-id")).toBe(fork.checkpointId);
    await view.page.locator('.tab[data-tab="state"]').click();
    await expect.poll(() => view.page.locator(".state-row[data-path='[\"topic\"]'] .state-value").textContent()).toBe('"edited off the lineage"');
    expect(view.failed).toEqual([]);
  });
});

describe("debugger view: the store", () => {
  it("browses namespaces and items, edits a memory (the database file changes) and refuses invalid JSON", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view, editor } = await showDebugger(memoryAgent, "agent", db);
    await openStoreNow(view);

    const namespace = view.page.locator('.namespace-row[data-namespace="memories/1"]');
    await namespace.waitFor({ timeout: 20_000 });
    expect(await namespace.locator(".namespace-count").textContent()).toBe("1");
    await namespace.click();
    const item = view.page.locator(".item-row").first();
    await item.waitFor();
    expect(await item.locator(".item-preview").textContent()).toContain("my name is Bob");
    const key = await item.getAttribute("data-key");

    await item.click();
    const json = view.page.locator(".item-editor textarea.json-editor-text");
    const save = view.page.locator(".item-editor vscode-button.json-editor-save");
    await json.fill("[1, 2]");
    expect(await view.page.locator(".item-editor .json-editor-error").textContent()).toContain("must be a JSON object");
    expect(await save.getAttribute("disabled")).not.toBeNull();
    await json.fill('{ "data": ');
    expect(await view.page.locator(".item-editor .json-editor-error").textContent()).toMatch(/^Line 1, column 11: /);
    expect(await save.getAttribute("disabled")).not.toBeNull();
    // The whole item as a document in VS Code's editor, when the inline editor is not enough.
    await view.page.locator(".item-editor vscode-button.item-open").click();
    await expect.poll(() => editor.opened).toEqual([{ storeItem: { namespace: ["memories", "1"], key } }]);

    await json.fill('{\n  "data": "my name is Robert"\n}');
    expect(await json.getAttribute("rows")).toBe("4");
    await save.click();
    await expect.poll(() => item.locator(".item-preview").textContent(), { timeout: 10_000 }).toContain("Robert");
    // The journal is folded into db.json after two idle seconds.
    await expect.poll(async () => readFile(db, "utf8").catch(() => ""), { timeout: 15_000, interval: 250 }).toContain("my name is Robert");
    expect(key).toBeTruthy();
    await view.page.screenshot({ path: join(screenshotDir, "debugger-store-dark.png") });
  });

  it("adds and deletes an item, searches semantically with scores, and refuses a save over a newer version", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view, posted, logged } = await showDebugger(memoryAgent, "agent", db);
    await openStoreNow(view);
    await view.page.locator('.namespace-row[data-namespace="memories/1"]').click();
    await view.page.locator(".item-row").first().waitFor({ timeout: 20_000 });

    // Add: a key and a JSON object.
    await view.page.locator("vscode-button.item-new").first().click();
    await view.page.locator("input.item-key").fill("food");
    await view.page.locator(".item-editor textarea.json-editor-text").fill('{ "data": "I like pizza" }');
    await view.page.locator(".item-editor vscode-button.json-editor-save").click();
    await view.page.locator('.item-row[data-key="food"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => view.page.locator('.namespace-row[data-namespace="memories/1"] .namespace-count').textContent()).toBe("2");

    // Semantic search (langgraph.json configures an index): ranked, with scores.
    await view.page.locator("input.item-query").fill("pizza");
    await view.page.locator("vscode-button.item-search-button").click();
    await view.page.locator(".item-row .item-score").first().waitFor({ timeout: 10_000 });
    expect(await view.page.locator(".item-row").first().getAttribute("data-key")).toBe("food");
    await view.page.locator("input.item-query").fill("");

    // Someone else writes the item while it is open: the save is refused, nothing is lost.
    await view.page.locator('.item-row[data-key="food"]').click();
    await databaseLink(join(memoryAgent, "langgraph.json"), db).request("db/putItem", {
      namespace: ["memories", "1"],
      key: "food",
      value: { data: "I like sushi" },
    });
    await view.page.locator(".item-editor textarea.json-editor-text").fill('{ "data": "I like pasta" }');
    await view.page.locator(".item-editor vscode-button.json-editor-save").click();
    await expect.poll(() => view.page.locator(".item-editor .store-error").textContent(), { timeout: 10_000 }).toMatch(/changed|conflict|since/i);
    // The list has caught up with that write before a row is clicked: the refresh re-ranks the
    // items for the query, and a click as the rows swap would open the other item.
    await expect.poll(() => view.page.locator('.item-row[data-key="food"] .item-preview').textContent(), { timeout: 10_000 }).toContain("sushi");

    // Delete.
    await view.page.locator(".item-editor vscode-button.json-editor-cancel").click();
    await view.page.locator('.item-row[data-key="food"]').click();
    await view.page.locator("vscode-button.item-delete").click();
    await expect
      .poll(() => view.page.locator('.item-row[data-key="food"]').count(), { timeout: 10_000 })
      .toBe(0)
      .catch(async (error: unknown) => {
        // Failed twice in CI, never here: say what the view was told and what the database holds.
        const told = [
          ...posted.flatMap((message) => (message.type === "store/itemsDidLoad" ? [`items ${message.items.map((item) => item.key).join(",")}`] : [])),
          ...view.failed.map((reply) => `failed ${JSON.stringify(reply)}`),
        ];
        const stored = await databaseLink(join(memoryAgent, "langgraph.json"), db).request("db/items", { namespace: ["memories", "1"], limit: 50, offset: 0 });
        throw new Error(
          `"food" is still listed after Delete. The host told the view: ${told.join(" | ")}. Host log: ${logged.join(" | ")}. The database holds: ${stored.items.map((item) => item.key).join(",")}.`,
          { cause: error },
        );
      });
    await expect.poll(async () => readFile(db, "utf8").catch(() => ""), { timeout: 15_000, interval: 250 }).not.toContain("I like sushi");
  });

  it("shows a memory the running graph writes as it is written, with the step and node that wrote it; an edit clears them", async () => {
    const session = await debugSession();
    const db = newDb();
    const entered = session.nextPosition("stopped");
    await session.launch({ ...agentLaunch(db, "w", "Hi! Remember: my name is Ada"), stopOnEntry: true });
    await entered;
    const { view } = await showDebugger(memoryAgent, "agent", db, session);
    await openStoreNow(view);
    const namespace = view.page.locator('.namespace-row[data-namespace="memories/1"]');
    expect(await namespace.count()).toBe(0);

    // The view is open before the run writes: the memory appears live.
    const atEnd = session.nextPosition("stopped");
    await view.page.locator("vscode-toolbar-button.control-continue").click();
    await namespace.waitFor({ timeout: 20_000 });
    expect((await atEnd).reason).toBe("end");
    await namespace.click();
    const item = view.page.locator(".item-row").first();
    await item.waitFor({ timeout: 10_000 });
    expect(await item.locator(".item-preview").textContent()).toContain("my name is Ada");
    expect(await item.locator(".item-written-by").textContent()).toBe("written by call_model at step 1 (thread w)");
    await item.click();
    expect(await view.page.locator(".item-editor .item-meta").textContent()).toContain("written by call_model at step 1 (thread w)");

    // Saved from the view: the item no longer claims the node wrote it.
    await view.page.locator(".item-editor textarea.json-editor-text").fill('{ "data": "my name is Ada Lovelace" }');
    await view.page.locator(".item-editor vscode-button.json-editor-save").click();
    await expect.poll(() => item.locator(".item-preview").textContent(), { timeout: 10_000 }).toContain("Lovelace");
    expect(await item.locator(".item-written-by").count()).toBe(0);
  });
});

/** The keys of a namespace's items in db.json, once the journal is folded into it. */
async function storedKeys(db: string, namespace: string[]): Promise<string[]> {
  const text = await readFile(db, "utf8").catch(() => "");
  try {
    const { store } = JSON.parse(text) as { store?: Record<string, Record<string, unknown>> };
    return Object.keys(store?.[namespace.join(".")] ?? {}).sort();
  } catch {
    return [];
  }
}

describe("debugger view: a database another process holds", () => {
  it("says in the State and Store tabs why nothing can be edited, and what to do", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    // Another window's engine has the file open for writing before this view opens it.
    const holder = EngineClient.start({ cwd: memoryAgent, enginePath: join(repoRoot, "dist/engine.js") });
    cleanups.push(() => holder.dispose());
    const held = await holder.request("db/open", { configFile: join(memoryAgent, "langgraph.json"), dbPath: db });
    expect(held.readOnly).toBe(false);
    const { view } = await showDebugger(memoryAgent, "agent", db);

    await view.page.locator('.tab[data-tab="state"]').click();
    const stateReason = view.page.locator(".state-read-only");
    await stateReason.waitFor({ timeout: 20_000 });
    expect(await stateReason.textContent()).toContain(`another process (pid ${holder.pid}`);
    await openStoreNow(view);
    const storeReason = view.page.locator(".read-only-reason");
    await storeReason.waitFor();
    expect(await storeReason.textContent()).toMatch(new RegExp(`another process \\(pid ${holder.pid}.*becomes writable here by itself`));
    expect(await view.page.locator("vscode-button.item-new").getAttribute("disabled")).not.toBeNull();
  }, 60_000);
});

describe("debugger view: renaming a store item", () => {
  it("moves an item to a new key and namespace (db.json changes) and refuses a target that exists", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await openStoreNow(view);
    await view.page.locator('.namespace-row[data-namespace="memories/1"]').click();
    const first = view.page.locator(".item-row").first();
    await first.waitFor({ timeout: 20_000 });
    const key = (await first.getAttribute("data-key"))!;

    // Rename within the namespace.
    await first.click();
    await view.page.locator("vscode-button.item-rename").click();
    await view.page.locator("input.rename-key").fill("name");
    await view.page.locator("vscode-button.rename-confirm").click();
    await view.page.locator('.item-row[data-key="name"]').waitFor({ timeout: 10_000 });
    expect(await view.page.locator(`.item-row[data-key="${key}"]`).count()).toBe(0);
    expect(await view.page.locator(".item-editor").count()).toBe(0);
    await expect.poll(() => storedKeys(db, ["memories", "1"]), { timeout: 15_000, interval: 250 }).toEqual(["name"]);

    // A target that exists is refused, and nothing moves.
    await view.page.locator("vscode-button.item-new").first().click();
    await view.page.locator("input.item-key").fill("food");
    await view.page.locator(".item-editor textarea.json-editor-text").fill('{ "data": "I like pizza" }');
    await view.page.locator(".item-editor vscode-button.json-editor-save").click();
    await view.page.locator('.item-row[data-key="food"]').waitFor({ timeout: 10_000 });
    await view.page.locator('.item-row[data-key="name"]').click();
    await view.page.locator("vscode-button.item-rename").click();
    await view.page.locator("input.rename-key").fill("food");
    await view.page.locator("vscode-button.rename-confirm").click();
    await expect.poll(() => view.page.locator(".item-editor .store-error").textContent(), { timeout: 10_000 }).toContain("already exists");
    expect((await view.page.locator(".item-preview").allTextContents()).join(" ")).toContain("my name is Bob");

    // To another namespace: the old one empties.
    await view.page.locator("input.rename-namespace").fill("memories/2");
    await view.page.locator("input.rename-key").fill("name");
    await view.page.locator("vscode-button.rename-confirm").click();
    await view.page.locator('.namespace-row[data-namespace="memories/2"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => view.page.locator('.item-row[data-key="name"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => storedKeys(db, ["memories", "2"]), { timeout: 15_000, interval: 250 }).toEqual(["name"]);
    expect(await storedKeys(db, ["memories", "1"])).toEqual(["food"]);
  });
});

describe("debugger view: keyboard and narrow panels", () => {
  it("moves through the timeline with the arrow keys, selects with Enter, and switches tabs with the arrows", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator(".timeline-row.selected").waitFor({ timeout: 20_000 });

    await view.page.locator("lg-timeline lg-virtual-list").focus();
    await view.page.keyboard.press("ArrowUp");
    await view.page.keyboard.press("ArrowUp");
    await view.page.keyboard.press("ArrowDown");
    await view.page.keyboard.press("Enter");
    await expect.poll(() => view.page.locator(".timeline-row.selected").getAttribute("data-step"), { timeout: 5_000 }).toBe("0");

    await view.page.locator('.tab[data-tab="timeline"]').focus();
    await view.page.keyboard.press("ArrowRight");
    expect(await view.page.locator('.tab[data-tab="state"]').getAttribute("aria-selected")).toBe("true");
    await view.page.locator("lg-state-view lg-virtual-list").focus();
    await view.page.keyboard.press("ArrowDown");
    await view.page.keyboard.press("ArrowRight");
    await view.page.locator(".state-row[data-path='[\"messages\",0]']").waitFor({ timeout: 5_000 });
  });

  it("takes its colours from the VS Code theme: light and high contrast", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const expected = { light: "rgb(88, 124, 12)", "high-contrast": "rgb(161, 227, 173)" };
    for (const theme of ["light", "high-contrast"] as const) {
      const { view } = await showDebugger(memoryAgent, "agent", db, undefined, theme);
      await view.page.locator('.tab[data-tab="state"]').click();
      await view.page.locator(".state-row[data-path='[\"messages\"]']").click();
      const added = view.page.locator(".state-row[data-path='[\"messages\",1]']");
      await added.waitFor({ timeout: 20_000 });
      // Added values take the colour of an added file in the Source Control view.
      expect(
        await added.evaluate((row) => (globalThis as unknown as { getComputedStyle(e: PageElement): { color: string } }).getComputedStyle(row).color),
      ).toBe(expected[theme]);
      await view.page.screenshot({ path: join(screenshotDir, `debugger-state-${theme}.png`) });
    }
  });

  it("stacks the graph above the tabs in a narrow panel", async () => {
    const db = newDb();
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view } = await showDebugger(memoryAgent, "agent", db);
    await view.page.setViewportSize({ width: 420, height: 760 });
    await view.page.locator('g.graph-node[data-node-id="call_model"]').waitFor({ timeout: 20_000 });
    await view.page.locator(".timeline-row").first().waitFor();
    const graph = (await view.page.locator(".graph-pane").boundingBox())!;
    const side = (await view.page.locator(".side-pane").boundingBox())!;
    expect(side.y).toBeGreaterThanOrEqual(graph.y + graph.height - 1);
    expect(side.width).toBeGreaterThan(400);
    // Nothing wider than the panel: no horizontal scrolling.
    expect(
      await view.page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(420);
    await view.page.screenshot({ path: join(screenshotDir, "debugger-narrow-dark.png") });
  });

  it("gives the graph the height it takes at the panel's width when stacked, not a thumbnail", async () => {
    const { view } = await showDebugger(playground, "playground", newDb());
    await view.page.setViewportSize({ width: 420, height: 900 });
    const node = view.page.locator('g.graph-node[data-node-id="write_draft"]');
    await node.waitFor({ timeout: 20_000 });
    const measure = async () => {
      const pane = (await view.page.locator(".graph-pane").boundingBox())!;
      const side = (await view.page.locator(".side-pane").boundingBox())!;
      const drawn = (await node.locator("rect.graph-node-shape").boundingBox())!;
      const width = Number(await node.locator("rect.graph-node-shape").getAttribute("width"));
      return { paneShare: pane.height / 900, sideHeight: side.height, scale: drawn.width / width };
    };
    // The playground is taller than wide: it gets over half the view (a 40% split drew it at under half size)…
    await expect.poll(async () => (await measure()).paneShare).toBeGreaterThan(0.5);
    const { sideHeight, scale } = await measure();
    expect(scale).toBeGreaterThan(0.65);
    // …and the tabs keep room for a timeline.
    expect(sideHeight).toBeGreaterThan(0.25 * 900);
    await view.page.screenshot({ path: join(screenshotDir, "debugger-narrow-tall-graph.png") });
  });
});

describe("debugger view: on a Postgres database", () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgresServer();
  }, 60_000);
  afterAll(async () => postgres?.stop());

  it("shows a run's timeline and memories from Postgres, and forks an old checkpoint there, the original kept", async () => {
    const db = `${postgres.url}?schema=view`;
    await runMemoryAgent(db, "1", "Hi! Remember: my name is Bob");
    const { view, posted } = await showDebugger(memoryAgent, "agent", db);
    await view.page.locator(".timeline-row").first().waitFor({ timeout: 20_000 });
    expect(await timelineNames(view)).toEqual(["step -1 · input", "step 0 · __start__", "step 1 · call_model"]);

    await view.page.locator('.tab[data-tab="store"]').click();
    const namespace = view.page.locator('.namespace-row[data-namespace="memories/1"]');
    await namespace.waitFor({ timeout: 20_000 });
    await namespace.click();
    expect(await view.page.locator(".item-row").first().locator(".item-preview").textContent()).toContain("my name is Bob");
    // Postgres keeps no store history: the store as it is now, "as of" off and saying why.
    const asOf = view.page.locator("vscode-button.store-as-of");
    expect(await asOf.getAttribute("disabled")).not.toBeNull();
    expect(await asOf.getAttribute("title")).toBe(postedOfType(posted, "db/didLoad").at(-1)?.info?.noStoreHistoryReason);
    expect(await asOf.getAttribute("title")).toBeTruthy();
    expect(await view.page.locator(".store-as-of-label").count()).toBe(0);

    // Fork the first checkpoint with an edited message: an update checkpoint beside the original run.
    await view.page.locator('.tab[data-tab="timeline"]').click();
    const start = view.page.locator('.timeline-row[data-step="0"]');
    const startId = (await start.getAttribute("data-checkpoint-id"))!;
    await start.click();
    await view.page.locator('.tab[data-tab="state"]').click();
    await view.page.locator(".state-row[data-path='[\"messages\"]']").click();
    await view.page.locator(".state-row[data-path='[\"messages\",0]']").dblclick();
    const editor = view.page.locator(".state-editor textarea.json-editor-text");
    const edited = JSON.parse(await editor.inputValue()) as { content: string } & Record<string, unknown>;
    await editor.fill(JSON.stringify({ ...edited, content: "Hi! Remember: my name is Alice" }));
    await editor.press("Control+Enter");
    await expect.poll(() => postedOfType(posted, "checkpoint/didLoad").at(-1)?.checkpoint.source, { timeout: 15_000 }).toBe("update");
    const fork = postedOfType(posted, "checkpoint/didLoad").at(-1)!.checkpoint;
    expect(fork.parentCheckpointId).toBe(startId);
    expect(view.failed).toEqual([]);
    const { checkpoints } = await databaseLink(join(memoryAgent, "langgraph.json"), db).request("db/checkpoints", { threadId: "1" });
    expect(checkpoints).toHaveLength(4);
    expect(checkpoints.map((checkpoint) => checkpoint.step).sort()).toEqual([-1, 0, 1, 1]);
  });
});
