// "LangGraph: Connect to Server…" and "Disconnect": add a running LangGraph server to the Threads
// and Memory Store views (beside the workspace database, no debug session) and take it away.
// Connecting asks for the URL and an optional API key (kept in SecretStorage, never in settings)
// and checks that the server answers before it is remembered.

import * as vscode from "vscode";
import { isServerUrl, secretOf, serverLocation } from "../../protocol/databaseUrls";
import { DEBUG_TYPE } from "../debugAdapter";
import type { DatabasePasswords } from "../databasePasswords";
import type { ServerConnections } from "../serverConnections";
import type { WorkspaceDbService } from "../workspaceDb";
import type { ConfigNode } from "./treeNodes";

/** How long Connect waits for the server's first answer. */
const CONNECT_TIMEOUT_MS = 20_000;

/** Arguments a caller (a test, a link) may give instead of answering the questions. */
export interface ConnectArgs {
  url: string;
  apiKey?: string;
}

/** What Connect did: the server's URL once connected, or the error the user was shown. */
export interface ConnectResult {
  connected?: string;
  error?: string;
}

/** Why `text` is not a LangGraph server URL, or undefined when it is one. */
export function serverUrlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return "Enter the server's URL, e.g. http://127.0.0.1:2024 (langgraphjs dev's default).";
  if (!isServerUrl(trimmed)) return `${JSON.stringify(trimmed)} is not an http:// or https:// URL: write it as http://HOST:PORT.`;
  if (secretOf(trimmed) !== undefined) return "Leave the API key out of the URL: it is asked for next and kept in VS Code's secret storage.";
  return undefined;
}

export class ServerCommands {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly servers: ServerConnections,
    private readonly passwords: DatabasePasswords,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.commands.registerCommand("langgraph.connectServer", (args?: ConnectArgs) => this.connect(args)),
      vscode.commands.registerCommand("langgraph.disconnectServer", (node?: ConfigNode | string) => this.disconnect(node)),
      // A session attached to a server puts the server in the views, where its position is marked.
      vscode.debug.onDidStartDebugSession((session) => void this.attached(session)),
    );
  }

  private async attached(session: vscode.DebugSession): Promise<void> {
    const { type, request, url } = session.configuration;
    if (type !== DEBUG_TYPE || request !== "attach" || typeof url !== "string" || serverUrlProblem(url)) return;
    await this.servers.add(serverLocation(url.trim()));
  }

  async connect(args?: ConnectArgs): Promise<ConnectResult> {
    const asked = args ?? (await this.ask());
    if (!asked) return {};
    const problem = serverUrlProblem(asked.url);
    if (problem) return this.fail(problem);
    const url = serverLocation(asked.url.trim());
    const apiKey = asked.apiKey?.trim() || undefined;
    const host = new URL(url).host;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Connecting to the LangGraph server ${host}…`, cancellable: true },
        (_progress, cancel) => withinTime(this.databases.check(url, apiKey), cancel, url),
      );
    } catch (error) {
      if (error instanceof vscode.CancellationError) return {};
      return this.fail((error as Error)?.message ?? String(error));
    }
    if (apiKey) await this.passwords.keep(url, apiKey);
    await this.servers.add(url);
    return { connected: url };
  }

  async disconnect(node?: ConfigNode | string): Promise<void> {
    const url = typeof node === "string" ? node : (node?.configFile ?? (await this.pick()));
    if (url) await this.servers.remove(url);
  }

  private async ask(): Promise<ConnectArgs | undefined> {
    const url = await vscode.window.showInputBox({
      title: "Connect to a LangGraph Server (1/2)",
      prompt: "The server's URL: its threads and store appear in the Threads and Memory Store views.",
      value: "http://127.0.0.1:2024",
      validateInput: serverUrlProblem,
      ignoreFocusOut: true,
    });
    if (url === undefined) return undefined;
    const apiKey = await vscode.window.showInputBox({
      title: "Connect to a LangGraph Server (2/2)",
      prompt: "Its API key, if it wants one (leave empty for langgraphjs dev). Kept in VS Code's secret storage, never in settings.",
      password: true,
      ignoreFocusOut: true,
    });
    if (apiKey === undefined) return undefined;
    return { url, apiKey };
  }

  private async pick(): Promise<string | undefined> {
    const servers = this.servers.list();
    if (servers.length <= 1) return servers[0];
    return vscode.window.showQuickPick(servers, { title: "Disconnect a LangGraph Server" });
  }

  private fail(message: string): ConnectResult {
    void vscode.window.showErrorMessage(`LangGraph: ${message}`);
    return { error: message };
  }
}

/** `work`, unless the user cancels first (CancellationError) or it takes longer than CONNECT_TIMEOUT_MS. */
function withinTime<T>(work: Promise<T>, cancel: vscode.CancellationToken, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let listener: vscode.Disposable | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The LangGraph server ${url} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s.`)), CONNECT_TIMEOUT_MS);
    listener = cancel.onCancellationRequested(() => reject(new vscode.CancellationError()));
  });
  return Promise.race([work, stopped]).finally(() => {
    clearTimeout(timer);
    listener?.dispose();
  });
}
