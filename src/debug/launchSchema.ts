// The launch attributes of a `"type": "langgraph"` debug session, defined once: the adapter checks
// a launch configuration against this schema, the TypeScript type is inferred from it, and
// package.json's `configurationAttributes.launch` (what VS Code validates and completes in
// launch.json) is generated from it by scripts/sync-launch-schema.mjs — test/dap/launchContract
// fails when the two differ. The attach attributes (attachSchema) are defined the same way. Each error text completes "The launch configuration's "<name>" …".

import { z } from "zod";

/** The debug type of launch.json configurations this extension runs. */
export const DEBUG_TYPE = "langgraph";

const path = (description: string) => z.string({ error: "must be a path (a string)" }).optional().describe(description);
const flag = (description: string, fallback: boolean) => z.boolean({ error: "must be true or false" }).optional().meta({ description, default: fallback });
const object = (example: string) => ({ error: `must be an object, e.g. ${example}` });

/** Dollars per million tokens by model name prefix: the launch's `modelPrices`, the setting langgraph.modelPrices. */
export const modelPricesSchema = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }), {
  error: "must map model names to { input, output } dollars per million tokens",
});

export const launchSchema = z.object({
  graph: z
    .string({ error: 'is required: the graph id from langgraph.json "graphs", e.g. "agent"' })
    .trim()
    .min(1, { error: 'is required: the graph id from langgraph.json "graphs", e.g. "agent"' })
    .describe('Graph id from langgraph.json "graphs", e.g. "agent".'),
  input: z.unknown().optional().meta({
    description:
      'The run\'s input, e.g. { "messages": [{ "role": "user", "content": "Hi" }] }. Leave it out to open an existing thread (threadId) without running it.',
    default: {},
  }),
  threadId: z
    .string({ error: "must be a non-empty string" })
    .min(1, { error: "must be a non-empty string" })
    .optional()
    .describe("LangGraph thread_id to run on; a new thread when absent. Reuse one to continue a conversation."),
  checkpointId: z
    .string({ error: "must be a checkpoint id (a string)" })
    .min(1, { error: "must be a checkpoint id (a string)" })
    .optional()
    .describe(
      "With threadId and without input: open the thread at this checkpoint, running nothing until you step or continue (the Threads view's Debug from Here sets it). Without it, a launch on a thread that has checkpoints and no input opens the thread at its newest checkpoint.",
    ),
  context: z.record(z.string(), z.unknown(), object('{ "userId": "1" }')).optional().meta({
    description: 'Static runtime context (invoke(input, { context })), checked against the graph\'s context schema, e.g. { "userId": "1" }.',
    default: {},
  }),
  config: z
    .looseObject(
      {
        configurable: z
          .record(z.string(), z.unknown(), object('{ "model": "gpt-4o-mini" }'))
          .optional()
          .describe("Values for config.configurable (thread_id is set from threadId)."),
        recursionLimit: z
          .number({ error: "must be a number" })
          .int({ error: "must be a whole number" })
          .positive({ error: "must be at least 1" })
          .optional()
          .describe("Maximum number of supersteps (LangGraph's default: 25)."),
        tags: z.array(z.string(), { error: "must be a list of strings" }).optional().describe("Tags for the run."),
        metadata: z.record(z.string(), z.unknown(), object('{ "purpose": "debugging" }')).optional().describe("Metadata for the run."),
      },
      object('{ "recursionLimit": 50 }'),
    )
    .optional()
    .describe("Extra RunnableConfig for the run."),
  stopOnEntry: flag("Stop before the first node runs.", true),
  db: path(
    "Where checkpoints and the store live: a workspace database file (default .langgraph/db.json beside langgraph.json), or a Postgres database, postgres://user@host:5432/db (?schema=name, ?readOnly=true). Keep its password out of launch.json: ${env:PGPASSWORD}, or leave it out and VS Code asks once and keeps it in its secret storage.",
  ),
  storeHistory: z
    .number({ error: "must be a whole number of versions (0 keeps none)" })
    .int({ error: "must be a whole number of versions (0 keeps none)" })
    .min(0, { error: "must be 0 or more (0 keeps none)" })
    .optional()
    .describe(
      "Versions kept per store item in the workspace database, the current one included; 0 keeps none. Default: the setting langgraph.storeHistory (50). While another debug session uses the database, the limit it has stays until that session ends.",
    ),
  env: z
    .record(z.string(), z.string({ error: "must be a string" }), { error: 'must map variable names to strings, e.g. { "OPENAI_MODEL": "gpt-4o-mini" }' })
    .optional()
    .describe('Environment variables for the graph\'s code, on top of langgraph.json "env".'),
  cwd: path(
    "Folder relative paths (configFile, db) start from; default: the workspace folder. In VS Code the engine runs in the workspace folder; the standalone adapter runs it here.",
  ),
  configFile: path("langgraph.json to read, relative to cwd; default: langgraph.json."),
  nodePath: path(
    "Node.js executable for the engine; default: the setting langgraph.nodePath, else VS Code's own. When it differs from the running engine's, the workspace folder's engine is restarted on it (views and sessions keep sharing one engine, so one writer of the database).",
  ),
  rerunStore: z.enum(["now", "asItWas"], { error: 'must be "now" or "asItWas"' }).optional().meta({
    description:
      'The store a re-run from a past checkpoint uses: "now", the store as it is (writes go to it), or "asItWas", the store as it was when that checkpoint was written, with the run\'s writes kept in an overlay until you apply them (`apply overlay` in the Debug Console) or discard them. Switch while stopped with the langgraph/rerunStore request.',
    default: "now",
  }),
  replay: z.enum(["auto", "strict", "off"], { error: 'must be "auto", "strict" or "off"' }).optional().meta({
    description:
      'Whether a node that runs again from a past checkpoint (Continue after time travel, a fork, Restart Frame, a resumed interrupt) replays the model, tool and HTTP calls recorded there instead of calling out: "auto" replays a call whose request matches a recording and calls out for anything new (recording it); "strict" fails the node on a call without a recording, showing the closest one and the difference; "off" always calls out. Calls are recorded in the workspace database. Switch while stopped with the langgraph/replay request.',
    default: "auto",
  }),
  modelPrices: modelPricesSchema.optional().meta({
    description:
      'Dollars per million input and output tokens by model name prefix, e.g. { "gpt-4o-mini": { "input": 0.15, "output": 0.6 } }, for the cost of recorded calls; default: the setting langgraph.modelPrices, then the extension\'s list of known prices.',
  }),
  debugUserCode: flag(
    "Also stop at ordinary breakpoints inside your node functions: the engine runs under the Node.js inspector and VS Code's JavaScript debugger attaches to it as a child session. The workspace folder's engine restarts for this when it runs without the inspector.",
    false,
  ),
});

export type LaunchAttributes = z.infer<typeof launchSchema>;

/**
 * `"request": "attach"`: debug a graph that runs on a LangGraph server (`langgraphjs dev`, a
 * deployment). The graph's code runs there; the session steps it, stops at its nodes, travels
 * back and forks through the server's API.
 */
export const attachSchema = z.object({
  url: z
    .string({ error: 'is required: the LangGraph server\'s http:// or https:// URL, e.g. "http://127.0.0.1:2024"' })
    .regex(/^https?:\/\/\S+$/i, { error: 'must be an http:// or https:// URL, e.g. "http://127.0.0.1:2024"' })
    .describe("The LangGraph server's URL, e.g. \"http://127.0.0.1:2024\" (langgraphjs dev) or a deployment's."),
  apiKey: z
    .string({ error: "must be a string" })
    .optional()
    .describe(
      "The server's API key. Keep it out of launch.json: ${env:LANGGRAPH_API_KEY}, or leave it out and VS Code asks once when the server wants one and keeps it in its secret storage.",
    ),
  graph: z
    .string({ error: 'is required: a graph id or an assistant id of the server, e.g. "agent"' })
    .trim()
    .min(1, { error: 'is required: a graph id or an assistant id of the server, e.g. "agent"' })
    .describe('A graph id (langgraph.json "graphs" of the server\'s project) or an assistant id of the server, e.g. "agent".'),
  threadId: launchSchema.shape.threadId.describe(
    "The server's thread id (a UUID) to debug; a new thread when absent. Without input, the thread opens where it stands.",
  ),
  input: launchSchema.shape.input,
  context: launchSchema.shape.context,
  config: launchSchema.shape.config,
  stopOnEntry: launchSchema.shape.stopOnEntry,
});

export type AttachAttributes = z.infer<typeof attachSchema>;

/** The attach attribute names, in the order package.json lists them. */
export const ATTACH_ATTRIBUTES = Object.keys(attachSchema.shape) as Array<keyof AttachAttributes>;

/** The attribute names, in the order package.json lists them. */
export const LAUNCH_ATTRIBUTES = Object.keys(launchSchema.shape) as Array<keyof LaunchAttributes>;

/** package.json's `configurationAttributes.launch` (or `.attach`): the schema as JSON Schema, without the `$schema` line. */
export function launchJsonSchema(request: "launch" | "attach" = "launch"): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(request === "launch" ? launchSchema : attachSchema, { io: "input", target: "draft-7" });
  return schema;
}
