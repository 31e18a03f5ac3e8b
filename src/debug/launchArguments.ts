// The launch configuration of a `"type": "langgraph"` debug session: one typed interface, kept
// in step with package.json `contributes.debuggers[0].configurationAttributes.launch`. Checked
// here so a wrong launch.json gets a message that names the attribute, not a stack trace.
// This folder (src/debug) is the DAP side: it translates DAP to the engine's session/* requests
// and never imports vscode (src/ui/debugAdapter.ts is the vscode glue).

import { isAbsolute, join, resolve } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { debugErrors, type DebugError } from "./debugErrors";

export interface LangGraphLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** Graph id from langgraph.json `graphs`. */
  graph: string;
  /** The run's input, e.g. `{ "messages": [{ "role": "user", "content": "Hi" }] }`. */
  input?: unknown;
  /** LangGraph thread_id; a new thread when absent. */
  threadId?: string;
  /** Static runtime context (`invoke(input, { context })`), checked against the graph's context schema. */
  context?: Record<string, unknown>;
  /** Extra RunnableConfig: `configurable`, `recursionLimit`, `tags`, `metadata`. */
  config?: { configurable?: Record<string, unknown>; recursionLimit?: number; tags?: string[]; metadata?: Record<string, unknown> };
  /** Stop before the first node runs. */
  stopOnEntry?: boolean;
  /** Workspace database file; default `.langgraph/db.json` beside langgraph.json. */
  db?: string;
  /** Environment variables for the graph's code (on top of langgraph.json `env`). */
  env?: Record<string, string>;
  /** Folder relative paths start from (and the standalone adapter's engine runs in); default: the workspace folder or the current folder. */
  cwd?: string;
  /** langgraph.json to read; default `<cwd>/langgraph.json`. */
  configFile?: string;
  /** Node.js executable for the engine; default: the one running the adapter. Inline in VS Code, set means an engine of the session's own. */
  nodePath?: string;
  /**
   * Also debug the graph's own code: the engine runs under the Node.js inspector and the client
   * is asked (DAP `startDebugging`) to attach its JavaScript debugger as a child session, so
   * breakpoints inside node functions hit.
   */
  debugUserCode?: boolean;
}

/** Every attribute above; test/dap checks package.json declares exactly these. */
export const LAUNCH_ATTRIBUTES = ["graph", "input", "threadId", "context", "config", "stopOnEntry", "db", "env", "cwd", "configFile", "nodePath", "debugUserCode"] as const;

// Fails to compile when an attribute is added to the interface but not to LAUNCH_ATTRIBUTES.
type UnlistedAttribute = Exclude<keyof Omit<LangGraphLaunchArguments, keyof DebugProtocol.LaunchRequestArguments>, (typeof LAUNCH_ATTRIBUTES)[number]>;
export const everyAttributeListed: [UnlistedAttribute] extends [never] ? true : UnlistedAttribute = true;

export interface ResolvedLaunch {
  args: LangGraphLaunchArguments;
  cwd: string;
  configFile: string;
  dbPath?: string;
}

export function resolveLaunchArguments(raw: DebugProtocol.LaunchRequestArguments, fallbackCwd: string): ResolvedLaunch | DebugError {
  const args = raw as Partial<LangGraphLaunchArguments>;
  if (typeof args.graph !== "string" || args.graph.trim() === "") return debugErrors.launchAttribute("graph", 'is required: the graph id from langgraph.json "graphs", e.g. "agent"');
  if (args.threadId !== undefined && (typeof args.threadId !== "string" || args.threadId === "")) return debugErrors.launchAttribute("threadId", "must be a non-empty string");
  if (args.context !== undefined && !isRecord(args.context)) return debugErrors.launchAttribute("context", 'must be an object, e.g. { "userId": "1" }');
  if (args.config !== undefined && !isRecord(args.config)) return debugErrors.launchAttribute("config", 'must be an object, e.g. { "recursionLimit": 50 }');
  if (args.env !== undefined && (!isRecord(args.env) || Object.values(args.env).some((value) => typeof value !== "string"))) {
    return debugErrors.launchAttribute("env", 'must map variable names to strings, e.g. { "OPENAI_MODEL": "gpt-4o-mini" }');
  }
  for (const key of ["db", "cwd", "configFile", "nodePath"] as const) {
    if (args[key] !== undefined && typeof args[key] !== "string") return debugErrors.launchAttribute(key, "must be a path (a string)");
  }
  if (args.stopOnEntry !== undefined && typeof args.stopOnEntry !== "boolean") return debugErrors.launchAttribute("stopOnEntry", "must be true or false");
  if (args.debugUserCode !== undefined && typeof args.debugUserCode !== "boolean") return debugErrors.launchAttribute("debugUserCode", "must be true or false");

  const cwd = resolve(fallbackCwd, args.cwd ?? ".");
  const configFile = args.configFile ? resolve(cwd, args.configFile) : join(cwd, "langgraph.json");
  const dbPath = args.db ? (isAbsolute(args.db) ? args.db : resolve(cwd, args.db)) : undefined;
  return { args: args as LangGraphLaunchArguments, cwd, configFile, dbPath };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
