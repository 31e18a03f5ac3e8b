// The debugger view ("LangGraph: Show Graph" / "Open Debugger View"): one webview panel per
// (langgraph.json or connected LangGraph server, graph id) with the graph, the timeline, the state and the store, restored
// after a window reload by a serializer. The logic lives in DebuggerViewHost; this file is the
// VS Code glue.

import * as vscode from "vscode";
import type { DebuggerTab, HostMessage, WebviewUiState } from "../../protocol/webview";
import type { DebugPositionTracker } from "../debugPosition";
import { DebuggerViewHost } from "./debuggerViewHost";
import { breakpointLink, databaseLink, editorLink, serverGraphs, sessionLink, storeVersionCommands } from "./vscodeLinks";
import { isServerUrl } from "../../protocol/databaseUrls";
import type { EngineRegistry } from "../engines";
import type { GraphLoadResult } from "./graphViewHost";
import { WebviewConnection } from "./webviewConnection";
import { createNonce, renderWebviewHtml } from "./webviewHtml";
import type { WorkspaceDbService } from "../workspaceDb";

/** The extension's shared services the panel reads from. */
export interface DebuggerViewServices {
  extensionUri: vscode.Uri;
  engines: EngineRegistry;
  databases: WorkspaceDbService;
  positions: DebugPositionTracker;
  output: vscode.LogOutputChannel;
}

export const DEBUGGER_VIEW_TYPE = "langgraph.graph";

export interface ShownCheckpoint {
  threadId: string;
  checkpointId: string;
  tab: DebuggerTab;
}

export class DebuggerPanel implements vscode.Disposable {
  private static readonly open = new Map<string, DebuggerPanel>();
  private readonly host: DebuggerViewHost;
  private readonly connection: WebviewConnection;
  private readonly disposables: vscode.Disposable[] = [];
  /** Set when the panel closes: answers the host was still waiting for then go nowhere. */
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly key: string,
    configFile: string,
    graphId: string,
    services: DebuggerViewServices,
  ) {
    const { extensionUri, engines, databases, positions, output } = services;
    const log = (message: string) => output.warn(message);
    this.connection = new WebviewConnection(
      {
        // Reading `webview` of a closed panel throws ("Webview is disposed").
        post: (message) => void (this.disposed ? undefined : panel.webview.postMessage(message)),
        onMessage: (listener) => {
          const subscription = panel.webview.onDidReceiveMessage(listener);
          return () => subscription.dispose();
        },
      },
      (message, token) => this.host.handle(message, token),
      log,
    );
    this.host = new DebuggerViewHost({
      // A LangGraph server's view (configFile: its URL) draws the graph the server serves.
      engine: isServerUrl(configFile) ? serverGraphs(databases, configFile) : () => engines.forFile(configFile),
      configFile,
      graphId,
      post: (message: HostMessage) => this.connection.notify(message),
      editor: editorLink(configFile),
      log,
      db: databaseLink(databases, configFile),
      session: sessionLink(positions, configFile, graphId),
      breakpoints: breakpointLink(),
      storeVersions: storeVersionCommands(),
    });
    panel.title = `Graph: ${graphId}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "langgraph.svg");
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderHtml(panel.webview, extensionUri, graphId);
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    DebuggerPanel.open.set(key, this);
  }

  /**
   * Shows (or reveals) the panel for a graph and loads it; resolves with what the user sees.
   * With `checkpoint`, the view shows that checkpoint of its thread, in the given tab.
   */
  static async show(services: DebuggerViewServices, configFile: string, graphId: string, checkpoint?: ShownCheckpoint): Promise<GraphLoadResult> {
    const { extensionUri } = services;
    const key = `${configFile}#${graphId}`;
    let view = DebuggerPanel.open.get(key);
    if (view) {
      view.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(DEBUGGER_VIEW_TYPE, `Graph: ${graphId}`, vscode.ViewColumn.Active, {
        ...webviewOptions(extensionUri),
        retainContextWhenHidden: false,
      });
      view = new DebuggerPanel(panel, key, configFile, graphId, services);
    }
    const loaded = view.host.graph.load();
    if (checkpoint) await view.host.show(checkpoint.threadId, checkpoint.checkpointId, checkpoint.tab);
    return loaded;
  }

  /** Restores a panel VS Code kept across a reload; its webview asks for a fresh snapshot. */
  static restore(panel: vscode.WebviewPanel, state: WebviewUiState | undefined, services: DebuggerViewServices): void {
    if (!state?.configFile || !state.graphId) {
      panel.dispose();
      return;
    }
    new DebuggerPanel(panel, `${state.configFile}#${state.graphId}`, state.configFile, state.graphId, services);
  }

  dispose(): void {
    this.disposed = true;
    DebuggerPanel.open.delete(this.key);
    this.host.dispose();
    this.connection.dispose();
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview"), vscode.Uri.joinPath(extensionUri, "media")],
  };
}

function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, graphId: string): string {
  const asUri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: asUri("dist", "webview", "main.js"),
    codiconsUri: asUri("dist", "webview", "codicon.css"),
    styleUris: [asUri("media", "webview.css")],
    title: `Graph: ${graphId}`,
  });
}
