// "LangGraph: Create Regression Test from Thread" in real VS Code: after a run of the memory
// agent, the Threads view's command asks for the runtime context (prefilled from the example's
// launch configuration for the graph), writes the test and its recordings into the workspace's
// test folder and opens the test.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { CreateTestResult } from "../../../src/protocol/engine";
import { configFile, runAgent, unique, until, workspaceDir } from "./agentRuns";

describe("Create Regression Test from Thread", () => {
  const threadId = unique("regression-thread");
  const userId = unique("regression-user");
  const testDir = () => path.join(workspaceDir(), "test");
  const created: string[] = [];

  before(async () => {
    await runAgent(threadId, userId, `Hi! Remember: I like rooibos (${userId})`);
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    for (const file of created) rmSync(file, { force: true });
    if (existsSync(testDir()) && readdirSync(testDir()).length === 0) rmSync(testDir(), { recursive: true });
    const namespace = vscode.Uri.parse(`langgraph-store:/memories/${userId}`);
    for (const [name] of await vscode.workspace.fs.readDirectory(namespace)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(namespace, name));
  });

  it("asks for the context, writes the test and its recordings, and opens the test", async () => {
    const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox; showInformationMessage: typeof vscode.window.showInformationMessage };
    const original = { showInputBox: window.showInputBox, showInformationMessage: window.showInformationMessage };
    const prompts: Array<{ title?: string; value?: string }> = [];
    const messages: string[] = [];
    window.showInputBox = async (options) => {
      prompts.push({ title: options?.title, value: options?.value });
      return JSON.stringify({ userId });
    };
    window.showInformationMessage = (async (message: string) => {
      messages.push(message);
      return undefined;
    }) as typeof vscode.window.showInformationMessage;
    let result: CreateTestResult | undefined;
    try {
      const node = { kind: "thread", configFile: configFile(), thread: { threadId, graphId: "agent" } };
      result = await vscode.commands.executeCommand<CreateTestResult | undefined>("langgraph.threads.createRegressionTest", node);
    } finally {
      Object.assign(window, original);
    }
    assert.ok(result, `the command made no test; it said: ${messages.join(" | ")}`);
    created.push(result.testFile, result.recordingFile);
    assert.equal(path.dirname(result.testFile), testDir());
    assert.equal(path.basename(result.testFile), `agent-${threadId}.test.ts`);
    assert.deepEqual(prompts, [{ title: `Create Regression Test from Thread "${threadId}"`, value: '{"userId":"1"}' }]);
    assert.deepEqual(result.path, ["call_model"]);
    const recording = JSON.parse(readFileSync(result.recordingFile, "utf8")) as { runs: Array<{ context: unknown }>; calls: unknown[] };
    assert.deepEqual(recording.runs[0]!.context, { userId });
    assert.equal(recording.calls.length, 1);
    assert.match(readFileSync(result.testFile, "utf8"), /replayRecording\(graph, recording/);
    await until("the test to be open in an editor", () => vscode.window.activeTextEditor?.document.uri.fsPath === result.testFile || undefined);
    await until("the message saying how to run it", () => messages.find((message) => message.includes(`npx vitest run`) || message.includes("node --test")));
  });
});
