// "LangGraph: Show Graph" on the memory agent: the graph loads in the real engine and its
// panel opens. The command resolves to what the user sees, so the test can assert it.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { until } from "./agentRuns";

interface ShownGraph {
  graphId: string;
  nodeIds: string[];
}

describe("LangGraph: Show Graph", () => {
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("shows the memory agent's graph with its call_model node", async () => {
    const result = await vscode.commands.executeCommand<ShownGraph | { error: unknown }>(
      "langgraph.showGraph",
      { graphId: "agent" },
    );
    assert.ok(result && !("error" in result), `the command failed: ${JSON.stringify(result)}`);
    assert.equal(result.graphId, "agent");
    assert.ok(
      result.nodeIds.includes("call_model"),
      `call_model is not among the loaded nodes: ${result.nodeIds.join(", ")}`,
    );
  });

  it("opens a graph panel", async () => {
    // The extension host learns of the new tab a moment after the panel is created.
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const isGraph = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith("langgraph.graph");
    await until("a langgraph.graph webview tab", () => tabs().some(isGraph)).catch(() => {
      // VS Code prefixes the view type of an extension's webview (e.g. "mainThreadWebview-").
      throw new Error(`no langgraph.graph webview tab is open (open tabs: ${tabs().map((tab) => tab.label).join(", ") || "none"})`);
    });
  });
});
