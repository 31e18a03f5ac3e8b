// "LangGraph: Restart Engine". The engine keeps what it loaded: modules the user's graph imports
// from node_modules, and the environment of `.env` and langgraph.json's "env". After an install
// or an edit of those, a restart is what loads them again. Offered on its own when such a file
// changes while an engine runs, and on the error notifications of Show Graph.

import * as path from "node:path";
import * as vscode from "vscode";
import type { DebugPositionTracker } from "./debugPosition";
import type { EngineRegistry } from "./engines";
import type { WorkspaceDbService } from "./workspaceDb";

export const RESTART_ENGINE = "Restart Engine";

/** Files whose change the running engine does not see until it restarts. */
const WATCHED = "**/{langgraph.json,.env,package-lock.json,npm-shrinkwrap.json,pnpm-lock.yaml,yarn.lock,bun.lock}";

export function registerRestartEngine(
  engines: EngineRegistry,
  databases: WorkspaceDbService,
  positions: DebugPositionTracker,
  output: vscode.LogOutputChannel,
): vscode.Disposable {
  const restart = async (): Promise<{ stopped: number[] } | undefined> => {
    const sessions = positions.all().map((position) => position.session);
    if (sessions.length > 0) {
      const choice = await vscode.window.showWarningMessage(
        `Restarting the LangGraph engine ends ${sessions.length === 1 ? `the debug session "${sessions[0]!.name}"` : `${sessions.length} debug sessions`}.`,
        { modal: true },
        RESTART_ENGINE,
      );
      if (choice !== RESTART_ENGINE) return undefined;
    }
    const stopped = await engines.restart();
    databases.reopenAll();
    output.info(
      stopped.length > 0
        ? `Restarted the LangGraph engine (stopped pid ${stopped.join(", ")}): the next use loads your modules and environment afresh.`
        : "No LangGraph engine was running.",
    );
    return { stopped };
  };

  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED, false, false, true);
  const pending = new Map<string, NodeJS.Timeout>();
  // Writes come in bursts (an install rewrites the lockfile more than once): one offer per burst.
  const offer = (uri: vscode.Uri) => {
    if (uri.fsPath.includes(`${path.sep}node_modules${path.sep}`) || !engines.runsFor(uri.fsPath)) return;
    clearTimeout(pending.get(uri.fsPath));
    pending.set(
      uri.fsPath,
      setTimeout(() => {
        pending.delete(uri.fsPath);
        const name = vscode.workspace.asRelativePath(uri);
        void vscode.window
          .showInformationMessage(`${name} changed. The LangGraph engine still runs what it loaded before: restart it to load the change.`, RESTART_ENGINE)
          .then((choice) => choice === RESTART_ENGINE && vscode.commands.executeCommand("langgraph.restartEngine"));
      }, 1000),
    );
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand("langgraph.restartEngine", restart),
    watcher,
    watcher.onDidChange(offer),
    watcher.onDidCreate(offer),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}
