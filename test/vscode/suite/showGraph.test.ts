// "LangGraph: Show Graph" on the memory agent: the graph loads in the real engine and its
// panel opens. The command resolves to what the user sees, so the test can assert it.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { isGraphPanel, openTabs, until } from "./agentRuns";

interface ShownGraph {
  graphId: string;
  nodeIds: string[];
}

describe("LangGraph: Show Graph", () => {
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("shows the memory agent's graph with its call_model node", async () => {
    const result = await vscode.commands.executeCommand<ShownGraph | { error: unknown }>("langgraph.showGraph", { graphId: "agent" });
    assert.ok(result && !("error" in result), `the command failed: ${JSON.stringify(result)}`);
    assert.equal(result.graphId, "agent");
    assert.ok(result.nodeIds.includes("call_model"), `call_model is not among the loaded nodes: ${result.nodeIds.join(", ")}`);
  });

  it("opens a graph panel", async () => {
    // The extension host learns of the new tab a moment after the panel is created.
    await until("a langgraph.graph webview tab", () => openTabs().some(isGraphPanel)).catch(() => {
      throw new Error(
        `no langgraph.graph webview tab is open (open tabs: ${
          openTabs()
            .map((tab) => tab.label)
            .join(", ") || "none"
        })`,
      );
    });
  });
});
