// Commands of the getting-started walkthrough: copy the memory-agent example (shipped in the
// .vsix, 50 KB) into a folder the user picks and open it, and start debugging a graph of the
// workspace's langgraph.json without writing a launch.json first.

import * as path from "node:path";
import * as vscode from "vscode";
import type { EngineRegistry } from "./engines";
import { DEBUG_TYPE } from "./debugAdapter";

export const WALKTHROUGH_ID = "langgraph-debugger.langgraph-debugger#getStarted";

export async function openWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH_ID, false);
}

/** Copies examples/memory-agent next to the user's projects and opens it in a new window. */
export async function openExample(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = vscode.Uri.joinPath(extensionUri, "examples", "memory-agent");
  const [parent] =
    (await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: "Copy the example here",
      title: "Where should the memory-agent example go?",
    })) ?? [];
  if (!parent) return undefined;
  let target = vscode.Uri.joinPath(parent, "memory-agent");
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(parent, `memory-agent-${n}`);
  await vscode.workspace.fs.copy(source, target);
  const choice = await vscode.window.showInformationMessage(
    `The example is in ${target.fsPath}. Run "npm install" there once (it needs @langchain/langgraph), then Show Graph or debug it.`,
    "Open Folder",
  );
  if (choice === "Open Folder") await vscode.commands.executeCommand("vscode.openFolder", target, { forceNewWindow: true });
  return target;
}

/** "LangGraph: Debug a Graph…": picks a graph of the folder's langgraph.json and starts a session that stops on entry. */
export async function debugGraph(engines: EngineRegistry): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Debug a graph of which folder?" });
  if (!folder) return false;
  const setting = vscode.workspace.getConfiguration("langgraph", folder).get<string>("configFile") || "langgraph.json";
  const configFile = path.resolve(folder.uri.fsPath, setting);
  let graphIds: string[];
  try {
    const { graphs } = await engines.forFile(configFile).request("graphs/list", { configFile });
    graphIds = graphs.map((graph) => graph.graphId);
  } catch (error) {
    void vscode.window.showErrorMessage(`LangGraph: ${(error as Error).message}`);
    return false;
  }
  const graphId = graphIds.length === 1 ? graphIds[0] : await vscode.window.showQuickPick(graphIds, { placeHolder: "Which graph?" });
  if (!graphId) return false;
  const config: vscode.DebugConfiguration = { type: DEBUG_TYPE, request: "launch", name: `LangGraph: ${graphId}`, graph: graphId, input: {}, stopOnEntry: true };
  if (setting !== "langgraph.json") config.configFile = setting;
  return vscode.debug.startDebugging(folder, config);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
