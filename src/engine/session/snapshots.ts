// Read access to a thread's checkpoints through the user's compiled graph (getState), with a
// cache between runs: a checkpoint's values never change, but its tasks gain writes when it runs.

import type { CompiledGraphLike } from "../graphLoader";
import { sessionErrors } from "./sessionErrors";

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
}

export interface RunnableConfigLike {
  configurable?: { thread_id?: string; checkpoint_id?: string; checkpoint_ns?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The compiled graph methods a debug session uses, beyond loading and drawing. */
export interface DebuggableGraph extends CompiledGraphLike {
  getState(config: RunnableConfigLike): Promise<StateSnapshotLike>;
  updateState(config: RunnableConfigLike, values: Record<string, unknown>, asNode?: string): Promise<RunnableConfigLike>;
  _validateContext?: (context: unknown) => Promise<unknown>;
}

const CACHE_LIMIT = 500;

export function checkpointIdOf(config: RunnableConfigLike | undefined): string | undefined {
  return config?.configurable?.checkpoint_id;
}

export class SnapshotReader {
  private readonly cache = new Map<string, StateSnapshotLike>();

  constructor(
    private readonly graph: DebuggableGraph,
    private readonly threadId: string,
  ) {}

  /** The newest checkpoint of the thread (highest id), or undefined before the first run. */
  async latest(): Promise<StateSnapshotLike | undefined> {
    const snapshot = await this.graph.getState({ configurable: { thread_id: this.threadId } });
    const id = checkpointIdOf(snapshot.config);
    if (!id) return undefined;
    this.remember(id, snapshot);
    return snapshot;
  }

  async at(checkpointId: string): Promise<StateSnapshotLike> {
    const cached = this.cache.get(checkpointId);
    if (cached) return cached;
    const snapshot = await this.graph.getState({ configurable: { thread_id: this.threadId, checkpoint_id: checkpointId } });
    if (checkpointIdOf(snapshot.config) !== checkpointId) throw sessionErrors.checkpointNotFound(this.threadId, checkpointId);
    this.remember(checkpointId, snapshot);
    return snapshot;
  }

  async parentOf(snapshot: StateSnapshotLike): Promise<StateSnapshotLike | undefined> {
    const parentId = checkpointIdOf(snapshot.parentConfig);
    return parentId ? this.at(parentId) : undefined;
  }

  private remember(id: string, snapshot: StateSnapshotLike): void {
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
