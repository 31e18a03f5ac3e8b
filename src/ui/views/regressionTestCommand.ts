// "LangGraph: Create Regression Test from Thread": the Threads view's thread menu, or the palette
// for the thread the debug session is on. The engine writes the test and its recordings
// (db/createTest); this asks what checkpoints do not keep (the runtime context the thread ran
// with), offers to overwrite an earlier test, opens the new one and offers to run it.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { EngineRequestError } from "../../engineClient/engineClient";
import type { CreateTestResult } from "../../protocol/engine";
import { DEBUG_TYPE, launchTemplateFor } from "../debugAdapter";
import type { DebugPositionTracker } from "../debugPosition";
import type { WorkspaceDbService } from "../workspaceDb";
import { registerReporting } from "./treeNodes";
import type { ThreadNode } from "./threadsView";

export const CREATE_TEST_COMMAND = "langgraph.threads.createRegressionTest";

/** The thread a test is made from. */
interface ThreadRef {
  configFile: string;
  threadId: string;
  graphId?: string;
  /** The runtime context the thread ran with, when a debug session on it knows it. */
  context?: Record<string, unknown>;
}

export class RegressionTestCommand {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly positions: DebugPositionTracker,
  ) {}

  register(): vscode.Disposable {
    return registerReporting(CREATE_TEST_COMMAND, (node?: ThreadNode) => this.create(node));
  }

  async create(node: ThreadNode | undefined): Promise<CreateTestResult | undefined> {
    const thread = node ? { configFile: node.configFile, threadId: node.thread.threadId, graphId: node.thread.graphId } : this.sessionThread();
    if (!thread) {
      void vscode.window.showInformationMessage(
        "Create Regression Test from Thread: right-click a thread in the Threads view, or run it while debugging a thread.",
      );
      return undefined;
    }
    const title = `Create Regression Test from Thread "${thread.threadId}"`;
    const graphId = thread.graphId ?? (await this.pickGraph(thread.configFile, title));
    if (!graphId) return undefined;
    const context = await this.askContext(thread, graphId, title);
    if (context === undefined) return undefined;
    const root = path.dirname(thread.configFile);
    const create = (overwrite: boolean) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title}: replaying it from its recordings…` }, () =>
        this.databases.request(thread.configFile, "db/createTest", { graphId, threadId: thread.threadId, context, path: path.join(root, "test"), overwrite }),
      );
    let created: CreateTestResult;
    try {
      created = await create(false);
    } catch (error) {
      if (!(error instanceof EngineRequestError) || error.code !== "conflict") throw error;
      const overwrite = "Overwrite";
      if ((await vscode.window.showWarningMessage(error.message, { modal: true }, overwrite)) !== overwrite) return undefined;
      created = await create(true);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(created.testFile), { preview: false });
    void this.announce(created, root);
    return created;
  }

  private async announce(created: CreateTestResult, root: string): Promise<void> {
    const relative = path.relative(root, created.testFile);
    const calls = `${created.calls} recorded call${created.calls === 1 ? "" : "s"}`;
    const helper = helperInstalled(root)
      ? ""
      : ' It imports langgraph-debugger/testing: install the package as a dev dependency (README, "Regression tests from a thread").';
    const run = "Run in Terminal";
    const choice = await vscode.window.showInformationMessage(
      `Wrote ${relative} and its recordings (${calls}; nodes ${created.path.join(" → ") || "none"}). Run it with \`${created.command}\`.${helper}`,
      run,
    );
    if (choice !== run) return;
    const terminal = vscode.window.createTerminal({ name: "LangGraph regression test", cwd: root });
    terminal.show();
    terminal.sendText(created.command);
  }

  /** The thread of the debug session the user is in, with the context it was launched with. */
  private sessionThread(): ThreadRef | undefined {
    const position = this.positions.current;
    if (!position || position.session.type !== DEBUG_TYPE) return undefined;
    const context = position.session.configuration.context as Record<string, unknown> | undefined;
    return { configFile: position.configFile, threadId: position.threadId, graphId: position.graphId, ...(context ? { context } : {}) };
  }

  private async pickGraph(configFile: string, title: string): Promise<string | undefined> {
    let graphs: string[] = [];
    try {
      graphs = Object.keys((JSON.parse(readFileSync(configFile, "utf8")) as { graphs?: Record<string, unknown> }).graphs ?? {});
    } catch {
      // The engine names what is wrong with langgraph.json when the test is created.
    }
    if (graphs.length === 1) return graphs[0];
    return vscode.window.showQuickPick(graphs, { title, placeHolder: "The graph that ran the thread (its checkpoints do not name it)" });
  }

  /**
   * The runtime context: checkpoints do not keep it, so the session's launch gives it, else a
   * launch configuration of the graph, else the user (JSON, `{}` when the graph needs none).
   */
  private async askContext(thread: ThreadRef, graphId: string, title: string): Promise<Record<string, unknown> | undefined> {
    const known = thread.context ?? this.sessionContext(thread) ?? contextOf(launchTemplateFor(thread.configFile, thread.threadId, graphId));
    const text = await vscode.window.showInputBox({
      title,
      prompt: `The runtime context thread "${thread.threadId}" ran with (invoke(input, { context })), as JSON: checkpoints do not keep it.`,
      value: JSON.stringify(known ?? {}),
      validateInput: (value) => {
        try {
          const parsed: unknown = JSON.parse(value);
          return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? undefined : 'The context is a JSON object, e.g. { "userId": "1" }.';
        } catch (error) {
          return `Not JSON: ${(error as Error).message}`;
        }
      },
    });
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  }

  private sessionContext(thread: ThreadRef): Record<string, unknown> | undefined {
    const position = this.positions.forConfig(thread.configFile).find((found) => found.threadId === thread.threadId);
    return position?.session.configuration.context as Record<string, unknown> | undefined;
  }
}

function contextOf(launch: vscode.DebugConfiguration | undefined): Record<string, unknown> | undefined {
  const context: unknown = launch?.context;
  return typeof context === "object" && context !== null && !Array.isArray(context) ? (context as Record<string, unknown>) : undefined;
}

/** Whether the project can import langgraph-debugger/testing (it is in a node_modules above it). */
function helperInstalled(root: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "node_modules", "langgraph-debugger", "package.json"))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
