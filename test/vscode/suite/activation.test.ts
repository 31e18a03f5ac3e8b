// The extension as VS Code sees it: it activates by itself in a workspace that has a
// langgraph.json (the runner opens examples/memory-agent) and contributes its command.
import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";

const extensionId = "langgraph-debugger.langgraph-debugger";

describe("extension", () => {
  it("activates in a workspace that has a langgraph.json", async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `VS Code does not know the extension ${extensionId}`);
    // Activation on workspaceContains runs shortly after start-up: wait for it, never trigger it.
    for (let waited = 0; !extension.isActive && waited < 20_000; waited += 250) await sleep(250);
    assert.ok(extension.isActive, "the extension did not activate within 20 s");
  });

  it("registers the command langgraph.showGraph", async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("langgraph.showGraph"), "langgraph.showGraph is not registered");
  });
});
