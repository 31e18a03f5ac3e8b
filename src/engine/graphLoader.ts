// Imports a user's graph module from source (TypeScript or JavaScript, ESM or CJS) with jiti,
// so the user's own copy of @langchain/langgraph runs it and no build step is needed.
// Graphs are recognised by shape, never by instanceof: the user's LangGraph is not ours.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { GraphSummary } from "../protocol/engine";
import { engineErrors } from "./errors";
import type { GraphConfig } from "./graphConfig";
import { isSupportedLangGraph, SUPPORTED_LANGGRAPH, userLangGraphVersion } from "./langGraphVersion";
import { missingDependencyOf } from "./missingDependencies";
import { adviceFor } from "./userCodeAdvice";
import { importUserModule } from "./userModules";

/** The part of a compiled LangGraph graph (Pregel) the engine relies on. */
export interface CompiledGraphLike {
  invoke: (...args: unknown[]) => Promise<unknown>;
  stream: (...args: unknown[]) => Promise<AsyncIterable<unknown>>;
  getGraphAsync: (config?: { xray?: boolean | number }) => Promise<DrawableGraphLike>;
  checkpointer?: unknown;
  store?: unknown;
}

/** `@langchain/core`'s drawable Graph: nodes by id and edges. */
export interface DrawableGraphLike {
  nodes: Record<string, { id: string; name: string }>;
  edges: Array<{ source: string; target: string; conditional?: boolean; data?: unknown }>;
}

export interface LoadedGraph {
  summary: GraphSummary;
  graph: CompiledGraphLike;
}

export async function loadGraph(config: GraphConfig, graphId: string): Promise<LoadedGraph> {
  const summary = config.graphs.find((graph) => graph.graphId === graphId);
  if (!summary) {
    throw engineErrors.graphNotFound(
      config.configFile,
      graphId,
      config.graphs.map((graph) => graph.graphId),
    );
  }
  if (!existsSync(summary.file)) throw engineErrors.moduleNotFound(summary.file, graphId);

  applyEnv(config);
  const langGraph = userLangGraphVersion(summary.file);
  if (langGraph && !isSupportedLangGraph(langGraph.version)) {
    throw engineErrors.langGraphUnsupported(summary.file, langGraph.version, langGraph.packageJson, SUPPORTED_LANGGRAPH.minimum);
  }
  const module = await importModule(summary.file, config);
  if (!(summary.exportName in module)) {
    throw engineErrors.exportNotFound(summary.file, summary.exportName, Object.keys(module));
  }
  const graph = await toCompiledGraph(module[summary.exportName], summary, config);
  return { summary, graph };
}

async function importModule(file: string, config: GraphConfig): Promise<Record<string, unknown>> {
  try {
    const module = await importUserModule(file, file, { fresh: true });
    return module ?? {};
  } catch (error) {
    const missing = missingDependencyOf(error, file);
    throw missing ? engineErrors.dependencyMissing(file, missing) : engineErrors.moduleFailed(file, error, adviceFor(error, config));
  }
}

/** Accepts what the LangGraph API server accepts: a compiled graph, a StateGraph, or a factory. */
async function toCompiledGraph(value: unknown, summary: GraphSummary, config: GraphConfig): Promise<CompiledGraphLike> {
  let candidate = value;
  if (typeof candidate === "function" && !isCompiledGraph(candidate) && !isGraphBuilder(candidate)) {
    try {
      candidate = await (candidate as (config: object) => unknown)({ configurable: {} });
    } catch (error) {
      throw engineErrors.moduleFailed(summary.file, error, adviceFor(error, config));
    }
  }
  if (isGraphBuilder(candidate) && !isCompiledGraph(candidate)) {
    try {
      candidate = candidate.compile();
    } catch (error) {
      throw engineErrors.moduleFailed(summary.file, error);
    }
  }
  if (!isCompiledGraph(candidate)) {
    throw engineErrors.exportNotGraph(summary.file, summary.exportName, describeValue(candidate));
  }
  return candidate;
}

function isCompiledGraph(value: unknown): value is CompiledGraphLike {
  const graph = value as Partial<CompiledGraphLike> | null;
  return (
    typeof graph === "object" &&
    graph !== null &&
    typeof graph.invoke === "function" &&
    typeof graph.stream === "function" &&
    typeof graph.getGraphAsync === "function"
  );
}

function isGraphBuilder(value: unknown): value is { compile: () => unknown } {
  return typeof value === "object" && value !== null && typeof (value as { compile?: unknown }).compile === "function";
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`;
  return `a ${typeof value}`;
}

/** langgraph.json `env`: a .env file path (relative to the config) or an object of variables. */
function applyEnv(config: GraphConfig): void {
  if (!config.env) return;
  if (typeof config.env === "object") {
    Object.assign(process.env, config.env);
    return;
  }
  const envFile = resolve(config.root, config.env);
  // A missing .env is common in fresh clones and the graph may not need it: information, on stdout
  // (stderr shows red in the Debug Console and the output channel), not an error.
  if (!existsSync(envFile)) {
    console.log(`langgraph.json names env file ${envFile}, which does not exist; continuing without it (create it to set environment variables).`);
    return;
  }
  process.loadEnvFile(envFile);
}
