// "LangGraph: Show Graph" and "Open Debugger View": pick langgraph.json and a graph (asking only
// when there is a choice), open the debugger view on it (one panel: Show Graph is that view
// opened on its graph), and report any error in words that say what to fix.
// The command resolves to what the user sees, so integration tests can assert it.

import * as path from "node:path";
import * as vscode from "vscode";
import { DebuggerPanel, type DebuggerViewServices, type ShownCheckpoint } from "./debuggerPanel";
import { offerFix, type Fix } from "../offerFix";
import { RESTART_ENGINE } from "../restartEngine";
import { configFileOf, exists } from "../workspaceFiles";
import { isServerUrl } from "../../protocol/databaseUrls";

export interface ShowGraphArgs {
  graphId?: string;
  configFile?: string;
  /** Open on this checkpoint of its thread, in this tab (the debugger view's Timeline, State or Store). */
  checkpoint?: ShownCheckpoint;
}

export type ShowGraphResult = { graphId: string; nodeIds: string[] } | { error: { code: string; message: string; file?: string } } | { cancelled: true };

export async function showGraph(args: ShowGraphArgs | undefined, services: DebuggerViewServices): Promise<ShowGraphResult> {
  const { engines, output } = services;
  const configFile = args?.configFile ?? (await pickConfigFile());
  if (!configFile) return { cancelled: true };
  try {
    // A LangGraph server's graph is named by the session attached to it: no langgraph.json to list.
    const graphId =
      args?.graphId ??
      (isServerUrl(configFile)
        ? undefined
        : await pickGraph((await engines.forFile(configFile).request("graphs/list", { configFile })).graphs.map((graph) => graph.graphId)));
    if (!graphId) return { cancelled: true };

    const result = await DebuggerPanel.show(services, configFile, graphId, args?.checkpoint);
    if (result.ok) return { graphId, nodeIds: result.graph.nodes.map((node) => node.id) };
    return reportError(result.error, output);
  } catch (cause) {
    const error = cause as { code?: string; message?: string; file?: string; hint?: string; fix?: Fix };
    return reportError({ code: error.code ?? "internal", message: error.message ?? String(cause), file: error.file, hint: error.hint, fix: error.fix }, output);
  }
}

/**
 * "LangGraph: Open Debugger View": the view of the graph a LangGraph debug session runs, else
 * the same choice as Show Graph.
 */
export function openDebugger(args: ShowGraphArgs | undefined, services: DebuggerViewServices): Promise<ShowGraphResult> {
  const position = services.positions.current;
  const fromSession = position && position.status !== "ended" ? { configFile: position.configFile, graphId: position.graphId } : {};
  return showGraph({ ...fromSession, ...args }, services);
}

async function pickConfigFile(): Promise<string | undefined> {
  const setting = vscode.workspace.getConfiguration("langgraph").get<string>("configFile") || "langgraph.json";
  const configured: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = configFileOf(folder);
    if (await exists(vscode.Uri.file(candidate))) configured.push(candidate);
  }
  const found = configured.length > 0 ? configured : (await vscode.workspace.findFiles("**/langgraph.json", "**/node_modules/**", 20)).map((uri) => uri.fsPath);

  if (found.length === 0) {
    void vscode.window.showErrorMessage(
      `No ${setting} found in this workspace. Create one with a "graphs" entry, e.g. { "graphs": { "agent": "./src/agent.ts:graph" } }.`,
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
    { placeHolder: "Which LangGraph configuration?" },
  );
  return picked?.file;
}

async function pickGraph(graphIds: string[]): Promise<string | undefined> {
  if (graphIds.length === 1) return graphIds[0];
  return vscode.window.showQuickPick(graphIds, { placeHolder: "Which graph?" });
}

function reportError(error: { code: string; message: string; file?: string; hint?: string; fix?: Fix }, output: vscode.LogOutputChannel): ShowGraphResult {
  const text = `${error.message}${error.hint ? ` ${error.hint}` : ""}`;
  output.error(text);
  const openFile = error.file ? `Open ${path.basename(error.file)}` : undefined;
  // Not awaited: the command resolves while the message waits for the user.
  if (error.fix) void offerFix(text, error.fix);
  else {
    // The engine keeps the modules it imported: after fixing one of those, a restart loads it.
    void vscode.window.showErrorMessage(text, ...(openFile ? [openFile] : []), RESTART_ENGINE).then((choice) => {
      if (choice && choice === openFile && error.file) void vscode.window.showTextDocument(vscode.Uri.file(error.file));
      if (choice === RESTART_ENGINE) void vscode.commands.executeCommand("langgraph.restartEngine");
    });
  }
  return { error: { code: error.code, message: error.message, ...(error.file ? { file: error.file } : {}) } };
}
