// The LangGraph servers connected with "LangGraph: Connect to Server…": the Threads and Memory
// Store views show each as a further database beside the workspace's, without a debug session.
// Remembered per workspace (workspaceState) by URL only: an API key stays in SecretStorage.

import * as vscode from "vscode";

const STATE_KEY = "langgraph.connectedServers";

export class ServerConnections implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();

  /** A server was connected or disconnected. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.announce();
  }

  /** The connected servers' URLs (without API key), in the order they were connected. */
  list(): string[] {
    return this.state.get<string[]>(STATE_KEY, []);
  }

  has(url: string): boolean {
    return this.list().includes(url);
  }

  async add(url: string): Promise<void> {
    if (this.has(url)) return;
    await this.state.update(STATE_KEY, [...this.list(), url]);
    this.announce();
    this.changed.fire();
  }

  async remove(url: string): Promise<void> {
    if (!this.has(url)) return;
    await this.state.update(
      STATE_KEY,
      this.list().filter((known) => known !== url),
    );
    this.announce();
    this.changed.fire();
  }

  /** Sets `langgraph.serverConnected`, which offers Disconnect in the Command Palette (package.json). */
  private announce(): void {
    void vscode.commands.executeCommand("setContext", "langgraph.serverConnected", this.list().length > 0);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
