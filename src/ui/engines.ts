// One engine process per workspace folder, started on first use and restarted on the next use
// after it stopped (crash, or killed by a debug session's Stop). It is the single writer of the
// folder's databases and serves the debug sessions, the views and the webviews alike.
// Engine and user-code output goes to the "LangGraph" output channel; a debug session using the
// engine subscribes to it as well (EngineClient.onLog), for its Debug Console. A debug session
// that debugs user code (`debugUserCode`) needs the engine under the Node.js inspector, and one
// that names a Node.js (`nodePath`) needs the engine on it: the folder's engine is restarted
// that way once, and later users keep it.

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

  /**
   * The folder's engine for a debug session: on the launch's Node.js (`nodePath`) and under the
   * inspector when it debugs user code. A running engine that does not fit is stopped first
   * (its exit releases the database's lock) and the new one takes its place, for the views too:
   * two engines must never hold one database, and one engine per folder needs no question to
   * the user. A later launch that names neither keeps the engine as it is.
   */
  async forLaunch(file: string, wanted: { inspect: boolean; nodePath?: string }): Promise<EngineClient> {
    const folder = folderOf(file);
    for (let running = this.engines.get(folder); running?.isRunning; running = this.engines.get(folder)) {
      const inspects = !wanted.inspect || running.inspects;
      const runsNode = !wanted.nodePath || running.runsNode(wanted.nodePath);
      if (inspects && runsNode) return running;
      // Stop it before starting the new one: two engines must never hold the database at once.
      const why = !runsNode ? `on ${wanted.nodePath}, as the launch configuration asks` : "under the Node.js inspector, to debug user code";
      this.output.info(`Restarting the LangGraph engine for ${folder} ${why}.`);
      await running.dispose();
    }
    return this.start(folder, wanted.inspect, wanted.nodePath);
  }

  /** `nodePath`: the launch's; default the setting `langgraph.nodePath`, else VS Code's own Node.js. */
  private start(
    folder: string,
    inspect: boolean,
    nodePath = vscode.workspace.getConfiguration("langgraph").get<string>("nodePath") || undefined,
  ): EngineClient {
    const untrusted = !vscode.workspace.isTrusted;
    const engine = EngineClient.start({
      cwd: folder,
      enginePath: vscode.Uri.joinPath(this.extensionUri, "dist", "engine.js").fsPath,
      nodePath,
      untrusted,
      inspect,
    });
    if (untrusted) this.output.info("The workspace is in Restricted Mode: the engine loads no graph and opens databases read-only.");
    engine.onLog((stream, line) => (stream === "stderr" ? this.output.warn(line) : this.output.info(line)));
    engine.onExit((code, signal) => {
      if (this.engines.get(folder) === engine) this.engines.delete(folder);
      if (code !== 0 || signal) this.output.warn(`The LangGraph engine for ${folder} stopped (${signal ?? `exit code ${code}`}).`);
    });
    this.output.info(
      `Started the LangGraph engine for ${folder}${nodePath ? ` with ${nodePath}` : ""}${inspect ? " under the Node.js inspector" : ""} (pid ${engine.pid})`,
    );
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
