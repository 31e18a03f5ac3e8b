// The setting langgraph.modelPrices reaches a debug session whose launch sets no `modelPrices`,
// as the debug configuration provider fills it in; a wrong value is left out (and reported).
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { ended, launch, nextPosition, unique } from "./agentRuns";

/** Starts the agent stopped on entry and returns the launch configuration VS Code resolved for it. */
async function resolvedLaunch(extra: Record<string, unknown> = {}): Promise<vscode.DebugConfiguration> {
  const name = unique("prices");
  const threadId = unique("prices-thread");
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const subscription = vscode.debug.onDidStartDebugSession((session) => {
      if (session.name !== name) return;
      subscription.dispose();
      resolve(session);
    });
  });
  const stopped = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
  const done = ended(name);
  const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
    ...launch(name, threadId, unique("prices-user"), "Hi", true),
    ...extra,
  });
  assert.ok(ok, "vscode.debug.startDebugging refused the launch configuration.");
  const session = await started;
  await stopped;
  await vscode.debug.stopDebugging(session);
  await done;
  return session.configuration;
}

describe("langgraph.modelPrices", () => {
  const settings = () => vscode.workspace.getConfiguration("langgraph");
  const prices = { "offline-stand-in": { input: 1.5, output: 6 } };

  afterEach(async () => {
    await settings().update("modelPrices", undefined, vscode.ConfigurationTarget.Global);
  });

  it("fills a launch's modelPrices from the setting, unless the launch sets its own", async () => {
    await settings().update("modelPrices", prices, vscode.ConfigurationTarget.Global);
    assert.deepEqual((await resolvedLaunch()).modelPrices, prices);
    const own = { "gpt-4o": { input: 1, output: 2 } };
    assert.deepEqual((await resolvedLaunch({ modelPrices: own })).modelPrices, own);
  });

  it("leaves a wrong value out of the launch", async () => {
    await settings().update("modelPrices", { "offline-stand-in": { input: "1.5", output: 6 } }, vscode.ConfigurationTarget.Global);
    assert.equal((await resolvedLaunch()).modelPrices, undefined);
  });
});
