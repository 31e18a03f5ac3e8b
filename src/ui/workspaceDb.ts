// The extension's access to workspace databases, for the tree views, the documents and the
// debugger webview. Every read and write goes through the folder's engine (`db/*` requests),
// which is the database's single writer, shared with running debug sessions; so a view and a
// session never fight over the file. Re-opens the database after an engine restart and when
// the user grants workspace trust (an untrusted workspace browses read-only, runs no user code).

import * as path from "node:path";
import * as vscode from "vscode";
import type { EngineClient } from "../engineClient/engineClient";
import type { DbChange, DbInfo, EngineParams, EngineRequests, EngineResult } from "../protocol/engine";
import type { EngineRegistry } from "./engines";
import { expandEnvReferences, type DatabasePasswords } from "./databasePasswords";
import { isDatabaseUrl } from "../protocol/databaseUrls";
import { STORE_HISTORY_SETTING, storeHistoryLimit } from "./storeHistorySetting";

/** The `db/*` requests other than `db/open`, addressed by langgraph.json instead of db path. */
export type DbMethod = Exclude<Extract<keyof EngineRequests, `db/${string}`>, "db/open">;
export type DbParams<M extends DbMethod> = Omit<EngineParams<M>, "dbPath">;

interface OpenDb {
  engine: EngineClient;
  info: Promise<DbInfo>;
  unsubscribe: () => void;
}

export class WorkspaceDbService implements vscode.Disposable {
  private readonly open = new Map<string, OpenDb>();
  private readonly changed = new vscode.EventEmitter<DbChange & { configFile: string }>();
  private readonly reset = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.reset];
  /** Wrong values of langgraph.storeHistory already reported, so each is said once. */
  private readonly reportedHistoryProblems = new Set<string>();

  /** The database of a langgraph.json changed (a run, an edit, an outside edit of the file). */
  readonly onDidChange = this.changed.event;
  /** Every database must be read afresh (trust granted, settings changed, engine restarted). */
  readonly onDidReset = this.reset.event;

  constructor(
    private readonly engines: EngineRegistry,
    private readonly passwords: DatabasePasswords,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reopenAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        const reopen = ["langgraph.dbPath", "langgraph.configFile", STORE_HISTORY_SETTING].some((setting) => event.affectsConfiguration(setting));
        if (reopen) this.reopenAll();
      }),
    );
  }

  /** Opens (or reuses) the database of `configFile`; the engine starts if needed. */
  async info(configFile: string): Promise<DbInfo> {
    return this.connect(configFile).info;
  }

  /**
   * Why the databases of these langgraph.json files refuse writes (Restricted Mode, another
   * process holds the file), for a view's message; undefined when every one may be written.
   */
  async readOnlyMessage(configFiles: readonly string[]): Promise<string | undefined> {
    const infos = await Promise.all(configFiles.map((configFile) => this.info(configFile).catch(() => undefined)));
    const reasons = new Set(infos.flatMap((info) => (info?.readOnly ? [info.readOnlyReason ?? `${info.dbPath} is read-only.`] : [])));
    return reasons.size > 0 ? [...reasons].join(" ") : undefined;
  }

  /**
   * What the views say beside their title when a database is not the workspace file: which
   * Postgres database or LangGraph server, and that it is live (the engine polls for other writers).
   */
  async remoteDescription(configFiles: readonly string[]): Promise<string | undefined> {
    const infos = await Promise.all(configFiles.map((configFile) => this.info(configFile).catch(() => undefined)));
    const remote = new Set(
      infos.flatMap((info) => {
        if (info?.kind === "server") return [`LangGraph server ${new URL(info.dbPath).host} · live`];
        if (info?.kind !== "postgres") return [];
        const url = new URL(info.dbPath);
        return [`Postgres ${url.host}${url.pathname}${info.readOnly ? " (read-only)" : ""} · live`];
      }),
    );
    return remote.size > 0 ? [...remote].join(", ") : undefined;
  }

  async request<M extends DbMethod>(configFile: string, method: M, params: DbParams<M>): Promise<EngineResult<M>> {
    const open = this.connect(configFile);
    const { dbPath } = await open.info;
    return open.engine.request(method, { ...params, dbPath } as EngineParams<M>);
  }

  /** The workspace JSON database's default file for a langgraph.json, whatever the settings name. */
  static workspaceFile(configFile: string): string {
    return path.join(path.dirname(configFile), ".langgraph", "db.json");
  }

  /** Opens the workspace JSON database file of `configFile` in its engine (e.g. as a copy's target). */
  async openWorkspaceFile(configFile: string): Promise<void> {
    const dbPath = WorkspaceDbService.workspaceFile(configFile);
    await this.engines.forFile(configFile).request("db/open", { configFile, dbPath, trusted: vscode.workspace.isTrusted, storeHistory: this.storeHistory(configFile) });
  }

  /**
   * The langgraph.storeHistory setting for a langgraph.json: versions kept per store item, or
   * undefined (the default) when unset or wrong, which is reported once.
   */
  storeHistory(configFile: string): number | undefined {
    const value = vscode.workspace.getConfiguration("langgraph", vscode.Uri.file(configFile)).get<unknown>("storeHistory");
    const { limit, problem } = storeHistoryLimit(value);
    if (problem && !this.reportedHistoryProblems.has(problem)) {
      this.reportedHistoryProblems.add(problem);
      void vscode.window.showWarningMessage(`LangGraph: ${problem}`, "Open Settings").then((choice) => {
        if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", STORE_HISTORY_SETTING);
      });
    }
    return limit;
  }

  /**
   * The database of a langgraph.json as the settings name it: a file (made absolute; the engine
   * resolves the default) or a Postgres or LangGraph server URL as written, `${env:…}` and all.
   */
  static configuredDbPath(configFile: string): string | undefined {
    const setting = vscode.workspace.getConfiguration("langgraph", vscode.Uri.file(configFile)).get<string>("dbPath");
    if (!setting) return undefined;
    return isDatabaseUrl(expandEnvReferences(setting)) ? setting : path.resolve(path.dirname(configFile), setting);
  }

  private connect(configFile: string): OpenDb {
    const engine = this.engines.forFile(configFile);
    const current = this.open.get(configFile);
    if (current && current.engine === engine && engine.isRunning) return current;
    current?.unsubscribe();

    const configured = WorkspaceDbService.configuredDbPath(configFile);
    this.passwords.warnOfPlainPassword(configured, "the langgraph.dbPath setting");
    const storeHistory = this.storeHistory(configFile);
    const info = this.passwords
      .open(configured, (dbPath) => engine.request("db/open", { configFile, dbPath, trusted: vscode.workspace.isTrusted, storeHistory }))
      .then(({ result }) => result);
    const unsubscribe = engine.onNotification("db/changed", (change) => {
      void info.then(
        ({ dbPath }) => {
          if (change.dbPath !== dbPath) return;
          // Writable now (the process holding the file let go): the views ask db/open again.
          if (change.kinds.includes("access") && this.open.get(configFile) === entry) {
            this.open.delete(configFile);
            unsubscribe();
            this.reset.fire();
          }
          this.changed.fire({ ...change, configFile });
        },
        () => undefined,
      );
    });
    const entry: OpenDb = { engine, info, unsubscribe };
    this.open.set(configFile, entry);
    // A failed open is not cached: the next request tries again (the user may fix the file).
    info.catch(() => {
      if (this.open.get(configFile) === entry) {
        this.open.delete(configFile);
        unsubscribe();
      }
    });
    if (current) this.reset.fire();
    return entry;
  }

  /** Every database is read afresh from the engine (after a restart). */
  reopenAll(): void {
    for (const entry of this.open.values()) entry.unsubscribe();
    this.open.clear();
    this.reset.fire();
  }

  dispose(): void {
    for (const entry of this.open.values()) entry.unsubscribe();
    this.open.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
