// Commands of the getting-started walkthrough: copy the memory-agent example (shipped in the
// .vsix, 50 KB) into a folder the user picks and open it, and start debugging a graph of the
// workspace's langgraph.json without writing a launch.json first.

import * as vscode from "vscode";
import type { EngineRegistry } from "./engines";
import { DEBUG_TYPE, launchFor } from "./debugAdapter";
import { configFileOf, exists } from "./workspaceFiles";

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

/**
 * "LangGraph: Debug a Graph…": the folder's `langgraph` launch configurations (they carry the
 * input and context a graph needs), plus a stop-on-entry configuration for each graph that has
 * none; asks only when there is a choice.
 */
export async function debugGraph(engines: EngineRegistry): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Debug a graph of which folder?" });
  if (!folder) return false;
  const configFile = configFileOf(folder);
  let graphIds: string[];
  try {
    const { graphs } = await engines.forFile(configFile).request("graphs/list", { configFile });
    graphIds = graphs.map((graph) => graph.graphId);
  } catch (error) {
    void vscode.window.showErrorMessage(`LangGraph: ${(error as Error).message}`);
    return false;
  }
  const launches = (vscode.workspace.getConfiguration("launch", folder).get<vscode.DebugConfiguration[]>("configurations") ?? []).filter(
    (config) => config.type === DEBUG_TYPE && config.request === "launch",
  );
  const choices = [
    ...launches.map((config) => ({ label: config.name, description: `launch.json · graph ${String(config.graph)}`, target: config.name as string | vscode.DebugConfiguration })),
    ...graphIds
      .filter((graphId) => !launches.some((config) => config.graph === graphId))
      .map((graphId) => ({ label: graphId, description: "stops before the first node", target: launchFor(graphId, folder, configFile) as string | vscode.DebugConfiguration })),
  ];
  const picked = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { placeHolder: "Debug which graph or launch configuration?" });
  if (!picked) return false;
  // A name makes VS Code take the configuration from launch.json, with its variables resolved.
  return vscode.debug.startDebugging(folder, picked.target);
}

