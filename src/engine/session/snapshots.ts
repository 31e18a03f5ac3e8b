// Read access to a thread's checkpoints through the user's compiled graph (getState), with a
// cache between runs: a checkpoint's values never change, but its tasks gain writes when it runs.
// Checkpoints of subgraphs live in the same thread under their own checkpoint namespace; the
// reader remembers each checkpoint's namespace, so the rest of the session names any checkpoint
// by its id alone.

import type { CompiledGraphLike } from "../graphLoader";
import { sessionErrors } from "./sessionErrors";
import { enclosingNs, nodePathOf, qualify } from "../../protocol/nodePaths";

/** LangGraph's StateSnapshot, as far as the session reads it. */
export interface StateSnapshotLike {
  values: Record<string, unknown>;
  next: string[];
  tasks: TaskLike[];
  metadata?: { source?: string; step?: number; [key: string]: unknown };
  config: RunnableConfigLike;
  parentConfig?: RunnableConfigLike;
  createdAt?: string;
}

export interface TaskLike {
  id: string;
  name: string;
  error?: unknown;
  interrupts?: Array<{ id?: string; value?: unknown }>;
  result?: unknown;
  path?: unknown[];
  /** With getState({ subgraphs: true }): the subgraph's own snapshot when the task runs one. */
  state?: unknown;
}

export interface RunnableConfigLike {
  configurable?: { thread_id?: string; checkpoint_id?: string; checkpoint_ns?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The compiled graph methods a debug session uses, beyond loading and drawing. */
export interface DebuggableGraph extends CompiledGraphLike {
  getState(config: RunnableConfigLike, options?: { subgraphs?: boolean }): Promise<StateSnapshotLike>;
  updateState(config: RunnableConfigLike, values: Record<string, unknown> | null, asNode?: string): Promise<RunnableConfigLike>;
  _validateContext?: (context: unknown) => Promise<unknown>;
}

const CACHE_LIMIT = 500;

export function checkpointIdOf(config: RunnableConfigLike | undefined): string | undefined {
  return config?.configurable?.checkpoint_id;
}

/** "" for the graph itself, `polish:<task id>` for a checkpoint of the `polish` subgraph. */
export function checkpointNsOf(config: RunnableConfigLike | undefined): string {
  return config?.configurable?.checkpoint_ns ?? "";
}

/** The nodes the next superstep runs, as the user names them (`polish:tidy` inside `polish`). */
export function nextNodes(snapshot: StateSnapshotLike): string[] {
  const path = nodePathOf(checkpointNsOf(snapshot.config));
  return snapshot.next.filter((node) => !node.startsWith("__")).map((node) => qualify(path, node));
}

/** 0 for the graph's own checkpoints, 1 inside a subgraph, 2 inside a subgraph's subgraph. */
export function depthOf(snapshot: StateSnapshotLike): number {
  return nodePathOf(checkpointNsOf(snapshot.config)).length;
}

function isSnapshot(value: unknown): value is StateSnapshotLike {
  return (
    typeof value === "object" && value !== null && Array.isArray((value as StateSnapshotLike).next) && typeof (value as StateSnapshotLike).config === "object"
  );
}

export class SnapshotReader {
  private readonly cache = new Map<string, StateSnapshotLike>();
  /** Checkpoint id → namespace, for checkpoints of subgraphs (ids are unique in a thread). */
  private readonly namespaces = new Map<string, string>();

  constructor(
    private readonly graph: DebuggableGraph,
    private readonly threadId: string,
  ) {}

  /**
   * The newest checkpoint of the thread, then, while its next superstep is a subgraph that
   * stopped inside (an interrupt before or after one of its nodes), that subgraph's newest
   * checkpoint, and so on down: where a run that stopped really stands is the last one.
   */
  async liveChain(): Promise<StateSnapshotLike[]> {
    const head = await this.graph.getState({ configurable: { thread_id: this.threadId } }, { subgraphs: true });
    if (!checkpointIdOf(head.config)) return [];
    const chain = [head];
    for (let snapshot: StateSnapshotLike | undefined = head; snapshot;) {
      this.remember(checkpointIdOf(snapshot.config)!, snapshot);
      const pending: StateSnapshotLike = snapshot;
      // A subgraph that has not started yet has no checkpoint in its namespace: nothing to enter.
      const inner = pending.tasks
        .filter((task) => pending.next.includes(task.name) && task.result === undefined)
        .map((task) => task.state)
        .find((state): state is StateSnapshotLike => isSnapshot(state) && checkpointIdOf(state.config) !== undefined);
      if (inner) chain.push(inner);
      snapshot = inner;
    }
    return chain;
  }

  async at(checkpointId: string): Promise<StateSnapshotLike> {
    const cached = this.cache.get(checkpointId);
    if (cached) return cached;
    const ns = this.namespaces.get(checkpointId);
    const snapshot = await this.graph.getState({
      configurable: { thread_id: this.threadId, ...(ns ? { checkpoint_ns: ns } : {}), checkpoint_id: checkpointId },
    });
    if (checkpointIdOf(snapshot.config) !== checkpointId) throw sessionErrors.checkpointNotFound(this.threadId, checkpointId);
    this.remember(checkpointId, snapshot);
    return snapshot;
  }

  /** The previous checkpoint in the same graph (a subgraph's first one has none). */
  async parentOf(snapshot: StateSnapshotLike): Promise<StateSnapshotLike | undefined> {
    const parentId = checkpointIdOf(snapshot.parentConfig);
    if (!parentId) return undefined;
    this.noteNamespace(parentId, checkpointNsOf(snapshot.parentConfig) || checkpointNsOf(snapshot.config));
    return this.at(parentId);
  }

  /**
   * For a subgraph's checkpoint: the checkpoint of the enclosing graph whose superstep runs the
   * subgraph (LangGraph records it in the checkpoint's metadata `parents`). Undefined at the top.
   */
  async callerOf(snapshot: StateSnapshotLike): Promise<StateSnapshotLike | undefined> {
    const ns = checkpointNsOf(snapshot.config);
    if (!ns) return undefined;
    const outer = enclosingNs(ns);
    const parents = (snapshot.metadata?.parents ?? snapshot.config.configurable?.checkpoint_map ?? {}) as Record<string, unknown>;
    const callerId = parents[outer];
    if (typeof callerId !== "string") return undefined;
    this.noteNamespace(callerId, outer);
    return this.at(callerId);
  }

  /** Parent, else caller: one step back along the lineage, out of a subgraph at its start. */
  async previousOf(snapshot: StateSnapshotLike): Promise<StateSnapshotLike | undefined> {
    return (await this.parentOf(snapshot)) ?? (await this.callerOf(snapshot));
  }

  /** "" for the graph's own checkpoints, the namespace of a subgraph's. */
  namespaceOf(checkpointId: string): string {
    return this.namespaces.get(checkpointId) ?? "";
  }

  /** Learns where a checkpoint another part of the session wrote (updateState) lives. */
  noteConfig(config: RunnableConfigLike | undefined): void {
    const id = checkpointIdOf(config);
    if (id) this.noteNamespace(id, checkpointNsOf(config));
  }

  private noteNamespace(id: string, ns: string): void {
    if (ns) this.namespaces.set(id, ns);
  }

  private remember(id: string, snapshot: StateSnapshotLike): void {
    this.noteNamespace(id, checkpointNsOf(snapshot.config));
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(id, snapshot);
  }

  /**
   * Called whenever the graph runs: the tasks of the checkpoint it ran from gain `result`,
   * `error` or `interrupts` (pending writes), so what was read before may be stale.
   */
  clear(): void {
    this.cache.clear();
  }
}
