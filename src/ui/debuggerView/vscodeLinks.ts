// The debugger view's links to VS Code: the workspace database (WorkspaceDbService), the
// LangGraph debug session (DebugPositionTracker + customRequest), VS Code's function
// breakpoints and its editor (source files, store documents). DebuggerViewHost knows only the interfaces; this file is the glue.

import * as vscode from "vscode";
import { DEBUG_TYPE } from "../debugAdapter";
import type { DebugPositionTracker, SessionPosition } from "../debugPosition";
import type { WorkspaceDbService } from "../workspaceDb";
import { storeItemUri } from "../documents/uris";
import { openComparison } from "../documents/compareDocuments";
import type { BreakpointLink, DatabaseLink, EditorLink, SessionLink } from "./hostLinks";
import type { GraphViewEngine } from "./graphViewHost";
import type { EngineMethod, EngineParams, EngineResult } from "../../protocol/engine";
import type { StoreVersionCommands } from "./storeHistoryHost";

/**
 * Where a LangGraph server's graphs come from: the server draws them (db/graphShape, its graph
 * API); nothing is loaded from a langgraph.json, which the server's project need not share.
 */
export function serverGraphs(databases: WorkspaceDbService, url: string): GraphViewEngine {
  return {
    async request<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> {
      if (method !== "graphs/shape") throw new Error(`The debugger view asks the LangGraph server ${url} only for graphs, not for ${method}.`);
      const { graphId } = params as EngineParams<"graphs/shape">;
      return (await databases.request(url, "db/graphShape", { graphId })) as EngineResult<M>;
    },
  };
}

export function databaseLink(databases: WorkspaceDbService, configFile: string): DatabaseLink {
  return {
    info: () => databases.info(configFile),
    modelPrices: () => databases.modelPrices(configFile),
    request: (method, params) => databases.request(configFile, method, params),
    onDidChange: (listener) => {
      const subscriptions = [
        databases.onDidChange((change) => {
          if (change.configFile === configFile) listener(change);
        }),
        // A reset (trust granted, engine restarted) means everything must be read again.
        databases.onDidReset(() => listener({ dbPath: "", kinds: ["external"] })),
      ];
      return () => subscriptions.forEach((subscription) => subscription.dispose());
    },
  };
}

export function sessionLink(positions: DebugPositionTracker, configFile: string, graphId: string): SessionLink {
  const current = (): SessionPosition | undefined => {
    const active = positions.current;
    if (active?.configFile === configFile && active.status !== "ended") return active;
    return positions.forConfig(configFile).at(-1);
  };
  return {
    current: () => {
      const position = current();
      if (!position) return undefined;
      const { session: _session, ...view } = position;
      return view;
    },
    onDidChange: (listener) => {
      const subscription = positions.onDidChange(() => listener());
      return () => subscription.dispose();
    },
    request: async (command, args) => {
      const position = current();
      if (!position) throw new Error("The LangGraph debug session has ended.");
      return position.session.customRequest(command, args);
    },
    stop: async () => {
      const position = current();
      if (position) await vscode.debug.stopDebugging(position.session);
    },
    start: async ({ threadId, input, context, checkpoint }) => {
      if (checkpoint && threadId) {
        // The same as the Threads view's Debug from Here, which also takes the context from launch.json.
        const node = { configFile, threadId, graphId, checkpoint };
        if (!(await vscode.commands.executeCommand<boolean>("langgraph.threads.debugFromHere", node))) {
          throw new Error(`VS Code did not start debugging thread "${threadId}" at step ${checkpoint.step}: see the Debug Console and the LangGraph output.`);
        }
        return;
      }
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(configFile));
      // No `db`: the session takes the langgraph.dbPath setting, the database this view reads.
      const launch: vscode.DebugConfiguration = {
        type: DEBUG_TYPE,
        request: "launch",
        name: `LangGraph: ${graphId}${threadId ? ` · thread ${threadId}` : ""}`,
        graph: graphId,
        configFile,
        input,
        stopOnEntry: true,
        ...(threadId ? { threadId } : {}),
        ...(context ? { context } : {}),
      };
      if (!(await vscode.debug.startDebugging(folder, launch))) {
        throw new Error(`VS Code did not start debugging ${graphId}: see the Debug Console and the LangGraph output.`);
      }
    },
  };
}

export function breakpointLink(): BreakpointLink {
  const functionBreakpoints = () =>
    vscode.debug.breakpoints.filter((breakpoint): breakpoint is vscode.FunctionBreakpoint => breakpoint instanceof vscode.FunctionBreakpoint);
  return {
    names: () =>
      functionBreakpoints()
        .filter((breakpoint) => breakpoint.enabled)
        .map((breakpoint) => breakpoint.functionName),
    toggle: (name) => {
      const existing = functionBreakpoints().filter((breakpoint) => breakpoint.functionName === name);
      if (existing.length > 0) vscode.debug.removeBreakpoints(existing);
      else vscode.debug.addBreakpoints([new vscode.FunctionBreakpoint(name)]);
    },
    onDidChange: (listener) => {
      const subscription = vscode.debug.onDidChangeBreakpoints(() => listener());
      return () => subscription.dispose();
    },
  };
}

export function editorLink(configFile: string): EditorLink {
  return {
    openSource: async ({ file, line }) => {
      const document = await vscode.workspace.openTextDocument(file);
      const position = new vscode.Position(line - 1, 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
    },
    openStoreItem: async (namespace, key) => {
      await vscode.commands.executeCommand("vscode.open", storeItemUri({ configFile, namespace, key }), {
        preview: false,
        viewColumn: vscode.ViewColumn.Beside,
      });
    },
    openComparison: (threadId, left, right) => openComparison({ configFile, threadId, checkpoint: left }, { configFile, threadId, checkpoint: right }),
  };
}

/** The Memory Store view's commands: a diff editor of two versions, an old version written again. */
export function storeVersionCommands(): StoreVersionCommands {
  return {
    compareVersions: async (args) => void (await vscode.commands.executeCommand("langgraph.store.compareVersions", args)),
    restoreVersion: async (args) => void (await vscode.commands.executeCommand("langgraph.store.restoreVersion", args)),
  };
}
