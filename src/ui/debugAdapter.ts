// VS Code glue for the `langgraph` debugger: runs the DAP session inline in the extension host
// (it only translates; the graph runs in the workspace folder's engine process, shared with the
// views, so they never fight over the database file) and proposes launch configurations from
// the graphs langgraph.json names.

import * as path from "node:path";
import * as vscode from "vscode";
import { debugsUserCode, nodePathOf, type EngineProvider } from "../debug/engineProvider";
import { GraphDebugSession } from "../debug/graphDebugSession";
import type { InspectorAddress } from "../engineClient/engineClient";
import type { LangGraphLaunchArguments } from "../debug/launchArguments";
import type { EngineRegistry } from "./engines";
import { offerFixesOfDebugErrors } from "./offerFix";
import { WorkspaceDbService } from "./workspaceDb";
import type { DatabasePasswords } from "./databasePasswords";
import { isPostgresUrl, withoutSecret } from "../protocol/databaseUrls";
import { configFileOf } from "./workspaceFiles";

import { DEBUG_TYPE } from "../debug/launchSchema";
export { DEBUG_TYPE };

export function registerGraphDebugger(
  extensionUri: vscode.Uri,
  engines: EngineRegistry,
  passwords: DatabasePasswords,
  databases: WorkspaceDbService,
): vscode.Disposable {
  // Always the folder's engine, so sessions and views share one writer of the database; a launch
  // that names a Node.js (`nodePath`) or debugs user code gets it restarted to fit.
  const engineFor: EngineProvider = async (launch) => ({
    engine: await engines.forLaunch(launch.configFile, { inspect: debugsUserCode(launch), nodePath: nodePathOf(launch) }),
    shared: true,
  });
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor: (session) =>
      new vscode.DebugAdapterInlineImplementation(
        new GraphDebugSession({
          engines: engineFor,
          defaultCwd: session.workspaceFolder?.uri.fsPath,
          attachJavaScriptDebugger: (inspector) => attachJavaScriptDebugger(session, inspector),
          withServerKey: async (url, open) => (await passwords.open(url, (withKey) => open(withKey ?? url))).result,
        }),
      ),
  };
  const provider = new GraphConfigurationProvider(engines, passwords, databases);
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    offerFixesOfDebugErrors(DEBUG_TYPE),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}

/**
 * `debugUserCode`: VS Code's JavaScript debugger (js-debug, type "node") attaches to the engine
 * as a child of the LangGraph session, so breakpoints inside node functions hit, and ends with
 * it. Resolves once it is attached.
 */
async function attachJavaScriptDebugger(parent: vscode.DebugSession, inspector: InspectorAddress): Promise<void> {
  const configuration: vscode.DebugConfiguration = {
    type: "node",
    request: "attach",
    name: `${parent.name}: node functions`,
    address: inspector.host,
    port: inspector.port,
    skipFiles: ["<node_internals>/**"],
  };
  const children: vscode.DebugSession[] = [];
  const collect = vscode.debug.onDidStartDebugSession((session) => {
    if (session.parentSession?.id === parent.id) children.push(session);
  });
  let started: boolean;
  try {
    started = await vscode.debug.startDebugging(parent.workspaceFolder, configuration, { parentSession: parent, compact: true });
  } finally {
    collect.dispose();
  }
  if (!started) throw new Error("VS Code could not start a JavaScript debug session (is the JavaScript Debugger extension enabled?)");
  // VS Code leaves a child session running when its parent ends by itself: end it too.
  const parentEnded = vscode.debug.onDidTerminateDebugSession((session) => {
    if (session.id !== parent.id) return;
    parentEnded.dispose();
    for (const child of children) void vscode.debug.stopDebugging(child);
  });
}

class GraphConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly engines: EngineRegistry,
    private readonly passwords: DatabasePasswords,
    private readonly databases: WorkspaceDbService,
  ) {}

  /** One configuration per graph in the folder's langgraph.json. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const configFile = folder && configFileOf(folder);
    if (!configFile) return [];
    try {
      const { graphs } = await this.engines.forFile(configFile).request("graphs/list", { configFile });
      return graphs.map((graph) => launchFor(graph.graphId, folder, configFile));
    } catch {
      // No or broken langgraph.json: the user gets the snippets instead.
      return [];
    }
  }

  /** F5 without a launch.json: debug the first graph of langgraph.json, stopping on entry. */
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // VS Code asks for trust before debugging; a session would run user code, so never without it.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'LangGraph: this workspace is in Restricted Mode, so its graphs cannot be debugged. Run "Workspaces: Manage Workspace Trust" to trust it.',
      );
      return undefined;
    }
    if (config.request === "attach") {
      if (typeof config.url === "string" && typeof config.apiKey === "string")
        this.passwords.warnOfPlainApiKey(config.url, config.apiKey, `the launch configuration "${String(config.name)}"`);
      return config;
    }
    const resolved = await this.resolveGraph(folder, config);
    if (typeof resolved?.db === "string") this.passwords.warnOfPlainPassword(resolved.db, `the launch configuration "${String(resolved.name)}"`);
    return resolved && withDbSettings(resolved, folder, this.databases);
  }

  /**
   * A Postgres `db` (its `${env:…}` filled in by now) is opened here first, so that a password
   * the URL leaves out is asked for (once) or taken from VS Code's secret storage; the session
   * gets the URL with it, which is never written anywhere.
   */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (typeof config.db !== "string" || !isPostgresUrl(config.db)) return config;
    const configFile = launchConfigFile(config, folder);
    const url = config.db;
    try {
      // Cancellable: a server that does not answer takes up to the 10 s connect timeout.
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LangGraph: connecting to ${withoutSecret(url)}`, cancellable: true },
        async (_, cancelled) => {
          const opening = this.passwords.open(url, (dbPath) => this.engines.forFile(configFile).request("db/open", { configFile, dbPath }));
          const stop = new Promise<undefined>((resolve) => cancelled.onCancellationRequested(() => resolve(undefined)));
          const opened = await Promise.race([opening, stop]);
          return opened && { ...config, db: opened.db };
        },
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`LangGraph: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async resolveGraph(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request && config.name) {
      const setting = vscode.workspace.getConfiguration("langgraph", folder).get<string>("configFile");
      return config.configFile || !setting || setting === "langgraph.json" ? config : { ...config, configFile: setting };
    }
    // F5 with no launch.json: ask which graph, thread and input, as "Debug a Graph…" does,
    // rather than running the first graph at once on a thread nobody chose.
    const [first] = await this.provideDebugConfigurations(folder);
    if (!first) {
      void vscode.window.showErrorMessage(
        'LangGraph: no graph to debug. Add a langgraph.json with a "graphs" entry, or a launch configuration of type "langgraph".',
      );
      return undefined;
    }
    void vscode.commands.executeCommand("langgraph.debugGraph");
    return undefined;
  }
}

/**
 * The settings `langgraph.dbPath` (relative to langgraph.json's folder), `langgraph.storeHistory`
 * and `langgraph.modelPrices` when the launch names no `db`, `storeHistory` or `modelPrices`.
 */
function withDbSettings(
  config: vscode.DebugConfiguration,
  folder: vscode.WorkspaceFolder | undefined,
  databases: WorkspaceDbService,
): vscode.DebugConfiguration {
  const configFile = launchConfigFile(config, folder);
  const db = config.db || WorkspaceDbService.configuredDbPath(configFile);
  const storeHistory = config.storeHistory ?? databases.storeHistory(configFile);
  const modelPrices = config.modelPrices ?? databases.modelPrices(configFile);
  return {
    ...config,
    ...(db ? { db } : {}),
    ...(storeHistory !== undefined ? { storeHistory } : {}),
    ...(modelPrices !== undefined ? { modelPrices } : {}),
  };
}

/** The langgraph.json a launch configuration names (relative to its cwd, the folder by default). */
function launchConfigFile(config: vscode.DebugConfiguration, folder: vscode.WorkspaceFolder | undefined): string {
  const cwd = path.resolve(folder?.uri.fsPath ?? process.cwd(), typeof config.cwd === "string" ? config.cwd : ".");
  return path.resolve(cwd, typeof config.configFile === "string" ? config.configFile : "langgraph.json");
}

/** A stop-on-entry launch of one graph; names the config file only when it is not the folder's own. */
/**
 * The folder's launch configuration a run of `graphId` on `threadId` would have been started
 * from (one naming the thread first, else the graph's first): what checkpoints do not keep, its
 * context, config and env, comes from there. `graphId` undefined: any LangGraph launch.
 */
export function launchTemplateFor(configFile: string, threadId: string, graphId: string | undefined): vscode.DebugConfiguration | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(configFile));
  const launches = (vscode.workspace.getConfiguration("launch", folder).get<vscode.DebugConfiguration[]>("configurations") ?? []).filter(
    (config) => config.type === DEBUG_TYPE && config.request === "launch" && (graphId === undefined || config.graph === graphId),
  );
  return launches.find((config) => config.threadId === threadId) ?? launches[0];
}

export function launchFor(graphId: string, folder: vscode.WorkspaceFolder | undefined, configFile: string): vscode.DebugConfiguration {
  const args: LangGraphLaunchArguments & vscode.DebugConfiguration = {
    type: DEBUG_TYPE,
    request: "launch",
    name: `LangGraph: ${graphId}`,
    graph: graphId,
    input: {},
    stopOnEntry: true,
  };
  if (folder && path.dirname(configFile) !== folder.uri.fsPath) args.configFile = path.relative(folder.uri.fsPath, configFile);
  return args;
}
