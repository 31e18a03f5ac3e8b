// One engine process per workspace folder, started on first use and restarted on the next use
// after it stopped (crash, or killed by a debug session's Stop). It is the single writer of the
// folder's databases and serves the debug sessions, the views and the webviews alike.
// Engine and user-code output goes to the "LangGraph" output channel; a debug session using the
// engine subscribes to it as well (EngineClient.onLog), for its Debug Console. A debug session
// that debugs user code (`debugUserCode`) needs the engine under the Node.js inspector: the
// folder's engine is restarted that way once, and later users keep it.

import * as path from "node:path";
import * as vscode from "vscode";
import { EngineClient } from "../engineClient/engineClient";

export class EngineRegistry implements vscode.Disposable {
  private readonly engines = new Map<string, EngineClient>();
  // An engine of an untrusted workspace refuses user code for its whole life: once trust is
  // granted, stop those engines so the next request starts a trusted one. Subscribed before
  // the services built on this registry, so they reopen against the new engine.
  private readonly trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => this.restartAll());

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** The running engine for the folder that holds `file`, started if needed. */
  forFile(file: string): EngineClient {
    const folder = folderOf(file);
    const running = this.engines.get(folder);
    if (running?.isRunning) return running;
    return this.start(folder, false);
  }

  /** The folder's engine under the Node.js inspector; a running engine without it is stopped first. */
  async withInspector(file: string): Promise<EngineClient> {
    const folder = folderOf(file);
    for (let running = this.engines.get(folder); running?.isRunning; running = this.engines.get(folder)) {
      if (running.inspects) return running;
      // Stop it before starting the new one: two engines must never hold the database at once.
      this.output.info(`Restarting the LangGraph engine for ${folder} under the Node.js inspector, to debug user code.`);
      await running.dispose();
    }
    return this.start(folder, true);
  }

  private start(folder: string, inspect: boolean): EngineClient {
    const nodePath = vscode.workspace.getConfiguration("langgraph").get<string>("nodePath") || undefined;
    const untrusted = !vscode.workspace.isTrusted;
    const engine = EngineClient.start({ cwd: folder, enginePath: vscode.Uri.joinPath(this.extensionUri, "dist", "engine.js").fsPath, nodePath, untrusted, inspect });
    if (untrusted) this.output.info("The workspace is in Restricted Mode: the engine loads no graph and opens databases read-only.");
    engine.onLog((stream, line) => (stream === "stderr" ? this.output.warn(line) : this.output.info(line)));
    engine.onExit((code, signal) => {
      if (this.engines.get(folder) === engine) this.engines.delete(folder);
      if (code !== 0 || signal) this.output.warn(`The LangGraph engine for ${folder} stopped (${signal ?? `exit code ${code}`}).`);
    });
    this.output.info(`Started the LangGraph engine for ${folder}${nodePath ? ` with ${nodePath}` : ""}${inspect ? " under the Node.js inspector" : ""} (pid ${engine.pid})`);
    this.engines.set(folder, engine);
    return engine;
  }

  /** Whether an engine runs for the folder that holds `file`. */
  runsFor(file: string): boolean {
    return this.engines.get(folderOf(file))?.isRunning === true;
  }

  /**
   * Stops every engine and waits until they have exited (so the databases' locks are free); the
   * next use starts a fresh one that imports the user's modules and reads the environment anew.
   * Resolves to the stopped engines' process ids.
   */
  async restart(): Promise<number[]> {
    const running = [...this.engines.values()];
    this.engines.clear();
    await Promise.all(running.map((engine) => engine.dispose()));
    return running.flatMap((engine) => (engine.pid === undefined ? [] : [engine.pid]));
  }

  private restartAll(): void {
    for (const engine of this.engines.values()) void engine.dispose();
    this.engines.clear();
  }

  dispose(): void {
    this.trustListener.dispose();
    this.restartAll();
  }
}

function folderOf(file: string): string {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
}
