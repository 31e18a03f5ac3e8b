// "LangGraph: Debug a Graph…": a launch.json configuration, or a graph of langgraph.json followed
// by a thread (new, or one of the workspace database), the input (an editable JSON document
// prefilled from the graph's schemas, with Start Debugging / Cancel code lenses) and the static
// context; then a stop-on-entry session with exactly those values, which can be saved to
// launch.json. The choices themselves are built in debugGraphChoices.ts.

import * as path from "node:path";
import * as vscode from "vscode";
import type { ThreadSummary } from "../protocol/engine";
import {
  graphChoices,
  inputChoices,
  inputDocument,
  needsDocument,
  readInputDocument,
  suggestThreadId,
  threadChoices,
  wizardLaunch,
  type InputRequest,
  type LaunchEntry,
  type PickItem,
  type RunValues,
} from "./debugGraphChoices";
import type { EngineRegistry } from "./engines";
import type { WorkspaceDbService } from "./workspaceDb";
import { configFileOf } from "./workspaceFiles";
import { appendLaunch, EMPTY_LAUNCH_JSON } from "./launchJsonEdit";

const START_COMMAND = "langgraph.debugGraph.start";
const CANCEL_COMMAND = "langgraph.debugGraph.cancel";
const SAVE_ACTION = "Save as Launch Configuration";

/** An input document waiting for Start Debugging or Cancel. */
interface PendingInput {
  request: InputRequest;
  done: (values: RunValues | undefined) => void;
}

export class DebugGraphWizard implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly pending = new Map<string, PendingInput>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.lensesChanged];

  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor(
    private readonly engines: EngineRegistry,
    private readonly databases: WorkspaceDbService,
  ) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider({ scheme: "untitled", language: "json" }, this),
      vscode.commands.registerCommand(START_COMMAND, (uri: vscode.Uri) => this.startFromDocument(uri)),
      vscode.commands.registerCommand(CANCEL_COMMAND, (uri: vscode.Uri) => this.finish(uri, undefined)),
      vscode.workspace.onDidCloseTextDocument((document) => this.cancelClosed(document.uri)),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.pending.has(document.uri.toString())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: "$(debug-start) Start Debugging", command: START_COMMAND, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: "Cancel", command: CANCEL_COMMAND, arguments: [document.uri] }),
    ];
  }

  async run(): Promise<boolean> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: "Debug a graph of which folder?" });
    if (!folder) return false;
    const configFile = configFileOf(folder);
    const engine = this.engines.forFile(configFile);
    let graphIds: string[];
    try {
      graphIds = (await engine.request("graphs/list", { configFile })).graphs.map((graph) => graph.graphId);
    } catch (error) {
      void vscode.window.showErrorMessage(`LangGraph: ${(error as Error).message}`);
      return false;
    }
    const launches = vscode.workspace.getConfiguration("launch", folder).get<LaunchEntry[]>("configurations") ?? [];
    const graphItems = graphChoices(launches, graphIds);
    const target = graphItems.length === 1 ? graphItems[0].value : (await pick(graphItems, "Debug which graph or launch configuration?"))?.value;
    if (!target) return false;
    // A name makes VS Code take the configuration from launch.json, with its variables resolved.
    if (target.kind === "launch") return vscode.debug.startDebugging(folder, target.name);
    const { graphId } = target;

    const threads = await this.threads(configFile);
    const thread = (await pick(threadChoices(threads, graphId, new Date()), `Debug graph "${graphId}" on which thread?`))?.value;
    if (!thread) return false;
    const threadId =
      thread.kind === "existing"
        ? thread.threadId
        : await vscode.window.showInputBox({
            title: `New thread of graph "${graphId}"`,
            prompt: "thread_id of the new thread",
            value: suggestThreadId(graphId, threads),
            validateInput: (value) =>
              value.trim() === "" ? "A thread_id cannot be empty." : value.trim() !== value ? "A thread_id cannot start or end with spaces." : undefined,
          });
    if (!threadId) return false;
    const input = thread.kind === "new" ? "input" : (await pick(inputChoices(threadId), `Thread "${threadId}": run it with new input?`))?.value;
    if (!input) return false;
    const withInput = input === "input";

    let schemas;
    try {
      // The first load of a graph compiles the user's TypeScript: say what is happening.
      schemas = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Loading graph "${graphId}"…` }, () =>
        engine.request("graphs/shape", { configFile, graphId }),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`LangGraph: ${(error as Error).message}`);
      return false;
    }
    const request: InputRequest = {
      ...(withInput ? { input: { schema: schemas.inputSchema } } : {}),
      ...(schemas.contextSchema ? { context: { schema: schemas.contextSchema } } : {}),
    };
    const values = needsDocument(request) ? await this.editInput(request) : {};
    if (!values) return false;

    const relativeConfig = path.dirname(configFile) !== folder.uri.fsPath ? path.relative(folder.uri.fsPath, configFile) : undefined;
    const launch = wizardLaunch({ graphId, threadId, values, configFile: relativeConfig });
    const started = await vscode.debug.startDebugging(folder, launch);
    if (started) void this.offerToSave(folder, launch);
    return started;
  }

  /** The workspace database's threads; none when it cannot be read (the run itself reports why). */
  private async threads(configFile: string): Promise<ThreadSummary[]> {
    try {
      return (await this.databases.request(configFile, "db/threads", { limit: 500 })).threads;
    } catch {
      return [];
    }
  }

  /** Opens the prefilled input document; resolves with its checked values, or undefined when cancelled or closed. */
  private async editInput(request: InputRequest): Promise<RunValues | undefined> {
    const document = await vscode.workspace.openTextDocument({ language: "json", content: inputDocument(request) });
    const result = new Promise<RunValues | undefined>((done) => this.pending.set(document.uri.toString(), { request, done }));
    this.lensesChanged.fire();
    await vscode.window.showTextDocument(document);
    return result;
  }

  private async startFromDocument(uri: vscode.Uri): Promise<void> {
    const pending = this.pending.get(uri.toString());
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (!pending || !document) return;
    const values = readInputDocument(document.getText(), pending.request);
    if ("error" in values) {
      void vscode.window.showErrorMessage(`LangGraph: ${values.error} Fix it, then click Start Debugging again.`);
      return;
    }
    await this.finish(uri, values);
  }

  /**
   * Closes the document without asking to save (it was only a form), then settles its wait:
   * closed first, because starting a debug session saves the dirty editors of the active group,
   * which would ask where to save an untitled one.
   */
  private async finish(uri: vscode.Uri, values: RunValues | undefined): Promise<void> {
    const pending = this.pending.get(uri.toString());
    if (!pending) return;
    this.pending.delete(uri.toString());
    this.lensesChanged.fire();
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri.toString());
    if (editor) {
      await vscode.window.showTextDocument(editor.document, editor.viewColumn);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    }
    pending.done(values);
  }

  /** The document was closed by the user: the wizard ends. */
  private cancelClosed(uri: vscode.Uri): void {
    const pending = this.pending.get(uri.toString());
    if (!pending) return;
    this.pending.delete(uri.toString());
    this.lensesChanged.fire();
    pending.done(undefined);
  }

  private async offerToSave(folder: vscode.WorkspaceFolder, launch: ReturnType<typeof wizardLaunch>): Promise<void> {
    const choice = await vscode.window.showInformationMessage(
      `Debugging graph "${launch.graph as string}" on thread "${launch.threadId as string}".`,
      SAVE_ACTION,
    );
    if (choice === SAVE_ACTION) await saveLaunchConfiguration(folder, launch);
  }

  dispose(): void {
    for (const pending of [...this.pending.values()]) pending.done(undefined);
    this.pending.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Appends the launch to the folder's .vscode/launch.json (created when missing) as text edits, so
 * the user's comments survive. An open launch.json with unsaved changes gets the edit and stays
 * unsaved: the user's own changes are not saved behind their back.
 */
export async function saveLaunchConfiguration(folder: vscode.WorkspaceFolder, launch: { name: string }): Promise<void> {
  const file = vscode.Uri.joinPath(folder.uri, ".vscode", "launch.json");
  const shownPath = path.join(folder.name, ".vscode", "launch.json");
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(EMPTY_LAUNCH_JSON));
  const document = await vscode.workspace.openTextDocument(file);
  const appended = appendLaunch(document.getText(), launch);
  if (!appended.ok) {
    void vscode.window.showErrorMessage(`Could not save "${launch.name}" in ${shownPath}: ${appended.problem}.`);
    return;
  }
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  for (const change of appended.edits) {
    edit.replace(file, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
  }
  if (!(await vscode.workspace.applyEdit(edit)) || (!wasDirty && !(await document.save()))) {
    void vscode.window.showErrorMessage(`Could not save "${launch.name}" in ${shownPath}: VS Code refused the edit. Is the file read-only?`);
    return;
  }
  void vscode.window.showInformationMessage(`Saved "${appended.name}" in ${shownPath}.`);
}

async function pick<T>(items: Array<PickItem<T>>, placeHolder: string): Promise<PickItem<T> | undefined> {
  return vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
}
