// How a debug session opens on its engine: `launch` opens the graph in the engine (session/open),
// `attach` opens it on a LangGraph server (session/attach); both then run alike
// (graphDebugSession.ts `begin`). Also the lines that tell the user what was opened.

import type { EngineClient, InspectorAddress } from "../engineClient/engineClient";
import type { SessionInfo } from "../protocol/engine";
import { attachJavaScriptDebugger } from "./engineProvider";
import type { ResolvedAttach, ResolvedLaunch } from "./launchArguments";

/** Opens the session's graph on an engine. */
export type SessionOpener = (engine: EngineClient) => Promise<SessionInfo>;

/** How the session's run starts once breakpoints are set (session/run). */
export interface RunStart {
  input: unknown;
  stopOnEntry: boolean;
  checkpointId?: string;
}

export function launchOpener(
  launch: ResolvedLaunch,
  attachDebugger: ((inspector: InspectorAddress) => Promise<void>) | undefined,
  say: (text: string, category: "console" | "stderr") => void,
): SessionOpener {
  const { args } = launch;
  return async (engine) => {
    // Before the graph loads, so breakpoints in the user's modules are set when their code runs.
    if (args.debugUserCode) await attachJavaScriptDebugger(engine, attachDebugger, say);
    return engine.request("session/open", {
      configFile: launch.configFile,
      graphId: args.graph,
      threadId: args.threadId,
      context: args.context,
      config: args.config,
      dbPath: launch.dbPath,
      storeHistory: args.storeHistory,
      env: args.env,
      rerunStore: args.rerunStore,
      replay: args.replay,
      modelPrices: args.modelPrices,
    });
  };
}

export function launchRun({ args }: ResolvedLaunch): RunStart {
  return { input: args.input, stopOnEntry: args.stopOnEntry ?? false, checkpointId: args.checkpointId };
}

export function attachOpener(
  { args }: ResolvedAttach,
  withServerKey: (<T>(url: string, open: (url: string) => Promise<T>) => Promise<T>) | undefined,
): SessionOpener {
  return (engine) => {
    // "${env:LANGGRAPH_API_KEY}" with the variable unset arrives empty: no key given.
    const apiKey = args.apiKey?.trim() || undefined;
    const attachTo = (url: string) =>
      engine.request("session/attach", { url, apiKey, graphId: args.graph, threadId: args.threadId, context: args.context, config: args.config });
    return apiKey === undefined && withServerKey ? withServerKey(args.url, attachTo) : attachTo(args.url);
  };
}

export function attachRun({ args }: ResolvedAttach): RunStart {
  return { input: args.input, stopOnEntry: args.stopOnEntry ?? false };
}

/** What the Debug Console says once the session is open: graph, thread, where checkpoints go. */
export function openedMessages(info: SessionInfo, enginePid: number | undefined): string[] {
  const where = info.persistence.kind === "server" ? `on the LangGraph server ${info.persistence.path}` : `checkpoints in ${info.persistence.path ?? "memory"}`;
  const lines = [`LangGraph: graph "${info.graphId}" on thread "${info.threadId}", ${where} (engine pid ${enginePid})\n`];
  if (info.limits) lines.push(`LangGraph: ${info.limits}\n`);
  return lines;
}
