// The status bar during a real debug session on the memory agent: it appears when the session
// stops on entry, says the graph, the thread, the step and the next node, follows a step, and
// hides when the session ends. Reads the extension's own StatusBarItem (VS Code's API cannot
// read another extension's status bar), whose text the workbench renders.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";

const extensionId = "langgraph-debugger.langgraph-debugger";

interface Api {
  statusBar: { item: vscode.StatusBarItem; visible: boolean };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

describe("the status bar during a LangGraph debug session", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "langgraph-statusbar-"));
  const threadId = `status-${Date.now()}`;
  let api: Api;
  let session: vscode.DebugSession | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
  });

  after(async () => {
    if (session) await vscode.debug.stopDebugging(session);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("is hidden while no LangGraph session runs", () => {
    assert.equal(api.statusBar.visible, false, `shown: ${api.statusBar.item.text}`);
  });

  it("shows the graph, thread, step and next node when the session stops on entry", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, "the runner opens examples/memory-agent");
    const started = vscode.debug.onDidStartDebugSession((each) => (session = each));
    const ok = await vscode.debug.startDebugging(folder, {
      type: "langgraph",
      request: "launch",
      name: "status bar test",
      graph: "agent",
      threadId,
      context: { userId: "status-bar" },
      input: { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
      stopOnEntry: true,
      // A database of the test's own, so the example folder stays clean.
      db: path.join(scratch, "db.json"),
    });
    started.dispose();
    assert.ok(ok, "startDebugging failed");
    await waitFor("the status bar to show the stop on entry", () => api.statusBar.visible && api.statusBar.item.text.includes("next: call_model"));
    const text = api.statusBar.item.text;
    assert.match(text, /agent/);
    assert.ok(text.includes(`thread ${threadId}`), text);
    assert.match(text, /step -?\d+/);
    assert.ok(text.includes("step 0 · __start__"), `the position by the node that wrote it: ${text}`);
    assert.equal(api.statusBar.item.command, "langgraph.showPosition");
  });

  it("follows a step to the end of the run", async () => {
    assert.ok(session);
    await session.customRequest("next", { threadId: 1 });
    await waitFor(
      "the status bar to leave call_model behind",
      () => api.statusBar.visible && !api.statusBar.item.text.includes("next: call_model") && !api.statusBar.item.text.includes("running"),
    );
    assert.match(api.statusBar.item.text, /step \d+ · call_model/);
  });

  it("hides when the session ends", async () => {
    assert.ok(session);
    await vscode.debug.stopDebugging(session);
    session = undefined;
    await waitFor("the status bar to hide", () => !api.statusBar.visible, 20_000);
  });
});
