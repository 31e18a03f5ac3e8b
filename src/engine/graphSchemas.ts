// The JSON Schemas of a graph's input and static context, for the view's "New run" form.
// Zod and StateSchema graphs: LangGraph's own helpers (@langchain/langgraph/zod/schema, from the
// user's copy of LangGraph). Annotation graphs have no schema: their input channels become
// untyped properties (`messages` an array of messages). Duck-typed; anything missing → omitted.

import type { JsonSchema } from "../protocol/engine";
import { importUserModule } from "./userModules";

interface SchemaHelpers {
  getInputTypeSchema?: (graph: unknown) => unknown;
  getConfigTypeSchema?: (graph: unknown) => unknown;
}

/** `moduleFile`: the graph's module, from which LangGraph is resolved. */
export async function describeGraphSchemas(graph: unknown, moduleFile: string): Promise<{ inputSchema?: JsonSchema; contextSchema?: JsonSchema }> {
  const helpers = await importUserModule<SchemaHelpers>(moduleFile, "@langchain/langgraph/zod/schema").catch(() => undefined);
  const inputSchema = asObjectSchema(attempt(() => helpers?.getInputTypeSchema?.(graph))) ?? channelsSchema(graph);
  const contextSchema = asObjectSchema(attempt(() => helpers?.getConfigTypeSchema?.(graph)));
  return { ...(inputSchema ? { inputSchema } : {}), ...(contextSchema ? { contextSchema } : {}) };
}

function attempt(get: () => unknown): unknown {
  try {
    return get();
  } catch {
    return undefined;
  }
}

function asObjectSchema(value: unknown): JsonSchema | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const schema = value as JsonSchema;
  return schema.type === "object" && typeof schema.properties === "object" ? schema : undefined;
}

/** An Annotation graph's input channels (the builder's input definition), without types. */
function channelsSchema(graph: unknown): JsonSchema | undefined {
  const builder = (graph as { builder?: { _inputDefinition?: unknown } } | null)?.builder;
  const definition = builder?._inputDefinition;
  if (typeof definition !== "object" || definition === null) return undefined;
  const names = Object.keys(definition).filter((name) => !name.startsWith("__"));
  if (names.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const name of names) properties[name] = name === "messages" ? { type: "array", items: { type: "object" } } : {};
  return { type: "object", properties };
}
