// The launch configuration of a `"type": "langgraph"` debug session, checked against the one
// definition in launchSchema.ts so a wrong launch.json gets a message that names the attribute,
// not a stack trace, and a misspelled attribute is pointed out instead of silently ignored.
// This folder (src/debug) is the DAP side: it translates DAP to the engine's session/* requests
// and never imports vscode (src/ui/debugAdapter.ts is the vscode glue).

import { isAbsolute, join, resolve } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { isDatabaseUrl } from "../protocol/databaseUrls";
import { debugErrors, type DebugError } from "./debugErrors";
import { ATTACH_ATTRIBUTES, attachSchema, LAUNCH_ATTRIBUTES, launchSchema, type AttachAttributes, type LaunchAttributes } from "./launchSchema";

export type LangGraphLaunchArguments = LaunchAttributes & DebugProtocol.LaunchRequestArguments;
export type LangGraphAttachArguments = AttachAttributes & DebugProtocol.AttachRequestArguments;
export { LAUNCH_ATTRIBUTES };

export interface ResolvedLaunch {
  args: LangGraphLaunchArguments;
  cwd: string;
  configFile: string;
  dbPath?: string;
}

export interface ResolvedAttach {
  args: LangGraphAttachArguments;
  /** The folder whose engine serves the session (the graph runs on the server). */
  cwd: string;
  configFile: string;
}

export function resolveLaunchArguments(raw: DebugProtocol.LaunchRequestArguments, fallbackCwd: string): ResolvedLaunch | DebugError {
  const checked = launchSchema.safeParse(raw);
  if (!checked.success) return firstProblem(checked.error.issues);
  // The checked copy only says the configuration is right; the session gets what the user wrote.
  const args = raw as LangGraphLaunchArguments;
  if (args.checkpointId !== undefined && args.threadId === undefined)
    return debugErrors.launchAttribute("checkpointId", 'needs "threadId": the thread the checkpoint belongs to');
  if (args.checkpointId !== undefined && args.input !== undefined)
    return debugErrors.launchAttribute(
      "checkpointId",
      'opens a thread without running it: leave out "input" (then Step or Continue runs from that checkpoint)',
    );
  const cwd = resolve(fallbackCwd, args.cwd ?? ".");
  const configFile = args.configFile ? resolve(cwd, args.configFile) : join(cwd, "langgraph.json");
  // A file relative to cwd, or a URL (the engine reads a Postgres URL's schema and readOnly, and refuses a LangGraph server's with what to do).
  const dbPath = args.db ? (isDatabaseUrl(args.db) || isAbsolute(args.db) ? args.db : resolve(cwd, args.db)) : undefined;
  return { args, cwd, configFile, dbPath };
}

export function resolveAttachArguments(raw: DebugProtocol.AttachRequestArguments, fallbackCwd: string): ResolvedAttach | DebugError {
  const checked = attachSchema.safeParse(raw);
  if (!checked.success) return firstProblem(checked.error.issues);
  return { args: raw as LangGraphAttachArguments, cwd: fallbackCwd, configFile: join(fallbackCwd, "langgraph.json") };
}

/** The first problem, named by its path (e.g. "config.recursionLimit"). */
function firstProblem(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): DebugError {
  const [issue] = issues;
  return debugErrors.launchAttribute(issue!.path.map(String).join("."), issue!.message);
}

// Attributes VS Code and DAP give every debug configuration; names starting with "__" are VS Code's own.
const COMMON_ATTRIBUTES = new Set([
  "type",
  "request",
  "name",
  "preLaunchTask",
  "postDebugTask",
  "internalConsoleOptions",
  "debugServer",
  "presentation",
  "noDebug",
  "serverReadyAction",
  "suppressMultipleSessionWarning",
  "suppressDebugStatusbar",
  "suppressDebugToolbar",
  "suppressDebugView",
]);

/** One warning per attribute the adapter does not know, naming the closest known one. */
export function unknownAttributeWarnings(raw: DebugProtocol.LaunchRequestArguments, request: "launch" | "attach" = "launch"): string[] {
  const known: readonly string[] = request === "launch" ? LAUNCH_ATTRIBUTES : ATTACH_ATTRIBUTES;
  return Object.keys(raw)
    .filter((name) => !known.includes(name) && !COMMON_ATTRIBUTES.has(name) && !name.startsWith("__"))
    .map((name) => {
      const closest = closestName(name, known);
      const hint = closest ? `did you mean "${closest}"?` : `the LangGraph ${request} attributes are ${known.join(", ")}.`;
      return `"${name}" is not ${request === "launch" ? "a launch" : "an attach"} attribute and is ignored; ${hint}`;
    });
}

/** The known name within a few typing mistakes of `name` (case aside), if one is. */
function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
