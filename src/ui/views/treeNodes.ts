// What both views share: the roots (one per langgraph.json when there are several), the
// message items that stand in for an error or an empty list, and a refresh that coalesces the
// bursts of db/changed a running graph sends.

import * as path from "node:path";
import * as vscode from "vscode";
import { ConfigFiles } from "../configFiles";
import { isServerUrl } from "../../protocol/databaseUrls";

/** A root of the views: a database as WorkspaceDbService.list() names it (a langgraph.json, or a connected server's URL). */
export interface ConfigNode {
  kind: "config";
  configFile: string;
}

/** An error, an empty list or a hint, shown where the items would be. */
export interface MessageNode {
  kind: "message";
  text: string;
  tooltip?: string;
  error?: boolean;
  command?: vscode.Command;
}

export function configItem(node: ConfigNode): vscode.TreeItem {
  if (isServerUrl(node.configFile)) return serverItem(node.configFile);
  const item = new vscode.TreeItem(ConfigFiles.label(node.configFile), vscode.TreeItemCollapsibleState.Expanded);
  item.description = path.basename(node.configFile);
  item.tooltip = node.configFile;
  item.iconPath = new vscode.ThemeIcon("database");
  item.contextValue = "config";
  return item;
}

/** A server connected with "Connect to Server…"; live: the engine polls it for other clients' writes. */
function serverItem(url: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`LangGraph server ${new URL(url).host}`, vscode.TreeItemCollapsibleState.Expanded);
  item.description = "live";
  item.tooltip = `${url}\n\nConnected with "LangGraph: Connect to Server…": other clients' changes show as they happen.`;
  item.iconPath = new vscode.ThemeIcon("server");
  item.contextValue = "server";
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.tooltip = node.tooltip ?? node.text;
  item.iconPath = new vscode.ThemeIcon(node.error ? "error" : "info", node.error ? new vscode.ThemeColor("errorForeground") : undefined);
  item.command = node.command;
  item.contextValue = node.error ? "error" : "message";
  return item;
}

/**
 * An engine or database failure as a tree item: the engine's message, and a click that opens
 * the file to fix when the error names one, else tries again.
 */
export function errorNode(error: unknown, retryCommand: string): MessageNode {
  const { message, file, hint } = (error ?? {}) as { message?: string; file?: string; hint?: string };
  const text = message ?? String(error);
  const tooltip = [text, hint, file ? `Click to open ${file}.` : "Click to try again."].filter(Boolean).join("\n\n");
  const command: vscode.Command = file
    ? { title: "Open File", command: "vscode.open", arguments: [vscode.Uri.file(file)] }
    : { title: "Try Again", command: retryCommand };
  return { kind: "message", text: text.split("\n")[0], tooltip, error: true, command };
}

/** Fires a whole-tree refresh at most every `delayMs`, however many changes arrive. */
export function coalesced(fire: () => void, delayMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      fire();
    }, delayMs);
  };
}

/**
 * A command whose failure (the engine stopped, the database is read-only) is shown as an error
 * message that says what happened, instead of VS Code's generic "command failed".
 */
export function registerReporting<A extends unknown[]>(command: string, run: (...args: A) => Promise<unknown>): vscode.Disposable {
  return vscode.commands.registerCommand(command, async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`LangGraph: ${(error as Error)?.message ?? String(error)}`);
      return undefined;
    }
  });
}
