// Commands of the getting-started walkthrough: open it, and copy the memory-agent example
// (shipped in the .vsix, 50 KB) into a folder the user picks and open it. Debugging a graph
// without a launch.json is debugGraphWizard.ts.

import * as vscode from "vscode";
import { exists } from "./workspaceFiles";

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
