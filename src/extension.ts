// Composition root: creates the shared services and registers commands and serializers.
// No logic here and no user code: graphs only ever run in the engine process.

import * as vscode from "vscode";
import type { WebviewUiState } from "./protocol/webview";
import { registerGraphDebugger } from "./ui/debugAdapter";
import { DebugPositionTracker } from "./ui/debugPosition";
import { EngineRegistry } from "./ui/engines";
import { GRAPH_VIEW_TYPE, GraphPanel } from "./ui/graphPanel";
import { showGraph, type ShowGraphArgs } from "./ui/showGraphCommand";
import { WorkspaceDbService } from "./ui/workspaceDb";

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("LangGraph", { log: true });
  const engines = new EngineRegistry(context.extensionUri, output);
  // Shared by the views, the documents and the debugger webview: one database access, one position.
  const databases = new WorkspaceDbService(engines);
  const positions = new DebugPositionTracker();

  context.subscriptions.push(
    output,
    engines,
    databases,
    positions,
    vscode.commands.registerCommand("langgraph.showGraph", (args?: ShowGraphArgs) =>
      showGraph(args, context.extensionUri, engines, output),
    ),
    registerGraphDebugger(context.extensionUri, engines),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: WebviewUiState | undefined) =>
        GraphPanel.restore(panel, state, context.extensionUri, engines, output),
    }),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
