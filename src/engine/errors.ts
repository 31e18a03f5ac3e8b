// One factory per error a user can meet while the engine reads langgraph.json or loads a graph.
// Each carries a stable code (src/protocol/engine.ts), the file to look at, and what to do.
// Errors are told apart by `name`/`code`, never by instanceof (they cross a process boundary).

import { join } from "node:path";
import type { EngineErrorCode, EngineErrorData } from "../protocol/engine";
import type { MissingDependency } from "./missingDependencies";

export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly file?: string,
    readonly hint?: string,
    readonly fix?: EngineErrorData["fix"],
  ) {
    super(message);
  }

  toData(): EngineErrorData {
    return { code: this.code, file: this.file, hint: this.hint, fix: this.fix };
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof Error && value.name === "EngineError";
}

export const engineErrors = {
  configNotFound: (file: string) =>
    new EngineError(
      "configNotFound",
      `No LangGraph configuration file at ${file}.`,
      file,
      'Create a langgraph.json with a "graphs" entry, e.g. { "graphs": { "agent": "./src/agent.ts:graph" } }, or set "langgraph.configFile".',
    ),
  configInvalid: (file: string, problem: string) =>
    new EngineError(
      "configInvalid",
      `${file} is not a valid LangGraph configuration: ${problem}`,
      file,
      'Fix the file; it needs a "graphs" object mapping graph ids to "path/to/file.ts:exportName".',
    ),
  graphNotFound: (file: string, graphId: string, known: string[]) =>
    new EngineError(
      "graphNotFound",
      `${file} names no graph "${graphId}" (it names: ${known.join(", ") || "none"}).`,
      file,
      `Add "${graphId}" under "graphs" or pick one of the graphs it names.`,
    ),
  moduleNotFound: (file: string, graphId: string) =>
    new EngineError(
      "moduleNotFound",
      `The module of graph "${graphId}" does not exist: ${file}.`,
      file,
      "Fix the path in langgraph.json (it is relative to the folder that holds langgraph.json).",
    ),
  /** `advice`: what to change when the cause is a known one (src/engine/userCodeAdvice.ts). */
  moduleFailed: (file: string, cause: unknown, advice?: string) =>
    new EngineError(
      "moduleFailed",
      `Importing ${file} threw: ${describeCause(cause)}`,
      file,
      advice ?? "Fix the error in the module (or in what it imports); the graph is loaded again on the next attempt.",
    ),
  langGraphUnsupported: (file: string, version: string, packageJson: string, minimum: string) =>
    new EngineError(
      "langGraphUnsupported",
      `${file} runs on @langchain/langgraph ${version} (${packageJson}); the LangGraph debugger needs ${minimum} or newer.`,
      file,
      `Upgrade it in that project: run "npm install @langchain/langgraph@latest @langchain/core@latest" (or your package manager's equivalent), then try again. LangGraph's migration guide lists the code changes 1.0 needs (nodes take (state, runtime); context replaces configurable for static values).`,
    ),
  dependencyMissing: (file: string, missing: MissingDependency) =>
    missing.listed
      ? new EngineError(
          "dependencyMissing",
          `${file} imports "${missing.packageName}", which is not installed: the dependencies in ${join(missing.packageFolder, "package.json")} have not been installed.`,
          file,
          `Run "${missing.command}" in ${missing.installFolder}, then try again (the engine loads the graph afresh; no need to restart VS Code).`,
          { command: missing.command, folder: missing.installFolder },
        )
      : new EngineError(
          "dependencyMissing",
          `${file} imports "${missing.packageName}", which is neither installed nor listed in ${join(missing.packageFolder, "package.json")}.`,
          file,
          `Add it: run "${missing.command}" in ${missing.installFolder}, then try again.`,
          { command: missing.command, folder: missing.installFolder },
        ),
  exportNotFound: (file: string, exportName: string, available: string[]) =>
    new EngineError(
      "exportNotFound",
      `${file} has no export named "${exportName}" (it exports: ${available.join(", ") || "nothing"}).`,
      file,
      `Export the graph as "${exportName}" or change the spec in langgraph.json to "<file>:<exportName>".`,
    ),
  exportNotGraph: (file: string, exportName: string, found: string) =>
    new EngineError(
      "exportNotGraph",
      `The export "${exportName}" of ${file} is not a LangGraph graph (found ${found}).`,
      file,
      "Export a compiled graph (builder.compile()), a StateGraph, or a function that returns one.",
    ),
} as const;

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message.split("\n")[0] ?? cause.name;
  return String(cause);
}
