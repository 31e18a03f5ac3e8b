// The steps of "LangGraph: Debug a Graph…" without VS Code: the items of its quick picks (graph,
// thread, input), the input document prefilled from the graph's schemas and checked against
// them, and the launch configuration it starts and may save. src/ui/debugGraphWizard.ts shows
// them; keeping them here lets unit tests cover every choice.

import { DEBUG_TYPE, launchSchema } from "../debug/launchSchema";
import type { JsonSchema, ThreadSummary } from "../protocol/engine";

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

/** A launch.json configuration as VS Code hands it over. */
export interface LaunchEntry {
  name: string;
  type?: unknown;
  request?: unknown;
  graph?: unknown;
}

export type GraphTarget = { kind: "launch"; name: string } | { kind: "graph"; graphId: string };

/** launch.json's `langgraph` launches first (started as they are), then every graph of langgraph.json. */
export function graphChoices(launches: readonly LaunchEntry[], graphIds: readonly string[]): Array<PickItem<GraphTarget>> {
  return [
    ...launches
      .filter((config) => config.type === DEBUG_TYPE && config.request === "launch")
      .map((config): PickItem<GraphTarget> => ({
        label: config.name,
        description: `launch.json · graph ${String(config.graph)}`,
        value: { kind: "launch", name: config.name },
      })),
    ...graphIds.map((graphId): PickItem<GraphTarget> => ({
      label: graphId,
      description: "choose a thread and the input next",
      value: { kind: "graph", graphId },
    })),
  ];
}

export type ThreadTarget = { kind: "new" } | { kind: "existing"; threadId: string };

/** Longest last-message text a thread item shows. */
const MESSAGE_WIDTH = 70;

/**
 * "New thread" first, then the threads of the workspace database that `graphId` wrote (and
 * those that do not record their graph), most recently updated first as db/threads lists them.
 */
export function threadChoices(threads: readonly ThreadSummary[], graphId: string, now: Date): Array<PickItem<ThreadTarget>> {
  const ofGraph = threads.filter((thread) => thread.graphId === undefined || thread.graphId === graphId);
  return [
    { label: "$(add) New thread", description: "a new thread_id (you can edit it next)", value: { kind: "new" } },
    ...ofGraph.map((thread): PickItem<ThreadTarget> => ({
      label: `$(comment-discussion) ${thread.threadId}`,
      description: lastWords(thread),
      detail: [
        thread.updatedAt ? `updated ${timeAgo(thread.updatedAt, now)}` : undefined,
        thread.step !== undefined ? `step ${thread.step}` : undefined,
        thread.checkpointCount !== undefined ? `${thread.checkpointCount} checkpoint${thread.checkpointCount === 1 ? "" : "s"}` : undefined,
      ]
        .filter(Boolean)
        .join(" · "),
      value: { kind: "existing", threadId: thread.threadId },
    })),
  ];
}

/** The thread's last message ("ai: Hello Bob"), or where it stands. */
export function lastWords(thread: ThreadSummary): string {
  if (thread.lastMessage) return shorten(`${thread.lastMessage.role}: ${thread.lastMessage.text}`, MESSAGE_WIDTH);
  return threadStanding(thread);
}

/**
 * Where the thread's newest checkpoint stands ("step 2 · next: tools", "step 3 · ended"), or on a
 * LangGraph server, whose listing gives no step or next nodes, its status ("interrupted").
 */
export function threadStanding(thread: ThreadSummary): string {
  const state = thread.next ? (thread.next.length > 0 ? `next: ${thread.next.join(", ")}` : "ended") : thread.status;
  return [thread.step !== undefined ? `step ${thread.step}` : undefined, state].filter(Boolean).join(" · ");
}

export function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function timeAgo(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return "just now";
  const units: Array<[string, number]> = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1 && (unit !== "day" || count < 30)) return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
  }
  return new Date(iso).toLocaleDateString();
}

/** `<graph>-1`, `<graph>-2`…: the first not yet in the database. */
export function suggestThreadId(graphId: string, threads: readonly ThreadSummary[]): string {
  const taken = new Set(threads.map((thread) => thread.threadId));
  for (let n = 1; ; n++) if (!taken.has(`${graphId}-${n}`)) return `${graphId}-${n}`;
}

export type InputChoice = "none" | "input";

/** For an existing thread: open it as it stands first, or run it on with new input. */
export function inputChoices(threadId: string): Array<PickItem<InputChoice>> {
  return [
    { label: "No input", description: "inspect / continue from its last checkpoint", value: "none" },
    { label: "New input…", description: `run the graph on thread ${threadId} with new input`, value: "input" },
  ];
}

/**
 * A value that fits `schema`, for the user to edit: defaults, examples and enums first; a chat
 * `messages` array gets one empty user message; a required text named like an id (`userId`)
 * gets `user-1`, so the prefill passes the schema's non-empty checks.
 */
export function prefill(schema: JsonSchema | undefined, name = ""): unknown {
  if (!schema) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (name === "messages" && typeOf(schema) === "array") return [{ role: "user", content: "" }];
  switch (typeOf(schema)) {
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const wanted = properties.filter(([key, property]) => required.has(key) || key === "messages" || property.default !== undefined);
      return Object.fromEntries((wanted.length > 0 ? wanted : properties).map(([key, property]) => [key, prefill(property, key)]));
    }
    case "array":
      return [];
    case "string": {
      const id = /^(.+?)_?(Id|ID|_id)$/.exec(name);
      return id ? `${id[1]}-1` : "";
    }
    case "number":
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== "null") : schema.type;
}

/** What the input document asks for: the run's input (unless there is none) and the static context. */
export interface InputRequest {
  input?: { schema?: JsonSchema };
  context?: { schema: JsonSchema };
}

export interface RunValues {
  input?: unknown;
  context?: Record<string, unknown>;
}

export function needsDocument(request: InputRequest): boolean {
  return request.input !== undefined || request.context !== undefined;
}

/** The input document's first text: `{ "input": …, "context": … }`, prefilled. */
export function inputDocument(request: InputRequest): string {
  const document: Record<string, unknown> = {};
  if (request.input) document.input = prefill(request.input.schema ?? { type: "object" });
  if (request.context) document.context = prefill(request.context.schema);
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The edited document's values, or what is wrong with it, naming the field. */
export function readInputDocument(text: string, request: InputRequest): RunValues | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `The input is not valid JSON: ${jsonError(text, error as Error)}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { error: 'The input must be a JSON object with "input" and "context" fields.' };
  const document = parsed as Record<string, unknown>;
  const values: RunValues = {};
  if (request.input) {
    if (!("input" in document)) return { error: 'The input document has no "input" field: put the run\'s input there.' };
    const problem = request.input.schema && checkValue(document.input, request.input.schema, "input");
    if (problem) return { error: problem };
    values.input = document.input;
  }
  if (request.context) {
    const problem = checkValue(document.context, request.context.schema, "context");
    if (problem) return { error: problem };
    values.context = document.context as Record<string, unknown>;
  }
  const unknown = Object.keys(document).filter((key) => !(key === "input" && request.input) && !(key === "context" && request.context));
  if (unknown.length > 0) {
    const taken = Object.keys(request)
      .map((key) => `"${key}"`)
      .join(" and ");
    return { error: `The input document has "${unknown[0]}", which this run does not take: remove it (it holds ${taken} only).` };
  }
  return values;
}

/** JSON.parse's message with a line and column instead of a character position. */
function jsonError(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  // Newer Node versions name the line and column themselves.
  if (!position || /\(line \d+ column \d+\)/.test(error.message)) return error.message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${error.message.replace(/( in JSON)? at position \d+.*$/, "")} at line ${line}, column ${column}.`;
}

/**
 * The first way `value` breaks `schema`, naming the field ("context.userId must be a string"):
 * the keywords a graph's zod/StateSchema schemas produce (type, required, properties, items,
 * enum, minLength, minimum, maximum). LangGraph checks the rest when the run starts.
 */
export function checkValue(value: unknown, schema: JsonSchema, field: string): string | undefined {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    return `"${field}" must be ${types.map(article).join(" or ")}, not ${describe(value)}.`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `"${field}" must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}.`;
  }
  if (typeof value === "string" && typeof schema.minLength === "number" && value.length < schema.minLength) {
    return `"${field}" must have at least ${schema.minLength} character${schema.minLength === 1 ? "" : "s"}.`;
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) return `"${field}" must be at least ${schema.minimum}.`;
    if (typeof schema.maximum === "number" && value > schema.maximum) return `"${field}" must be at most ${schema.maximum}.`;
  }
  if (Array.isArray(value) && schema.items) {
    for (const [index, item] of value.entries()) {
      const problem = checkValue(item, schema.items, `${field}[${index}]`);
      if (problem) return problem;
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) return `"${field}.${key}" is required.`;
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (!(key in object)) continue;
      const problem = checkValue(object[key], property, `${field}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function article(type: string): string {
  return type === "null" ? "null" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

export interface WizardLaunch {
  graphId: string;
  threadId: string;
  values: RunValues;
  /** langgraph.json relative to the workspace folder, when it is not the folder's own. */
  configFile?: string;
}

/** The stop-on-entry launch configuration of the wizard's choices, as launch.json would hold it. */
export function wizardLaunch({
  graphId,
  threadId,
  values,
  configFile,
}: WizardLaunch): { type: string; request: string; name: string } & Record<string, unknown> {
  const attributes = {
    graph: graphId,
    threadId,
    ...(values.input !== undefined ? { input: values.input } : {}),
    ...(values.context !== undefined ? { context: values.context } : {}),
    stopOnEntry: true,
    ...(configFile ? { configFile } : {}),
  };
  // The same check the debug adapter makes: a configuration built here must never be refused there.
  const checked = launchSchema.safeParse(attributes);
  if (!checked.success) throw new Error(`The launch configuration for graph "${graphId}" is invalid: ${checked.error.issues[0].message}`);
  return { type: DEBUG_TYPE, request: "launch", name: `${graphId} · thread ${threadId}`, ...attributes };
}

/** launch.json's configurations with `launch` appended, renamed "… (2)" when its name is taken. */
export function withLaunchAppended<T extends { name: string }>(configurations: readonly LaunchEntry[], launch: T): Array<LaunchEntry | T> {
  const names = new Set(configurations.map((config) => config.name));
  let name = launch.name;
  for (let n = 2; names.has(name); n++) name = `${launch.name} (${n})`;
  return [...configurations, { ...launch, name }];
}
