// One graph debug session: runs a compiled graph on one thread with the injected checkpointer
// and store, and decides where it stops. Stepping and breakpoints use LangGraph's own call-time
// interruptBefore/interruptAfter (NodeFilter), resumes use input null (or Command({ resume })),
// time travel moves the position to a past checkpoint, and continuing from there forks
// (LangGraph replay). No DAP here: the adapter translates these events and methods.
//
// Subgraphs: each subgraph gets the same kind of filters as its own compiled
// interruptBefore/After (subgraphs.ts). A subgraph that stops inside interrupts its parent's
// superstep; resuming the parent with input null resumes the subgraph from its newest checkpoint
// (namespace `node:<task id>`). Stepping stops at boundaries of graphs nested at most `stepDepth`
// deep: Step Over keeps the depth of the position, Step Into adds one, Step Out takes one away.

import type { NodeInfo, StopFilters } from "../../protocol/engine";
import { countHit, parseBreakpoints, type NodeBreakpoint } from "./breakpoints";
import { CheckpointViews } from "./checkpointViews";
import { TypedEmitter, type SessionEvents, type SessionStopEvent } from "./events";
import { NodeFilter } from "./nodeFilter";
import { toPlain } from "./plainValue";
import { sessionErrors } from "./sessionErrors";
import { checkpointIdOf, checkpointNsOf, depthOf, nextNodes, SnapshotReader, type DebuggableGraph, type StateSnapshotLike, type TaskLike } from "./snapshots";
import { nodePathOf, qualify } from "../../protocol/nodePaths";
import { attachSubgraphFilters, listSubgraphs, type PregelLike, type SubgraphInfo } from "./subgraphs";
import type { CommandConstructor } from "./userLangGraph";
import type { NodeBreakpointSpec, NodeBreakpointState, RerunStoreMode } from "../../protocol/engine";
import type { SessionStore } from "./recordingStore";
import { RerunStores } from "./rerunStores";
import { SessionCallRecorder } from "./callRecorder";
import type { ModelPrices, ReplayMode } from "../../protocol/engine";
import type { WorkspaceCallLog } from "../../persistence/calls";
import { runInSession } from "./sessionRun";
import { StreamedOutput } from "./streamedOutput";
import { safeStack } from "./strayErrors";
import { describeError, describeFailure, describePosition, describeStray, errorDetails } from "./sessionDescriptions";

export interface GraphSessionOptions {
  graphId: string;
  threadId: string;
  /** The user's compiled graph, with our checkpointer and store already attached. */
  graph: DebuggableGraph;
  store: SessionStore;
  /** Namespaces the thread's nodes touched (filled by the recording store). */
  touchedNamespaces: Map<string, string[]>;
  Command: CommandConstructor;
  nodes: NodeInfo[];
  context?: Record<string, unknown>;
  config?: { configurable?: Record<string, unknown>; recursionLimit?: number; tags?: string[]; metadata?: Record<string, unknown> };
  /** The engine's id of the session, to tag what user code prints during its runs. */
  sessionId?: string;
  /** Whether models report tokens through tokenRouting.ts; if not, the token handler goes in the run's `callbacks`. */
  tokensRouted?: boolean;
  /** What to do about a node's error when it is a known one (a missing API key, a removed API). */
  adviseOn?: (error: unknown) => string | undefined;
  /** The store a re-run from a past checkpoint uses (rerunStores.ts); default "now". */
  rerunStore?: RerunStoreMode;
  /** Where model, tool and HTTP calls are recorded (the workspace database); none: not recorded. */
  callLog?: WorkspaceCallLog;
  /** Whether re-runs replay recorded calls (callRecorder.ts); default "auto". */
  replay?: ReplayMode;
  /** Prices for the cost of recorded calls (the launch's `modelPrices`). */
  modelPrices?: ModelPrices;
}

type Phase = "idle" | "running" | "stopped" | "terminated";

interface RunningStream {
  abort: AbortController;
  /** The first error the run's code threw outside a node's own call; it ends the run. */
  stray: { error: unknown } | undefined;
}

export class GraphSession extends TypedEmitter<SessionEvents> {
  readonly snapshots: SnapshotReader;
  readonly views: CheckpointViews;
  /** Which store each run uses: the live one, or an overlay of the store as it was. */
  readonly rerunStores: RerunStores;
  /** The model, tool and HTTP calls of this session's runs, recorded and replayed. */
  readonly calls: SessionCallRecorder;
  private phase: Phase = "idle";
  private position: string | undefined;
  /** Stepping stops at superstep boundaries of graphs nested at most this deep (0: the graph itself); undefined when not stepping. */
  private stepDepth: number | undefined;
  private pauseRequested = false;
  private entryPending = false;
  private hasStopped = false;
  private atEnd = false;
  /** The node error the session stopped at, while the position is still there: Continue ends the run with it. */
  private failure: { checkpointId: string; description: string } | undefined;
  private breakpoints: NodeBreakpoint[] = [];
  private filters: StopFilters = { nodeErrors: true, interrupts: true };
  /** Checkpoints the run stopped at, for reverseContinue. */
  private readonly stops = new Set<string>();
  /** Streamed LLM tokens and tool calls, for the Debug Console. */
  private readonly streamed = new StreamedOutput((category, text) => this.emit("output", { category, text }));
  private readonly before = new NodeFilter((node) => this.stopsBefore([], node));
  private readonly after = new NodeFilter((node) => this.hasBreakpoint(node, "after"));
  private readonly subgraphs: SubgraphInfo[];
  /** The stream being consumed, while a run goes on. */
  private running: RunningStream | undefined;

  constructor(private readonly options: GraphSessionOptions) {
    super();
    this.snapshots = new SnapshotReader(options.graph, options.threadId);
    this.rerunStores = new RerunStores(options.store, options.touchedNamespaces, options.rerunStore);
    this.calls = new SessionCallRecorder(options.callLog, options.threadId, options.replay ?? "auto", (text) =>
      this.emit("output", { category: "console", text }),
    );
    this.subgraphs = listSubgraphs(options.graph as PregelLike);
    this.views = new CheckpointViews(
      this.snapshots,
      options.store,
      options.touchedNamespaces,
      options.context ?? {},
      options.graph as PregelLike,
      this.subgraphs,
      (checkpointId) => this.rerunStores.overlayOf(checkpointId),
      () => (options.callLog ? { calls: options.callLog.list(options.threadId), prices: options.modelPrices } : undefined),
    );
    attachSubgraphFilters(this.subgraphs, (paths, when) =>
      when === "before"
        ? new NodeFilter((node) => paths.some((path) => this.stopsBefore(path, node)))
        : new NodeFilter((node) => paths.some((path) => this.hasBreakpoint(qualify(path, node), "after"))),
    );
  }

  get nodes(): readonly NodeInfo[] {
    return this.options.nodes;
  }

  /**
   * Names the graph in every checkpoint this session writes: the workspace checkpointer records
   * `configurable.graph_id` as the metadata's `graph_id`, as LangGraph's API server does.
   */
  private get graphIdConfigurable(): { graph_id: string } {
    return { graph_id: this.options.graphId };
  }

  get graphId(): string {
    return this.options.graphId;
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

  /**
   * Starts the run; resolves once it is under way (stops and the end arrive as events). Without
   * input, a thread that has checkpoints is opened instead: stopped at `checkpointId` (else where
   * it stands), nothing run and nothing written until the user steps, continues or forks.
   */
  run(input: unknown, stopOnEntry: boolean, checkpointId?: string): void {
    if (this.phase !== "idle") throw sessionErrors.sessionBusy("start again");
    this.phase = "running";
    void this.start(input, stopOnEntry, checkpointId).catch((error: unknown) => this.terminate("failed", describeError(error)));
  }

  private async start(input: unknown, stopOnEntry: boolean, checkpointId: string | undefined): Promise<void> {
    if (input === undefined) {
      const opened = checkpointId === undefined ? (await this.snapshots.liveChain()).at(-1) : await this.snapshots.at(checkpointId);
      if (opened) return await this.open(opened, checkpointId !== undefined);
    }
    this.stepDepth = stopOnEntry ? 0 : undefined;
    this.entryPending = stopOnEntry;
    await this.drive(input ?? {}, undefined);
  }

  private async open(snapshot: StateSnapshotLike, chosen: boolean): Promise<void> {
    const id = checkpointIdOf(snapshot.config)!;
    const described = await describePosition(this.snapshots, snapshot);
    const where = chosen ? `at ${described}` : `where it stands, ${described}`;
    const opened = `Opened thread "${this.threadId}" ${where}, without running anything.`;
    const waiting = snapshot.tasks.find((task) => (task.interrupts?.length ?? 0) > 0);
    if (waiting) {
      const text = JSON.stringify(toPlain(snapshot.tasks.flatMap((task) => (task.interrupts ?? []).map((item) => item.value))), null, 2);
      this.stop(
        id,
        "interrupt",
        `${opened} Node "${qualify(nodePathOf(checkpointNsOf(snapshot.config)), waiting.name)}" waits at interrupt() for a human: answer with \`resume <value>\` in the Debug Console.`,
        text,
        undefined,
        true,
      );
    } else if (snapshot.next.length === 0 && depthOf(snapshot) === 0) {
      this.stop(
        id,
        "entry",
        `${opened} The thread has finished here: Continue ends the session; Restart Frame on an earlier checkpoint travels back, and stepping from there forks it.`,
        undefined,
        undefined,
        true,
      );
    } else {
      this.stop(
        id,
        "entry",
        `${opened} Step or Continue runs ${nextNodes(snapshot).join(", ") || "the next superstep"} from here.`,
        undefined,
        undefined,
        true,
      );
    }
  }

  async continue(): Promise<void> {
    const position = await this.stoppedAt("continue");
    // At a node error, Continue ends the run with it, as an uncaught exception ends a program:
    // running the node again is Retry Node.
    const failure = this.failure;
    if (failure && failure.checkpointId === this.position) {
      this.terminate("failed", failure.description);
      return;
    }
    // A subgraph with nothing left still returns to its parent; only the top graph ends.
    if (depthOf(position) === 0 && (this.atEnd || position.next.length === 0)) {
      this.terminate("finished");
      return;
    }
    this.assertNoPendingInterrupt(position);
    await this.runFrom(position, undefined);
  }

  /** Retry Node: at a node error, runs the failed superstep again and stops after it (or at the error again). */
  async retry(): Promise<void> {
    const position = await this.stoppedAt("retry the node");
    if (this.failure?.checkpointId !== this.position) throw sessionErrors.nothingToRetry(this.threadId);
    await this.runFrom(position, depthOf(position));
  }

  /** Step Over: one superstep of the graph the position is in (a subgraph node runs whole). */
  async next(): Promise<void> {
    const position = await this.stoppedAt("step");
    await this.stepFrom(position, depthOf(position));
  }

  /** Step Into: when the next superstep runs a subgraph, stop at its first boundary inside; else Step Over. */
  async stepIn(): Promise<void> {
    const position = await this.stoppedAt("step into");
    await this.stepFrom(position, depthOf(position) + (this.runsSubgraph(position) ? 1 : 0));
  }

  /** Step Out: run until the subgraph of the position returns to its parent; at the top, Continue. */
  async stepOut(): Promise<void> {
    const position = await this.stoppedAt("step out");
    const depth = depthOf(position);
    if (depth === 0) return this.continue();
    await this.stepFrom(position, depth - 1);
  }

  async resume(value: unknown): Promise<void> {
    const position = await this.stoppedAt("resume");
    if (!position.tasks.some((task) => (task.interrupts?.length ?? 0) > 0)) throw sessionErrors.notInterrupted(this.threadId);
    await this.runFrom(position, undefined, new this.options.Command({ resume: value }));
  }

  pause(): void {
    if (this.phase === "running") this.pauseRequested = true;
  }

  async stepBack(): Promise<void> {
    const position = await this.stoppedAt("step back");
    // Out of a subgraph at its first checkpoint: back to the parent's checkpoint that ran it.
    const previous = await this.snapshots.previousOf(position);
    if (!previous) {
      this.stop(this.position!, "step", "Already at the first checkpoint of the thread.");
      return;
    }
    this.stop(checkpointIdOf(previous.config)!, "step", `Stepped back to ${await describePosition(this.snapshots, previous)}.`);
  }

  /** Back along the lineage to the previous stop, a checkpoint before a breakpoint node, or the first checkpoint. */
  async reverseContinue(): Promise<void> {
    let snapshot = await this.stoppedAt("reverse continue");
    let parent = await this.snapshots.previousOf(snapshot);
    while (parent) {
      snapshot = parent;
      const id = checkpointIdOf(snapshot.config)!;
      const next = nextNodes(snapshot);
      const hit = this.breakpoints.filter((breakpoint) => breakpoint.when === "before" && next.includes(breakpoint.node));
      if (hit.length > 0 || this.stops.has(id)) {
        this.stop(
          id,
          hit.length > 0 ? "breakpoint" : "step",
          `Back at ${await describePosition(this.snapshots, snapshot)}.`,
          undefined,
          hit.map((breakpoint) => breakpoint.id),
        );
        return;
      }
      parent = await this.snapshots.previousOf(snapshot);
    }
    this.stop(checkpointIdOf(snapshot.config)!, "step", `Back at the first checkpoint: ${await describePosition(this.snapshots, snapshot)}.`);
  }

  /** Time travel: the checkpoint becomes the position; continuing from it forks. */
  async goto(checkpointId: string): Promise<void> {
    await this.stoppedAt("travel in time");
    const snapshot = await this.snapshots.at(checkpointId);
    this.stop(checkpointId, "goto", `Travelled to ${await describePosition(this.snapshots, snapshot)}. Continue or Step from here forks the thread.`);
  }

  /** After an edit wrote a new checkpoint (updateState), the fork is the position. */
  async movedToFork(checkpointId: string, what: string): Promise<void> {
    // The edit changed the thread: what was read before (the live chain, tasks) may be stale.
    this.snapshots.clear();
    const snapshot = await this.snapshots.at(checkpointId);
    this.stop(checkpointId, "fork", `${what}: forked the thread at ${await describePosition(this.snapshots, snapshot)}.`);
  }

  /** A line in the Debug Console. */
  say(text: string): void {
    this.emit("output", { category: "console", text });
  }

  close(): void {
    if (this.phase !== "terminated") this.terminate("closed");
  }

  private async stepFrom(position: StateSnapshotLike, depth: number): Promise<void> {
    if (depthOf(position) === 0 && position.next.length === 0) {
      this.stop(this.position!, "end", "The graph has finished: nothing left to run from this checkpoint.");
      return;
    }
    this.assertNoPendingInterrupt(position);
    await this.runFrom(position, depth);
  }

  /**
   * Runs from the position: from the thread's newest checkpoint (or a subgraph's, which the
   * parent resumes) it goes on; from the past it forks (LangGraph replay).
   */
  private async runFrom(position: StateSnapshotLike, stepDepth: number | undefined, input: unknown = null): Promise<void> {
    const live = await this.snapshots.liveChain();
    const isLive = (snapshot: StateSnapshotLike) => live.some((candidate) => checkpointIdOf(candidate.config) === checkpointIdOf(snapshot.config));
    const { store, announce } = this.rerunStores.storeForRun(position, !isLive(position), live[0] && checkpointIdOf(live[0].config));
    this.options.graph.store = store;
    if (announce) this.emit("output", { category: "console", text: announce });
    let from: string | undefined = this.position;
    if (isLive(position)) {
      from = undefined;
    } else if (depthOf(position) > 0) {
      from = await this.forkInsideSubgraph(position, isLive);
    }
    this.stepDepth = stepDepth;
    void this.drive(input, from);
  }

  /**
   * A past checkpoint inside a subgraph. LangGraph resumes a subgraph only from its newest
   * checkpoint and replays only from the top graph's, so: while the subgraph is still running
   * (its caller is live), updateState(asNode "__copy__") copies the checkpoint as the subgraph's
   * newest (source "fork") and the parent resumes it; otherwise the run forks at the top
   * checkpoint whose superstep ran the subgraph, which then runs again from its start.
   * Returns the checkpoint to run from (undefined: the thread's newest).
   */
  private async forkInsideSubgraph(position: StateSnapshotLike, isLive: (snapshot: StateSnapshotLike) => boolean): Promise<string | undefined> {
    const caller = await this.snapshots.callerOf(position);
    if (caller && isLive(caller)) {
      try {
        const copy = await this.options.graph.updateState(
          { ...position.config, configurable: { ...position.config.configurable, ...this.graphIdConfigurable } },
          null,
          "__copy__",
        );
        this.snapshots.noteConfig(copy);
      } catch (error) {
        throw sessionErrors.userCodeFailed(`Forking ${await describePosition(this.snapshots, position)}`, error);
      }
      return undefined;
    }
    let top: StateSnapshotLike = position;
    for (let outer = caller; outer; outer = await this.snapshots.callerOf(top)) top = outer;
    this.emit("output", {
      category: "console",
      text: `${await describePosition(this.snapshots, position)} belongs to a subgraph that has returned; LangGraph replays from the top graph's checkpoints, so this forks at ${await describePosition(this.snapshots, top)} and the subgraph runs again from its start.\n`,
    });
    return checkpointIdOf(top.config);
  }

  /** Whether the next superstep at the position runs a subgraph node. */
  private runsSubgraph(position: StateSnapshotLike): boolean {
    const path = nodePathOf(checkpointNsOf(position.config));
    return this.subgraphs.some(
      (subgraph) =>
        subgraph.path.length === path.length + 1 && subgraph.path.slice(0, -1).join(":") === path.join(":") && position.next.includes(subgraph.path.at(-1)!),
    );
  }

  /** The `before` filters of every graph level: stepping at this depth, a pause, or a breakpoint. */
  private stopsBefore(path: readonly string[], node: string): boolean {
    const stepping = this.stepDepth !== undefined && path.length <= this.stepDepth;
    // Asked at every superstep: a run without breakpoints must not pay for naming the node.
    return stepping || this.pauseRequested || (this.breakpoints.length > 0 && this.hasBreakpoint(qualify(path, node), "before"));
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
    const abort = new AbortController();
    this.running = { abort, stray: undefined };
    const run = this.running;
    this.calls.startRun();
    try {
      const consume = async () => {
        const stream = await this.options.graph.stream(input, { ...this.runConfig(fromCheckpoint), signal: abort.signal });
        for await (const chunk of stream) this.onChunk(chunk);
      };
      await runInSession(
        {
          sessionId: this.options.sessionId,
          tokens: this.streamed.handler,
          fail: (error) => this.failRun(run, error),
          ...(this.calls.handlesCalls ? { calls: this.calls } : {}),
        },
        consume,
      );
    } catch (error) {
      failure = error;
    }
    this.running = undefined;
    // The stray error is the cause; LangGraph's abort error only says the run was stopped for it.
    if (run.stray) failure = run.stray.error;
    this.streamed.endLine();
    try {
      await this.calls.flush();
      this.rerunStores.noteWritten(await this.snapshots.liveChain());
      await this.decideStop(failure, run.stray !== undefined);
    } catch (error) {
      this.terminate("failed", `The debugger could not read the thread's state after the run: ${describeError(error)}`);
    }
  }

  /**
   * An error the run's code threw from a timer or left in a rejected promise (strayErrors.ts):
   * while the run goes on it stops it and the run fails with it; after the run it can only be
   * shown.
   */
  private failRun(run: RunningStream, error: unknown): void {
    if (this.running === run && run.stray === undefined) {
      run.stray = { error };
      run.abort.abort();
      return;
    }
    this.emit("output", { category: "stderr", text: `The graph's code threw after its run (from a timer or a rejected promise): ${safeStack(error)}\n` });
  }

  private runConfig(fromCheckpoint: string | undefined): Record<string, unknown> {
    const { configurable, ...rest } = this.options.config ?? {};
    return {
      ...rest,
      configurable: { ...configurable, ...this.graphIdConfigurable, thread_id: this.threadId, ...(fromCheckpoint ? { checkpoint_id: fromCheckpoint } : {}) },
      context: this.options.context,
      interruptBefore: this.before,
      interruptAfter: this.after,
      ...(this.options.tokensRouted ? {} : { callbacks: [this.streamed.handler] }),
      streamMode: ["custom"],
    };
  }

  private async decideStop(failure: unknown, stray: boolean): Promise<void> {
    if (this.phase === "terminated") return;
    // Where the run stands: the newest checkpoint, or inside the subgraph that stopped there.
    const chain = await this.snapshots.liveChain();
    const head = chain[0];
    const here = chain.at(-1);
    if (failure !== undefined) {
      const described = stray ? describeStray(failure, here ? await describePosition(this.snapshots, here) : undefined) : describeFailure(failure, chain);
      const advice = this.options.adviseOn?.(failure);
      const description = advice ? `${described}${/[.!?]$/.test(described) ? "" : "."} ${advice}` : described;
      if (this.filters.nodeErrors && here) this.stop(checkpointIdOf(here.config)!, "exception", description, errorDetails(failure));
      else this.terminate("failed", description);
      return;
    }
    if (!head || !here) {
      this.terminate("finished");
      return;
    }
    const headId = checkpointIdOf(head.config)!;
    const hereId = checkpointIdOf(here.config)!;
    const waiting = here.tasks.filter((task) => (task.interrupts?.length ?? 0) > 0);
    if (waiting.length > 0) {
      const text = JSON.stringify(toPlain(waiting.flatMap((task) => (task.interrupts ?? []).map((item) => item.value))), null, 2);
      const description = `Node "${qualify(nodePathOf(checkpointNsOf(here.config)), waiting[0]!.name)}" called interrupt() and waits for a human: answer with \`resume <value>\` in the Debug Console.`;
      if (this.filters.interrupts) this.stop(hereId, "interrupt", description, text);
      else this.terminate("finished", `${description} The "interrupts" stop filter is off, so the session ends here; thread "${this.threadId}" keeps waiting.`);
      return;
    }
    if (head.next.length === 0) {
      if (this.hasStopped || this.stepDepth !== undefined || this.pauseRequested)
        this.stop(
          headId,
          "end",
          `The graph has finished: ${await describePosition(this.snapshots, head)}. Continue ends the session; Step Back or time travel to fork it.`,
        );
      else this.terminate("finished");
      return;
    }
    if (this.entryPending) {
      this.entryPending = false;
      this.stop(hereId, "entry", `Stopped on entry, ${await describePosition(this.snapshots, here)}.`);
      return;
    }
    if (this.pauseRequested) return this.stop(hereId, "pause", `Paused ${await describePosition(this.snapshots, here)}.`);
    // Deeper than stepping goes: a breakpoint inside a subgraph stopped it.
    if (this.stepDepth !== undefined && depthOf(here) <= this.stepDepth)
      return this.stop(hereId, "step", `Stepped to ${await describePosition(this.snapshots, here)}.`);

    const hit = await this.matchBreakpoints(here);
    if (hit.stop) {
      this.stop(hereId, "breakpoint", hit.description, hit.text, hit.ids);
      return;
    }
    // Stopped for a breakpoint whose condition or hit count said no: carry on from here.
    void this.drive(null, undefined);
  }

  private async matchBreakpoints(head: StateSnapshotLike): Promise<{ stop: boolean; ids: number[]; description: string; text?: string }> {
    const parent = await this.snapshots.parentOf(head);
    const ran = parent ? nextNodes(parent) : [];
    const next = nextNodes(head);
    const candidates = this.breakpoints.filter((breakpoint) => (breakpoint.when === "before" ? next.includes(breakpoint.node) : ran.includes(breakpoint.node)));
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
    return { stop: ids.length > 0, ids, description: `Breakpoint ${labels.join(", ")}: ${await describePosition(this.snapshots, head)}.`, text };
  }

  private stop(checkpointId: string, reason: SessionStopEvent["reason"], description: string, text?: string, breakpointIds?: number[], opened = false): void {
    this.phase = "stopped";
    this.failure = reason === "exception" ? { checkpointId, description } : undefined;
    this.position = checkpointId;
    this.hasStopped = true;
    this.pauseRequested = false;
    this.atEnd = reason === "end";
    if (reason !== "goto" && reason !== "fork") this.stops.add(checkpointId);
    this.views.clearEvaluations();
    const checkpointNs = this.snapshots.namespaceOf(checkpointId);
    this.emit("stopped", {
      reason,
      checkpointId,
      ...(checkpointNs ? { checkpointNs } : {}),
      description,
      ...(text ? { text } : {}),
      ...(breakpointIds?.length ? { breakpointIds } : {}),
      ...(opened ? { opened } : {}),
    });
  }

  private terminate(reason: SessionEvents["terminated"]["reason"], message?: string): void {
    this.phase = "terminated";
    const unapplied = this.rerunStores.unappliedNote();
    if (unapplied) this.emit("output", { category: "console", text: unapplied });
    this.emit("terminated", { reason, ...(message ? { message } : {}) });
  }

  /** `[mode, payload]` from streamMode ["custom"]: what nodes write with `config.writer`. */
  private onChunk(chunk: unknown): void {
    if (!Array.isArray(chunk) || chunk.length !== 2) return;
    // A graph on a LangGraph server streams its models' answers as chunks (serverGraph.ts).
    if (chunk[0] === "tokens") {
      const { run, text } = chunk[1] as { run: string; text: string };
      this.streamed.token(run, text);
      return;
    }
    if (chunk[0] !== "custom") return;
    this.streamed.endLine();
    this.emit("output", { category: "console", text: `${JSON.stringify(toPlain(chunk[1]))}\n` });
  }
}

export type { TaskLike };
