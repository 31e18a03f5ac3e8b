// The extension's access to workspace databases, for the tree views, the documents and the
// debugger webview. Every read and write goes through the folder's engine (`db/*` requests),
// which is the database's single writer, shared with running debug sessions; so a view and a
// session never fight over the file. Re-opens the database after an engine restart and when
// the user grants workspace trust (an untrusted workspace browses read-only, runs no user code).
// A database is named by its langgraph.json (the database langgraph.dbPath gives it) or, for a
// server connected with "Connect to Server…" (serverConnections.ts), by the server's URL; such a
// server is opened in the engine of the workspace's first langgraph.json.

import * as path from "node:path";
import * as vscode from "vscode";
import type { EngineClient } from "../engineClient/engineClient";
import type { DbChange, DbInfo, EngineParams, EngineRequests, EngineResult, ModelPrices } from "../protocol/engine";
import type { EngineRegistry } from "./engines";
import { expandEnvReferences, type DatabasePasswords } from "./databasePasswords";
import { isDatabaseUrl, isServerUrl, withSecret } from "../protocol/databaseUrls";
import type { ConfigFiles } from "./configFiles";
import type { ServerConnections } from "./serverConnections";
import { STORE_HISTORY_SETTING, storeHistoryLimit } from "./storeHistorySetting";
import { MODEL_PRICES_SETTING, modelPricesOf } from "./modelPricesSetting";

/** The `db/*` requests other than `db/open`, addressed by database (a langgraph.json or a connected server) instead of db path. */
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
  /** Wrong values of settings (langgraph.storeHistory, langgraph.modelPrices) already reported, so each is said once. */
  private readonly reportedSettingProblems = new Set<string>();

  /** A database changed (a run, an edit, an outside edit of the file); `configFile` names the database as list() does. */
  readonly onDidChange = this.changed.event;
  /** Every database must be read afresh (trust granted, settings changed, engine restarted, a server connected). */
  readonly onDidReset = this.reset.event;

  constructor(
    private readonly engines: EngineRegistry,
    private readonly passwords: DatabasePasswords,
    private readonly configs: ConfigFiles,
    private readonly servers: ServerConnections,
  ) {
    this.disposables.push(
      servers.onDidChange(() => void this.closeDisconnected()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reopenAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        const reopen = ["langgraph.dbPath", "langgraph.configFile", STORE_HISTORY_SETTING].some((setting) => event.affectsConfiguration(setting));
        if (reopen) this.reopenAll();
        // Costs are computed per request: the views only read afresh.
        else if (event.affectsConfiguration(MODEL_PRICES_SETTING)) this.reset.fire();
      }),
    );
  }

  /** The databases the views show: each langgraph.json's, then the connected servers' URLs. */
  async list(): Promise<string[]> {
    return [...(await this.configs.list()), ...this.servers.list()];
  }

  /**
   * The database a document or command names: a connected server's URL as it is, else the
   * langgraph.json (ConfigFiles.resolve: the first when none is named, only the workspace's).
   */
  async resolve(db: string | undefined): Promise<string> {
    if (db !== undefined && isServerUrl(db)) {
      if (!this.servers.has(db))
        throw vscode.FileSystemError.FileNotFound(`The LangGraph server ${db} is not connected: connect it with "LangGraph: Connect to Server…".`);
      return db;
    }
    return this.configs.resolve(db);
  }

  /** Opens (or reuses) the database `db` (a langgraph.json or a connected server); the engine starts if needed. */
  async info(db: string): Promise<DbInfo> {
    return (await this.connect(db)).info;
  }

  /**
   * Opens the server at `url` (with `apiKey` when given) to check that it answers as a LangGraph
   * server, before it is connected; throws the engine's error (down, refused key, not a server).
   */
  async check(url: string, apiKey: string | undefined): Promise<DbInfo> {
    const configFile = await this.anchor();
    const dbPath = apiKey ? withSecret(url, apiKey) : url;
    return this.engines.forFile(configFile).request("db/open", { configFile, dbPath, trusted: vscode.workspace.isTrusted });
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

  async request<M extends DbMethod>(db: string, method: M, params: DbParams<M>): Promise<EngineResult<M>> {
    const open = await this.connect(db);
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
    await this.engines
      .forFile(configFile)
      .request("db/open", { configFile, dbPath, trusted: vscode.workspace.isTrusted, storeHistory: this.storeHistory(configFile) });
  }

  /**
   * The langgraph.storeHistory setting for a langgraph.json: versions kept per store item, or
   * undefined (the default) when unset or wrong, which is reported once.
   */
  storeHistory(configFile: string): number | undefined {
    const value = vscode.workspace.getConfiguration("langgraph", vscode.Uri.file(configFile)).get<unknown>("storeHistory");
    const { limit, problem } = storeHistoryLimit(value);
    if (problem) this.warnOfSetting(STORE_HISTORY_SETTING, problem);
    return limit;
  }

  /**
   * The langgraph.modelPrices setting for a langgraph.json: the user's prices of models for the
   * cost of recorded calls, or undefined when unset or wrong, which is reported once.
   */
  modelPrices(configFile: string): ModelPrices | undefined {
    const value = vscode.workspace.getConfiguration("langgraph", vscode.Uri.file(configFile)).get<unknown>("modelPrices");
    const { prices, problem } = modelPricesOf(value);
    if (problem) this.warnOfSetting(MODEL_PRICES_SETTING, problem);
    return prices;
  }

  private warnOfSetting(setting: string, problem: string): void {
    if (this.reportedSettingProblems.has(problem)) return;
    this.reportedSettingProblems.add(problem);
    void vscode.window.showWarningMessage(`LangGraph: ${problem}`, "Open Settings").then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", setting);
    });
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

  /** The langgraph.json whose engine and folder a connected server is opened with: the workspace's first. */
  private async anchor(): Promise<string> {
    const [first] = await this.configs.list();
    if (!first) throw new Error("No langgraph.json in this workspace: a LangGraph server is read through the engine of a folder that has one.");
    return first;
  }

  private async connect(db: string): Promise<OpenDb> {
    const server = isServerUrl(db);
    const configFile = server ? await this.anchor() : db;
    const engine = this.engines.forFile(configFile);
    const current = this.open.get(db);
    if (current && current.engine === engine && engine.isRunning) return current;
    current?.unsubscribe();

    const configured = server ? db : WorkspaceDbService.configuredDbPath(configFile);
    if (!server) this.passwords.warnOfPlainPassword(configured, "the langgraph.dbPath setting");
    const storeHistory = server ? undefined : this.storeHistory(configFile);
    const info = this.passwords
      .open(configured, (dbPath) => engine.request("db/open", { configFile, dbPath, trusted: vscode.workspace.isTrusted, storeHistory }))
      .then(({ result }) => result);
    const unsubscribe = engine.onNotification("db/changed", (change) => {
      void info.then(
        ({ dbPath }) => {
          if (change.dbPath !== dbPath) return;
          // Writable now (the process holding the file let go): the views ask db/open again.
          if (change.kinds.includes("access") && this.open.get(db) === entry) {
            this.open.delete(db);
            unsubscribe();
            this.reset.fire();
          }
          this.changed.fire({ ...change, configFile: db });
        },
        () => undefined,
      );
    });
    const entry: OpenDb = { engine, info, unsubscribe };
    this.open.set(db, entry);
    // A failed open is not cached: the next request tries again (the user may fix the file).
    info.catch(() => {
      if (this.open.get(db) === entry) {
        this.open.delete(db);
        unsubscribe();
      }
    });
    if (current) this.reset.fire();
    return entry;
  }

  /**
   * Lets the engine close the databases of servers no longer connected (it stops polling them),
   * unless another open database is the same server (langgraph.dbPath names it); then every view
   * reads afresh.
   */
  private async closeDisconnected(): Promise<void> {
    const gone = [...this.open].filter(([db]) => isServerUrl(db) && !this.servers.has(db));
    for (const [db, entry] of gone) {
      entry.unsubscribe();
      this.open.delete(db);
    }
    const pathOf = (entry: OpenDb) => entry.info.then(({ dbPath }) => dbPath).catch(() => undefined);
    const stillShown = new Set(await Promise.all([...this.open.values()].map(pathOf)));
    await Promise.all(
      gone.map(async ([, entry]) => {
        const dbPath = await pathOf(entry);
        if (dbPath !== undefined && !stillShown.has(dbPath) && entry.engine.isRunning)
          await entry.engine.request("db/close", { dbPath }).catch(() => undefined);
      }),
    );
    this.reopenAll();
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
