// Reads a LangGraph CLI configuration file (langgraph.json) the way the CLI does:
// `graphs` maps a graph id to "path/to/module.ts:exportName", paths relative to the file.

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { GraphSummary } from "../protocol/engine";
import { engineErrors } from "./errors";

const graphSpecSchema = z.union([z.string().min(1), z.object({ path: z.string().min(1), description: z.string().optional() })]);

const configSchema = z.looseObject({
  graphs: z.record(z.string().min(1), graphSpecSchema),
  env: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  store: z
    .looseObject({
      index: z.looseObject({ embed: z.string(), dims: z.number().int().positive(), fields: z.array(z.string()).optional() }).optional(),
    })
    .optional(),
});

export interface GraphConfig {
  /** Absolute path of langgraph.json. */
  configFile: string;
  /** The folder that holds it: graph paths and `env` are relative to it. */
  root: string;
  graphs: GraphSummary[];
  env?: string | Record<string, string>;
  storeIndex?: { embed: string; dims: number; fields?: string[] };
}

export async function readGraphConfig(configFile: string): Promise<GraphConfig> {
  const file = resolve(configFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw engineErrors.configNotFound(file);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw engineErrors.configInvalid(file, describeJsonError(text, error));
  }

  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `"${issue.path.join(".")}": ` : "";
    throw engineErrors.configInvalid(file, `${where}${issue?.message ?? "unexpected shape"}`);
  }

  const root = dirname(file);
  const graphs = Object.entries(parsed.data.graphs).map(([graphId, spec]) => toGraphSummary(graphId, typeof spec === "string" ? spec : spec.path, root));
  if (graphs.length === 0) throw engineErrors.configInvalid(file, '"graphs" is empty');

  return { configFile: file, root, graphs, env: parsed.data.env, storeIndex: parsed.data.store?.index };
}

/** "./src/agent.ts:graph" → module file and export name; no ":name" means the default export. */
export function parseGraphSpec(spec: string): { modulePath: string; exportName: string } {
  const match = /^(.*\.[cm]?[jt]sx?):([A-Za-z_$][\w$]*)$/.exec(spec);
  if (match) return { modulePath: match[1]!, exportName: match[2]! };
  return { modulePath: spec, exportName: "default" };
}

function toGraphSummary(graphId: string, spec: string, root: string): GraphSummary {
  const { modulePath, exportName } = parseGraphSpec(spec);
  return { graphId, spec, file: resolve(root, modulePath), exportName };
}

/** Turns JSON.parse's "at position N" into a line and column a user can find. */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `invalid JSON at line ${line}, column ${column} (${message.replace(/ in JSON at position \d+.*$/, "")})`;
}
