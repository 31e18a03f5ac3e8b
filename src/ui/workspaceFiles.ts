// Where a workspace folder's langgraph.json is (the `langgraph.configFile` setting), and whether
// a file exists: shared by the commands, the debug configuration provider and the views.

import * as path from "node:path";
import * as vscode from "vscode";

/** The langgraph.json of a folder as the setting names it (it may not exist). */
export function configFileOf(folder: vscode.WorkspaceFolder): string {
  const setting = vscode.workspace.getConfiguration("langgraph", folder).get<string>("configFile") || "langgraph.json";
  return path.resolve(folder.uri.fsPath, setting);
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
