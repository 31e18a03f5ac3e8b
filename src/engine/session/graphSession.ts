// One graph debug session: runs a compiled graph on one thread with the injected checkpointer
// and store, and decides where it stops. Stepping and breakpoints use LangGraph's own call-time
// interruptBefore/interruptAfter (NodeFilter), resumes use input null (or Command({ resume })),
// time travel moves the position to a past checkpoint, and continuing from there forks
// (LangGraph replay). No DAP here: the adapter translates these events and methods.

import type { NodeInfo, StopFilters } from "../../protocol/engine";
import { countHit, parseBreakpoints, type NodeBreakpoint } from "./breakpoints";
import { CheckpointViews } from "./checkpointViews";
import { TypedEmitter, type SessionEvents, type SessionStopEvent } from "./events";
import { NodeFilter } from "./nodeFilter";
import { toPlain } from "./plainValue";
import { sessionErrors } from "./sessionErrors";
import { checkpointIdOf, SnapshotReader, type DebuggableGraph, type StateSnapshotLike, type TaskLike } from "./snapshots";
import type { CommandConstructor } from "./userLangGraph";
import type { NodeBreakpointSpec, NodeBreakpointState } from "../../protocol/engine";
import type { StoreLike } from "./recordingStore";

export interface GraphSessionOptions {
  graphId: string;
  threadId: string;
  /** The user's compiled graph, with our checkpointer and store already attached. */
  graph: DebuggableGraph;
  store: StoreLike;
  /** Namespaces the thread's nodes touched (filled by the recording store). */
  touchedNamespaces: Map<string, string[]>;
  Command: CommandConstructor;
  nodes: NodeInfo[];
  context?: Record<string, unknown>;
  config?: { configurable?: Record<string, unknown>; recursionLimit?: number; tags?: string[]; metadata?: Record<string, unknown> };
}

type Phase = "idle" | "running" | "stopped" | "terminated";

export class GraphSession extends TypedEmitter<SessionEvents> {
  readonly snapshots: SnapshotReader;
  readonly views: CheckpointViews;
  private phase: Phase = "idle";
  private position: string | undefined;
  private stepping = false;
  private pauseRequested = false;
  private entryPending = false;
  private hasStopped = false;
  private atEnd = false;
  private breakpoints: NodeBreakpoint[] = [];
  private filters: StopFilters = { nodeErrors: true, interrupts: true };
  /** Checkpoints the run stopped at, for reverseContinue. */
  private readonly stops = new Set<string>();
  /** Run id of the LLM call whose tokens are being printed, to end its line when another starts. */
  private streamingMessage: string | undefined;
  private readonly before = new NodeFilter((node) => this.stepping || this.pauseRequested || this.hasBreakpoint(node, "before"));
  private readonly after = new NodeFilter((node) => this.hasBreakpoint(node, "after"));

  constructor(private readonly options: GraphSessionOptions) {
    super();
    this.snapshots = new SnapshotReader(options.graph, options.threadId);
    this.views = new CheckpointViews(this.snapshots, options.store, options.touchedNamespaces, options.context ?? {});
  }

  get nodes(): readonly NodeInfo[] {
    return this.options.nodes;
  }

  get threadId(): string {
    return this.options.threadId;
  }

  get currentCheckpoint(): string | undefined {
    return this.position;
  }

  get isRunning(): boolean {
    return this.phase === "running";
  }

  setBreakpoints(specs: NodeBreakpointSpec[]): NodeBreakpointState[] {
    const nodeNames = this.options.nodes.map((node) => node.name);
    const { active, states } = parseBreakpoints(specs, nodeNames);
    // Hit counts survive an edit of the set, as in VS Code: match by id.
    for (const breakpoint of active) breakpoint.hits = this.breakpoints.find((old) => old.id === breakpoint.id)?.hits ?? 0;
    this.breakpoints = active;
    return states;
  }

  setStopFilters(filters: StopFilters): void {
    this.filters = { ...filters };
  }

  /** Starts the run; resolves once it is under way (stops and the end arrive as events). */
  run(input: unknown, stopOnEntry: boolean): void {
    if (this.phase !== "idle") throw sessionErrors.sessionBusy("start again");
    this.stepping = stopOnEntry;
    this.entryPending = stopOnEntry;
    void this.drive(input ?? {}, undefined);
  }

  async continue(): Promise<void> {
    const position = await this.stoppedAt("continue");
    if (this.atEnd || position.next.length === 0) {
      this.terminate("finished");
      return;
    }
    this.assertNoPendingInterrupt(position);
    this.stepping = false;
    void this.drive(null, await this.forkPoint());
  }

  async next(): Promise<void> {
    const position = await this.stoppedAt("step");
    if (position.next.length === 0) {
      this.stop(this.position!, "end", "The graph has finished: nothing left to run from this checkpoint.");
      return;
    }
    this.assertNoPendingInterrupt(position);
    this.stepping = true;
    void this.drive(null, await this.forkPoint());
  }

  async resume(value: unknown): Promise<void> {
    const position = await this.stoppedAt("resume");
    if (!position.tasks.some((task) => (task.interrupts?.length ?? 0) > 0)) throw sessionErrors.notInterrupted(this.threadId);
    this.stepping = false;
    void this.drive(new this.options.Command({ resume: value }), await this.forkPoint());
  }

  pause(): void {
    if (this.phase === "running") this.pauseRequested = true;
  }

  async stepBack(): Promise<void> {
    const position = await this.stoppedAt("step back");
    const parent = checkpointIdOf(position.parentConfig);
    if (!parent) {
      this.stop(this.position!, "step", "Already at the first checkpoint of the thread.");
      return;
    }
    const snapshot = await this.snapshots.at(parent);
    this.stop(parent, "step", `Stepped back to ${describePosition(snapshot)}.`);
  }

  /** Back along the lineage to the previous stop, a checkpoint before a breakpoint node, or the first checkpoint. */
  async reverseContinue(): Promise<void> {
    let snapshot = await this.stoppedAt("reverse continue");
    let parent = await this.snapshots.parentOf(snapshot);
    while (parent) {
      snapshot = parent;
      const id = checkpointIdOf(snapshot.config)!;
      const hit = this.breakpoints.filter((breakpoint) => breakpoint.when === "before" && snapshot.next.includes(breakpoint.node));
      if (hit.length > 0 || this.stops.has(id)) {
        this.stop(id, hit.length > 0 ? "breakpoint" : "step", `Back at ${describePosition(snapshot)}.`, undefined, hit.map((breakpoint) => breakpoint.id));
        return;
      }
      parent = await this.snapshots.parentOf(snapshot);
    }
    this.stop(checkpointIdOf(snapshot.config)!, "step", `Back at the first checkpoint: ${describePosition(snapshot)}.`);
  }

  /** Time travel: the checkpoint becomes the position; continuing from it forks. */
  async goto(checkpointId: string): Promise<void> {
    await this.stoppedAt("travel in time");
    const snapshot = await this.snapshots.at(checkpointId);
    this.stop(checkpointId, "goto", `Travelled to ${describePosition(snapshot)}. Continue or Step from here forks the thread.`);
  }

  /** After an edit wrote a new checkpoint (updateState), the fork is the position. */
  async movedToFork(checkpointId: string, what: string): Promise<void> {
    const snapshot = await this.snapshots.at(checkpointId);
    this.stop(checkpointId, "fork", `${what}: forked the thread at ${describePosition(snapshot)}.`);
  }

  close(): void {
    if (this.phase !== "terminated") this.terminate("closed");
  }

  /** The checkpoint to fork from, or undefined when the position is the thread's newest one. */
  private async forkPoint(): Promise<string | undefined> {
    const latest = await this.snapshots.latest();
    return checkpointIdOf(latest?.config) === this.position ? undefined : this.position;
  }

  private async stoppedAt(what: string): Promise<StateSnapshotLike> {
    if (this.phase === "running") throw sessionErrors.sessionBusy(what);
    if (this.phase !== "stopped" || !this.position) throw sessionErrors.sessionBusy(what);
    return this.snapshots.at(this.position);
  }

  private assertNoPendingInterrupt(position: StateSnapshotLike): void {
    const waiting = position.tasks.find((task) => (task.interrupts?.length ?? 0) > 0);
    if (waiting) throw sessionErrors.interruptPending(waiting.name);
  }

  private hasBreakpoint(node: string, when: "before" | "after"): boolean {
    return this.breakpoints.some((breakpoint) => breakpoint.node === node && breakpoint.when === when);
  }

  private async drive(input: unknown, fromCheckpoint: string | undefined): Promise<void> {
    this.phase = "running";
    this.atEnd = false;
    this.snapshots.clear();
    this.views.clear();
    this.emit("continued", {});
    let failure: unknown;
    try {
      const stream = await this.options.graph.stream(input, this.runConfig(fromCheckpoint));
      for await (const chunk of stream) this.onChunk(chunk);
    } catch (error) {
      failure = error;
    }
    this.endStreamedLine();
    try {
      await this.decideStop(failure);
    } catch (error) {
      this.terminate("failed", `The debugger could not read the thread's state after the run: ${describeError(error)}`);
    }
  }

  private runConfig(fromCheckpoint: string | undefined): Record<string, unknown> {
    const { configurable, ...rest } = this.options.config ?? {};
    return {
      ...rest,
      configurable: { ...configurable, thread_id: this.threadId, ...(fromCheckpoint ? { checkpoint_id: fromCheckpoint } : {}) },
      context: this.options.context,
      interruptBefore: this.before,
      interruptAfter: this.after,
      callbacks: [this.tokenHandler],
      streamMode: ["custom"],
    };
  }

  private async decideStop(failure: unknown): Promise<void> {
    if (this.phase === "terminated") return;
    const head = await this.snapshots.latest();
    const headId = checkpointIdOf(head?.config);
    if (failure !== undefined) {
      const failed = head?.tasks.find((task) => task.error !== undefined && task.error !== null);
      const where = failed ? `Node "${failed.name}" threw` : "The run failed";
      const description = `${where}: ${describeError(failure)}`;
      if (this.filters.nodeErrors && head && headId) {
        this.stop(headId, "exception", description, errorDetails(failure));
      } else {
        this.terminate("failed", description);
      }
      return;
    }
    if (!head || !headId) {
      this.terminate("finished");
      return;
    }
    const waiting = head.tasks.filter((task) => (task.interrupts?.length ?? 0) > 0);
    if (waiting.length > 0) {
      const text = JSON.stringify(toPlain(waiting.flatMap((task) => (task.interrupts ?? []).map((item) => item.value))), null, 2);
      const description = `Node "${waiting[0]!.name}" called interrupt() and waits for a human: answer with \`resume <value>\` in the Debug Console.`;
      if (this.filters.interrupts) this.stop(headId, "interrupt", description, text);
      else this.terminate("finished", `${description} The "interrupts" stop filter is off, so the session ends here; thread "${this.threadId}" keeps waiting.`);
      return;
    }
    if (head.next.length === 0) {
      if (this.hasStopped || this.stepping || this.pauseRequested) this.stop(headId, "end", "The graph has finished. Continue ends the session; Step Back or time travel to fork it.");
      else this.terminate("finished");
      return;
    }
    if (this.entryPending) {
      this.entryPending = false;
      this.stop(headId, "entry", `Stopped on entry, ${describePosition(head)}.`);
      return;
    }
    if (this.pauseRequested) return this.stop(headId, "pause", `Paused ${describePosition(head)}.`);
    if (this.stepping) return this.stop(headId, "step", `Stepped to ${describePosition(head)}.`);

    const hit = await this.matchBreakpoints(head);
    if (hit.stop) {
      this.stop(headId, "breakpoint", hit.description, hit.text, hit.ids);
      return;
    }
    // Stopped for a breakpoint whose condition or hit count said no: carry on from here.
    void this.drive(null, undefined);
  }

  private async matchBreakpoints(head: StateSnapshotLike): Promise<{ stop: boolean; ids: number[]; description: string; text?: string }> {
    const parent = await this.snapshots.parentOf(head);
    const ran = parent?.next ?? [];
    const candidates = this.breakpoints.filter((breakpoint) =>
      breakpoint.when === "before" ? head.next.includes(breakpoint.node) : ran.includes(breakpoint.node),
    );
    const ids: number[] = [];
    const labels: string[] = [];
    let text: string | undefined;
    for (const breakpoint of candidates) {
      if (breakpoint.condition) {
        try {
          const sandbox = await this.views.sandbox(checkpointIdOf(head.config)!);
          if (!sandbox.evaluate(breakpoint.condition)) continue;
        } catch (error) {
          // A broken condition stops, so the user sees why instead of silently never stopping.
          text = `The condition \`${breakpoint.condition}\` failed: ${describeError(error)}`;
        }
      }
      if (!countHit(breakpoint)) continue;
      ids.push(breakpoint.id);
      labels.push(`${breakpoint.when} "${breakpoint.node}"`);
    }
    return { stop: ids.length > 0, ids, description: `Breakpoint ${labels.join(", ")}: ${describePosition(head)}.`, text };
  }

  private stop(checkpointId: string, reason: SessionStopEvent["reason"], description: string, text?: string, breakpointIds?: number[]): void {
    this.phase = "stopped";
    this.position = checkpointId;
    this.hasStopped = true;
    this.pauseRequested = false;
    this.atEnd = reason === "end";
    if (reason !== "goto" && reason !== "fork") this.stops.add(checkpointId);
    this.views.clearEvaluations();
    this.emit("stopped", { reason, checkpointId, description, ...(text ? { text } : {}), ...(breakpointIds?.length ? { breakpointIds } : {}) });
  }

  private terminate(reason: SessionEvents["terminated"]["reason"], message?: string): void {
    this.phase = "terminated";
    this.emit("terminated", { reason, ...(message ? { message } : {}) });
  }

  /** `[mode, payload]` from streamMode ["custom"]: what nodes write with `config.writer`. */
  private onChunk(chunk: unknown): void {
    if (!Array.isArray(chunk) || chunk.length !== 2 || chunk[0] !== "custom") return;
    this.endStreamedLine();
    this.emit("output", { category: "console", text: `${JSON.stringify(toPlain(chunk[1]))}\n` });
  }

  /**
   * LLM tokens arrive through a callback handler that listens to LLM events only. LangGraph's
   * "messages" stream mode would do the same but observes every node run as well, which costs
   * every superstep of every run, LLM or not. A plain object: the user's @langchain/core
   * accepts handlers by shape.
   */
  private readonly tokenHandler = {
    name: "langgraph-debugger-tokens",
    ignoreChain: true,
    ignoreAgent: true,
    ignoreRetriever: true,
    ignoreCustomEvent: true,
    // Chat models stream (and so report tokens) only when a handler asks for it.
    lc_prefer_streaming: true,
    handleLLMNewToken: (token: string, _index: unknown, runId: string) => {
      if (typeof token !== "string" || token === "") return;
      if (this.streamingMessage !== undefined && this.streamingMessage !== runId) this.endStreamedLine();
      this.streamingMessage = runId;
      this.emit("output", { category: "stdout", text: token });
    },
    handleLLMEnd: () => this.endStreamedLine(),
  };

  private endStreamedLine(): void {
    if (this.streamingMessage === undefined) return;
    this.streamingMessage = undefined;
    this.emit("output", { category: "stdout", text: "\n" });
  }
}

/** "step 3, before review" — how the user finds a checkpoint again in the Call Stack. */
export function describePosition(snapshot: StateSnapshotLike): string {
  const step = snapshot.metadata?.step ?? "?";
  const next = snapshot.next.filter((node) => !node.startsWith("__"));
  if (next.length > 0) return `step ${step}, before ${next.join(", ")}`;
  if (snapshot.next.length > 0) return `step ${step}, before the input is applied`;
  return `step ${step}, the end`;
}

export function describeError(error: unknown): string {
  const shaped = error as { name?: unknown; message?: unknown; issues?: unknown } | null;
  if (Array.isArray(shaped?.issues)) return describeSchemaIssues(shaped.issues);
  if (typeof shaped?.message === "string") {
    const name = typeof shaped.name === "string" && shaped.name !== "Error" ? `${shaped.name}: ` : "";
    return `${name}${shaped.message}`;
  }
  return String(error);
}

/** Zod issues (from any copy of zod) as "userId: expected string, received number". */
export function describeSchemaIssues(issues: unknown[]): string {
  return issues
    .map((issue) => {
      const { path, message } = issue as { path?: unknown[]; message?: string };
      return `${path && path.length > 0 ? `${path.join(".")}: ` : ""}${message ?? "invalid"}`;
    })
    .join("; ");
}

function errorDetails(error: unknown): string | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  return typeof stack === "string" ? stack : undefined;
}

export type { TaskLike };
