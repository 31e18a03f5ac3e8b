// Composition root: creates the shared services and registers commands and serializers.
// No logic here and no user code: graphs only ever run in the engine process.

import * as vscode from "vscode";
import type { WebviewUiState } from "./protocol/webview";
import { registerGraphDebugger } from "./ui/debugAdapter";
import { DebugPositionTracker } from "./ui/debugPosition";
import { EngineRegistry } from "./ui/engines";
import { DEBUGGER_VIEW_TYPE, DebuggerPanel } from "./ui/debuggerView/debuggerPanel";
import { DebugGraphWizard } from "./ui/debugGraphWizard";
import { openExample, openWalkthrough } from "./ui/gettingStarted";
import { openDebugger, showGraph, type ShowGraphArgs } from "./ui/debuggerView/openCommands";
import { registerRestartEngine } from "./ui/restartEngine";
import { PositionStatusBar, showPosition } from "./ui/statusBar";
import { registerStoreOverlayCommands } from "./ui/storeOverlayCommands";
import { registerDocuments } from "./ui/documents/registerDocuments";
import { ConfigFiles } from "./ui/configFiles";
import { registerViews } from "./ui/views/registerViews";
import { WorkspaceDbService } from "./ui/workspaceDb";
import { DatabasePasswords } from "./ui/databasePasswords";
import { ServerConnections } from "./ui/serverConnections";
import { ServerCommands } from "./ui/views/serverCommands";

/** What activate() returns (vscode.extensions.getExtension(...).exports), for the integration tests. */
export interface LangGraphExtensionApi {
  /** How long activate() itself took, in milliseconds (start-up cost reported by `npm run bench`). */
  activationMs: number;
  statusBar: PositionStatusBar;
}

export function activate(context: vscode.ExtensionContext): LangGraphExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel("LangGraph", { log: true });
  const engines = new EngineRegistry(context.extensionUri, output);
  // Shared by the views, the documents and the debugger webview: one database access, one position.
  const passwords = new DatabasePasswords(context.secrets);
  const configFiles = new ConfigFiles();
  const servers = new ServerConnections(context.workspaceState);
  const databases = new WorkspaceDbService(engines, passwords, configFiles, servers);
  const positions = new DebugPositionTracker();
  const panelServices = { extensionUri: context.extensionUri, engines, databases, positions, output };
  const statusBar = new PositionStatusBar(positions);
  const debugGraphWizard = new DebugGraphWizard(engines, databases);

  context.subscriptions.push(
    output,
    engines,
    servers,
    databases,
    positions,
    vscode.commands.registerCommand("langgraph.showGraph", (args?: ShowGraphArgs) => showGraph(args, panelServices)),
    vscode.commands.registerCommand("langgraph.openDebugger", (args?: ShowGraphArgs) => openDebugger(args, panelServices)),
    registerGraphDebugger(context.extensionUri, engines, passwords, databases),
    configFiles,
    registerDocuments(databases),
    registerViews(databases, positions, configFiles),
    new ServerCommands(databases, servers, passwords).register(),
    statusBar,
    vscode.commands.registerCommand("langgraph.showPosition", showPosition),
    ...registerStoreOverlayCommands(),
    debugGraphWizard,
    vscode.commands.registerCommand("langgraph.debugGraph", () => debugGraphWizard.run()),
    vscode.commands.registerCommand("langgraph.openExample", () => openExample(context.extensionUri)),
    vscode.commands.registerCommand("langgraph.openWalkthrough", openWalkthrough),
    registerRestartEngine(engines, databases, positions, output),
    vscode.window.registerWebviewPanelSerializer(DEBUGGER_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: WebviewUiState | undefined) => DebuggerPanel.restore(panel, state, panelServices),
    }),
  );
  return { activationMs: performance.now() - started, statusBar };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
