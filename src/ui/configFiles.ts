// The langgraph.json files of the workspace, each naming one workspace database. The Threads
// and Memory Store views show one root per file when there are several, and the documents use
// the first one when their URI names none. Kept current by a file watcher.

import * as path from "node:path";
import * as vscode from "vscode";
import { configFileOf, exists } from "./workspaceFiles";

export class ConfigFiles implements vscode.Disposable {
  private cached: Promise<string[]> | undefined;
  private known: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** A langgraph.json appeared or went away, or the setting naming it changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher("**/langgraph.json", false, true, false);
    const forget = () => {
      this.cached = undefined;
      this.changed.fire();
      this.announce();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidChangeWorkspaceFolders(forget),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("langgraph.configFile")) forget();
      }),
    );
    this.announce();
  }

  /** Sets `langgraph.hasConfigFile`, which shows the Threads and Memory Store views (package.json). */
  private announce(): void {
    void this.list().then(
      (files) => vscode.commands.executeCommand("setContext", "langgraph.hasConfigFile", files.length > 0),
      () => undefined,
    );
  }

  /** Absolute paths, sorted; the file the `langgraph.configFile` setting names comes first in its folder. */
  list(): Promise<string[]> {
    this.cached ??= find().then(
      (files) => {
        this.known = files;
        return files;
      },
      (error: unknown) => {
        this.cached = undefined;
        throw error;
      },
    );
    return this.cached;
  }

  /** The langgraph.json whose documents need no `?config=` (the first found), once list() has run. */
  get defaultConfig(): string | undefined {
    return this.known[0];
  }

  /**
   * The langgraph.json a document refers to: the one its `?config=` names, else the first. Only
   * files of the open workspace folders are accepted: a crafted link must not open another
   * project's database, nor import its embedding module, in a trusted window.
   */
  async resolve(configFile: string | undefined): Promise<string> {
    if (!configFile) {
      const [first] = await this.list();
      if (!first) throw vscode.FileSystemError.FileNotFound("No langgraph.json in this workspace: the workspace database has none to belong to.");
      return first;
    }
    const wanted = path.resolve(configFile);
    if ((await this.list()).includes(wanted)) return wanted;
    // The list may predate a langgraph.json created a moment ago: look once more.
    this.cached = undefined;
    if ((await this.list()).includes(wanted)) return wanted;
    throw vscode.FileSystemError.NoPermissions(
      `${configFile} is not a langgraph.json of the open workspace folders. Links to LangGraph threads and memories ` +
        `open only this workspace's databases: add that project's folder to the workspace to see its data.`,
    );
  }

  /** How a root of the views names a langgraph.json: its folder, relative to the workspace. */
  static label(configFile: string): string {
    const relative = vscode.workspace.asRelativePath(path.dirname(configFile), (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    return relative === path.dirname(configFile) || relative === "" ? path.basename(path.dirname(configFile)) : relative;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

async function find(): Promise<string[]> {
  const found = new Set((await vscode.workspace.findFiles("**/langgraph.json", "**/node_modules/**", 50)).map((uri) => uri.fsPath));
  const preferred: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const file = configFileOf(folder);
    // A setting that names a missing file is skipped: the views show what the search found.
    if (await exists(vscode.Uri.file(file))) {
      preferred.push(file);
      found.delete(file);
    }
  }
  return [...preferred, ...[...found].sort()];
}
