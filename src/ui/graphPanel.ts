// The "LangGraph: Show Graph" webview panel: one per (langgraph.json, graph id), restored after
// a window reload by a serializer. The logic lives in GraphViewHost; this file is the VS Code glue.

import * as vscode from "vscode";
import type { GraphShape } from "../protocol/engine";
import type { HostMessage, WebviewUiState } from "../protocol/webview";
import type { EngineRegistry } from "./engines";
import { GraphViewHost, type GraphLoadResult } from "./graphViewHost";
import { openNodeSource } from "./nodeSource";
import { createNonce, renderWebviewHtml } from "./webviewHtml";

export const GRAPH_VIEW_TYPE = "langgraph.graph";

export class GraphPanel implements vscode.Disposable {
  private static readonly open = new Map<string, GraphPanel>();
  private readonly host: GraphViewHost;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly key: string,
    configFile: string,
    graphId: string,
    extensionUri: vscode.Uri,
    engines: EngineRegistry,
    output: vscode.LogOutputChannel,
  ) {
    this.host = new GraphViewHost({
      engine: () => engines.forFile(configFile),
      configFile,
      graphId,
      post: (message: HostMessage) => void panel.webview.postMessage(message),
      openNode: (nodeId: string, graph: GraphShape) => void openNodeSource(graph, nodeId),
      log: (message) => output.warn(message),
    });
    panel.title = `Graph: ${graphId}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, "media", "langgraph.svg");
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderHtml(panel.webview, extensionUri, graphId);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.host.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    GraphPanel.open.set(key, this);
  }

  /** Shows (or reveals) the panel for a graph and loads it; resolves with what the user sees. */
  static async show(
    extensionUri: vscode.Uri,
    engines: EngineRegistry,
    output: vscode.LogOutputChannel,
    configFile: string,
    graphId: string,
  ): Promise<GraphLoadResult> {
    const key = `${configFile}#${graphId}`;
    let graphPanel = GraphPanel.open.get(key);
    if (graphPanel) {
      graphPanel.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Graph: ${graphId}`, vscode.ViewColumn.Active, {
        ...webviewOptions(extensionUri),
        retainContextWhenHidden: false,
      });
      graphPanel = new GraphPanel(panel, key, configFile, graphId, extensionUri, engines, output);
    }
    return graphPanel.host.load();
  }

  /** Restores a panel VS Code kept across a reload; its webview asks for a fresh snapshot. */
  static restore(
    panel: vscode.WebviewPanel,
    state: WebviewUiState | undefined,
    extensionUri: vscode.Uri,
    engines: EngineRegistry,
    output: vscode.LogOutputChannel,
  ): void {
    if (!state?.configFile || !state.graphId) {
      panel.dispose();
      return;
    }
    new GraphPanel(panel, `${state.configFile}#${state.graphId}`, state.configFile, state.graphId, extensionUri, engines, output);
  }

  dispose(): void {
    GraphPanel.open.delete(this.key);
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
