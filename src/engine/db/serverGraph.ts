// A graph that runs on a LangGraph server, as a debug session drives a local one: the same
// DebuggableGraph (stream, getState, updateState) over the server's API, so GraphSession's one
// stepping logic serves both. What differs is said here:
// - Stop lists: the session's interruptBefore/After are live filters (nodeFilter.ts) the server
//   never sees, so each run sends them as the node names they answer true for when it starts
//   (stepping: every node; breakpoints: their nodes). The session decides the rest (conditions,
//   hit counts) on the state the server reports, and runs on when a stop is not wanted.
// - Pause and Stop cancel the server's run (runs.cancel, keeping its checkpoints): nothing on
//   the server looks at our filters while it runs.
// - Time travel: a run from a past checkpoint passes its id (`checkpoint_id`), as LangGraph's
//   replay does. Resume values go as Command({ resume }).
// LangGraph's RemoteGraph is not used: its stream drops `checkpoint_id` (no time travel), throws
// every interrupt as an error, and gives no run id to cancel.

import type { Client, ThreadState } from "@langchain/langgraph-sdk";
import type { DrawableGraphLike } from "../graphLoader";
import type { DebuggableGraph, RunnableConfigLike, StateSnapshotLike } from "../session/snapshots";

/** Command({ resume }) for a server: its fields go to the run as `command`. */
export class ServerCommand {
  constructor(readonly fields: { resume?: unknown }) {}
}

/** What GraphSession passes to stream() (graphSession.ts runConfig), as far as a server can use it. */
interface RunOptions {
  configurable?: Record<string, unknown>;
  context?: Record<string, unknown>;
  recursionLimit?: number;
  tags?: string[];
  metadata?: Record<string, unknown>;
  interruptBefore?: readonly string[];
  interruptAfter?: readonly string[];
  signal?: AbortSignal;
}

interface ServerRun {
  runId?: string;
  cancelled: boolean;
}

/** Configurable keys the session sets that the run's address already says. */
const ADDRESS_KEYS = new Set(["thread_id", "checkpoint_id", "checkpoint_ns", "graph_id"]);

export class ServerGraph implements DebuggableGraph {
  checkpointer = undefined;
  store = undefined;
  private running: ServerRun | undefined;

  constructor(
    private readonly client: Client,
    private readonly assistantId: string,
    private readonly threadId: string,
    private readonly nodeNames: readonly string[],
    /** The SDK's failures as the engine's errors (serverErrors.ts). */
    private readonly call: <T>(request: () => Promise<T>) => Promise<T>,
  ) {}

  async stream(input: unknown, config?: unknown): Promise<AsyncIterable<unknown>> {
    const options = (config ?? {}) as RunOptions;
    const { configurable = {}, context, recursionLimit, tags, metadata, signal } = options;
    const run: ServerRun = { cancelled: false };
    this.running = run;
    const ownConfigurable = Object.fromEntries(Object.entries(configurable).filter(([key]) => !ADDRESS_KEYS.has(key)));
    const checkpointId = typeof configurable.checkpoint_id === "string" ? configurable.checkpoint_id : undefined;
    const events = this.client.runs.stream(this.threadId, this.assistantId, {
      ...(input instanceof ServerCommand ? { command: input.fields } : { input: input as Record<string, unknown> | null }),
      ...(context ? { context } : {}),
      // The server refuses `configurable` beside `context` unless there is something to say.
      config: { ...(Object.keys(ownConfigurable).length > 0 ? { configurable: ownConfigurable } : {}), recursion_limit: recursionLimit, tags },
      metadata,
      ...(checkpointId ? { checkpointId } : {}),
      interruptBefore: this.stopList(options.interruptBefore),
      interruptAfter: this.stopList(options.interruptAfter),
      // "messages-tuple": the models' answers, streamed to the Debug Console as local runs' tokens are.
      streamMode: ["custom", "messages-tuple"],
      // A debugger that goes away leaves no run going on the server.
      onDisconnect: "cancel",
      signal,
      onRunCreated: ({ run_id }) => {
        run.runId = run_id;
        if (run.cancelled) void this.cancel(run);
      },
    });
    return this.chunks(events, run);
  }

  async invoke(input: unknown, config?: unknown): Promise<unknown> {
    for await (const _ of await this.stream(input, config));
    return (await this.getState({})).values;
  }

  async getState(config: RunnableConfigLike, options?: { subgraphs?: boolean }): Promise<StateSnapshotLike> {
    const checkpointId = config.configurable?.checkpoint_id;
    const state = await this.call(() => this.client.threads.getState(this.threadId, checkpointId, { subgraphs: options?.subgraphs === true }));
    return snapshotOf(state);
  }

  async updateState(config: RunnableConfigLike, values: Record<string, unknown> | null, asNode?: string): Promise<RunnableConfigLike> {
    const checkpointId = config.configurable?.checkpoint_id;
    const written = await this.call(() =>
      this.client.threads.updateState(this.threadId, { values, ...(asNode ? { asNode } : {}), ...(checkpointId ? { checkpointId } : {}) }),
    );
    // The server answers with the new checkpoint (`{ checkpoint }`), the SDK's type says `{ configurable }`.
    const answer = written as { checkpoint?: Record<string, unknown>; configurable?: Record<string, unknown> };
    const { checkpoint_ns, checkpoint_id } = answer.checkpoint ?? answer.configurable ?? {};
    return {
      configurable: {
        thread_id: this.threadId,
        checkpoint_ns: typeof checkpoint_ns === "string" ? checkpoint_ns : "",
        ...(typeof checkpoint_id === "string" ? { checkpoint_id } : {}),
      },
    };
  }

  async getGraphAsync(config?: { xray?: boolean | number }): Promise<DrawableGraphLike> {
    return drawableOf(await this.call(() => this.client.assistants.getGraph(this.assistantId, { xray: config?.xray ?? false })));
  }

  /** Pause and Stop: the run under way ends where it stands (its checkpoints kept). */
  async cancelRun(): Promise<void> {
    const run = this.running;
    if (!run || run.cancelled) return;
    run.cancelled = true;
    // Not created yet: onRunCreated cancels it.
    if (run.runId) await this.cancel(run);
  }

  private async cancel(run: ServerRun): Promise<void> {
    await this.call(() => this.client.runs.cancel(this.threadId, run.runId!, false, "interrupt")).catch(() => undefined);
  }

  /** The nodes a live filter answers true for now (the server needs names). */
  private stopList(filter: readonly string[] | undefined): string[] | undefined {
    if (!filter) return undefined;
    const names = this.nodeNames.filter((node) => filter.includes(node));
    return names.length > 0 ? names : undefined;
  }

  /** The run's `custom` events as GraphSession's `["custom", payload]` chunks; an `error` event fails the run. */
  private async *chunks(events: AsyncIterable<{ event: string; data: unknown }>, run: ServerRun): AsyncIterable<unknown> {
    try {
      for await (const { event, data } of events) {
        if (event === "error") throw runError(data);
        if (event === "custom") yield ["custom", data];
        else if (event === "messages") {
          const tokens = answerTokens(data);
          if (tokens) yield ["tokens", tokens];
        }
      }
    } catch (error) {
      // A cancelled run ends with an error or a dropped stream: it ended where it stands.
      if (!run.cancelled) throw error;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }
}

/** A model's answer in a "messages" event (`[message chunk, metadata]`): its text and the message it belongs to. */
function answerTokens(data: unknown): { run: string; text: string } | undefined {
  const [message] = Array.isArray(data) ? data : [];
  const { type, content, id } = (message ?? {}) as { type?: unknown; content?: unknown; id?: unknown };
  if ((type !== "AIMessageChunk" && type !== "ai") || typeof content !== "string" || content === "") return undefined;
  return { run: typeof id === "string" ? id : "", text: content };
}

/** The server's `error` event (`{ error: "TypeError", message }`) as the error the node threw. */
function runError(data: unknown): Error {
  const { error: name, message } = (data ?? {}) as { error?: unknown; message?: unknown };
  const failure = new Error(typeof message === "string" ? message : JSON.stringify(data));
  if (typeof name === "string" && name !== "Error") failure.name = name;
  return failure;
}

/** The server's ThreadState as LangGraph's StateSnapshot. */
export function snapshotOf(state: ThreadState): StateSnapshotLike {
  return {
    values: (state.values ?? {}) as Record<string, unknown>,
    next: [...(state.next ?? [])],
    tasks: (state.tasks ?? []).map((task) => ({
      id: task.id,
      name: task.name,
      ...(task.error ? { error: task.error } : {}),
      interrupts: task.interrupts ?? [],
      ...(task.result !== undefined ? { result: task.result } : {}),
      ...(task.state ? { state: snapshotOf(task.state) } : {}),
    })),
    metadata: (state.metadata ?? undefined) as StateSnapshotLike["metadata"],
    config: configOf(state.checkpoint),
    ...(state.parent_checkpoint ? { parentConfig: configOf(state.parent_checkpoint) } : {}),
    ...(state.created_at ? { createdAt: state.created_at } : {}),
  };
}

function configOf(checkpoint: ThreadState["checkpoint"] | null | undefined): RunnableConfigLike {
  return {
    configurable: {
      ...(checkpoint?.thread_id ? { thread_id: checkpoint.thread_id } : {}),
      checkpoint_ns: checkpoint?.checkpoint_ns ?? "",
      ...(checkpoint?.checkpoint_id ? { checkpoint_id: checkpoint.checkpoint_id } : {}),
    },
  };
}

/** A server's drawn graph (the assistants' graph API) as LangGraph's drawable graph: nodes by id, edges with their labels. */
export function drawableOf(drawn: Awaited<ReturnType<Client["assistants"]["getGraph"]>>): DrawableGraphLike {
  const nodes = Object.fromEntries(drawn.nodes.map((node) => [String(node.id), { id: String(node.id), name: String(node.id) }]));
  const edges = drawn.edges.map((edge) => ({
    source: String(edge.source),
    target: String(edge.target),
    conditional: edge.conditional === true,
    ...(typeof edge.data === "string" ? { data: edge.data } : {}),
  }));
  return { nodes, edges };
}
