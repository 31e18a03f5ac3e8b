// What the Variables view, watches and hovers see of one checkpoint: its scopes as plain values
// (built once per checkpoint and kept for the next few requests), the sandbox expressions run
// in, and evaluation results the user can expand until the next stop.

import type { ScopeKind, VariableEntry } from "../../protocol/engine";
import { isInternalKey, toPlain, type Plain } from "./plainValue";
import type { SessionStore } from "./recordingStore";
import { ExpressionSandbox } from "./sandbox";
import { checkpointIdOf, checkpointNsOf, type SnapshotReader, type StateSnapshotLike, type TaskLike } from "./snapshots";
import { nodePathOf } from "../../protocol/nodePaths";
import type { PregelLike, SubgraphInfo } from "./subgraphs";
import { childEntries, describeEntry, preview, valueAt } from "./variables";
import { callsScope, type CallSource } from "./callsScope";

type CheckpointScope = Exclude<ScopeKind, "evaluation" | "store">;

/** Checkpoints whose plain views stay in memory (the stop and the frames around it). */
const VIEW_LIMIT = 8;

interface CheckpointView {
  scopes: Partial<Record<CheckpointScope, Plain>>;
  sandbox?: ExpressionSandbox;
  /** The Writes scope's group of store writes: its name and, by entry name, what each write did. */
  storeWrites?: { name: string; changes: Map<string, string> };
  /** The Calls scope's entries: the id of the recorded call each shows. */
  callIds?: Map<string, string>;
}

/** The Writes scope's store group on a store that keeps no history (Postgres, a server). */
export const STORE_WRITES_NOT_KEPT = "store writes are recorded in the workspace database only";

export class CheckpointViews {
  private readonly views = new Map<string, CheckpointView>();
  private readonly evaluations = new Map<number, Plain>();
  private nextHandle = 1;

  constructor(
    private readonly snapshots: SnapshotReader,
    private readonly store: SessionStore,
    private readonly touchedNamespaces: Map<string, string[]>,
    private readonly context: Record<string, unknown>,
    private readonly graph: PregelLike,
    private readonly subgraphs: readonly SubgraphInfo[],
    /** The store overlay a re-run wrote the checkpoint against (rerunStores.ts): its Store scope shows it. */
    private readonly overlayOf: (checkpointId: string) => SessionStore | undefined = () => undefined,
    /** The thread's recorded calls, for the Calls scope (callsScope.ts). */
    private readonly recordedCalls: CallSource = () => undefined,
  ) {}

  /** The recorded call a Calls scope entry shows, once the scope was listed. */
  callIdOf(checkpointId: string, entry: string): string | undefined {
    return this.views.get(checkpointId)?.callIds?.get(entry);
  }

  clear(): void {
    this.views.clear();
  }

  clearEvaluations(): void {
    this.evaluations.clear();
  }

  async variables(checkpointId: string, scope: ScopeKind, path: Array<string | number>, handle?: number): Promise<VariableEntry[]> {
    if (scope === "evaluation") return childEntries(valueAt(this.evaluations.get(handle ?? -1) ?? null, path), false);
    if (scope === "store") return this.storeEntries(checkpointId, path);
    const entries = childEntries(valueAt(await this.scope(checkpointId, scope), path), scope === "state");
    const group = scope === "writes" ? this.view(checkpointId).storeWrites : undefined;
    if (group !== undefined && path.length === 0) {
      for (const entry of entries) if (entry.name === group.name) entry.value = countOf(group.changes.size, "store write");
    }
    if (group !== undefined && path.length === 1 && path[0] === group.name) {
      for (const entry of entries) entry.value = group.changes.get(entry.name) ?? entry.value;
    }
    return entries;
  }

  /** Store items are listed as they were at the checkpoint; one changed since also shows its value now. */
  private async storeEntries(checkpointId: string, path: Array<string | number>): Promise<VariableEntry[]> {
    const { root, now } = await this.storeScope(checkpointId);
    const entries = childEntries(valueAt(root, path), path.length >= 1);
    if (path.length !== 1) return entries;
    for (const entry of entries) {
      const changed = now.get(`${String(path[0])}\u0000${entry.name}`);
      if (changed !== undefined) entry.value = `${entry.value} · now: ${changed}`;
    }
    return entries;
  }

  async scope(checkpointId: string, scope: CheckpointScope): Promise<Plain> {
    const view = this.view(checkpointId);
    const cached = view.scopes[scope];
    if (cached !== undefined) return cached;
    const snapshot = await this.snapshots.at(checkpointId);
    const value = await this.build(snapshot, scope, view);
    view.scopes[scope] = value;
    return value;
  }

  async sandbox(checkpointId: string): Promise<ExpressionSandbox> {
    const view = this.view(checkpointId);
    if (!view.sandbox) {
      const [state, config, next] = await Promise.all([
        this.scope(checkpointId, "state"),
        this.scope(checkpointId, "config"),
        this.scope(checkpointId, "next"),
      ]);
      const configView = config as Record<string, Plain>;
      view.sandbox = new ExpressionSandbox({
        state: state as Record<string, Plain>,
        context: toPlain(this.context),
        config: configView.config ?? null,
        metadata: configView.metadata ?? null,
        // Task inputs repeat the state: the sandbox already has it, so it is not copied again.
        next: withoutInputs(next),
      });
    }
    return view.sandbox;
  }

  async evaluate(checkpointId: string, expression: string): Promise<VariableEntry & { handle?: number }> {
    const value = (await this.sandbox(checkpointId)).evaluate(expression);
    const entry = describeEntry(expression, value, false);
    if (!entry.expandable) return entry;
    const handle = this.nextHandle++;
    this.evaluations.set(handle, value);
    return { ...entry, handle };
  }

  /**
   * The Store at a checkpoint: every namespace the thread's nodes touched, as it was when the
   * checkpoint was written (the workspace database keeps earlier versions of its items; another
   * store shows itself as it is now). `now`: for each item changed since (`<namespace>\0<key>`),
   * a preview of its value now, or "deleted".
   */
  async storeScope(checkpointId: string): Promise<{ root: Record<string, Plain>; now: Map<string, string> }> {
    const root: Record<string, Plain> = {};
    const now = new Map<string, string>();
    const store = this.overlayOf(checkpointId) ?? this.store;
    const createdAt = store.namespaceAsOf ? Date.parse((await this.snapshots.at(checkpointId)).createdAt ?? "") : NaN;
    for (const namespace of this.touchedNamespaces.values()) {
      const label = namespace.join("/");
      const byKey: Record<string, Plain> = {};
      if (store.namespaceAsOf && !Number.isNaN(createdAt)) {
        for (const { key, then, changed, now: current } of await store.namespaceAsOf(namespace, new Date(createdAt))) {
          byKey[key] = toPlain(then.value);
          if (changed) now.set(`${label}\u0000${key}`, current ? preview(toPlain(current.value)) : "deleted");
        }
      } else {
        for (const item of await store.search(namespace, { limit: 100 })) {
          if (item.namespace.join("/") === label) byKey[item.key] = toPlain(item.value);
        }
      }
      root[label] = byKey;
    }
    return { root, now };
  }

  private view(checkpointId: string): CheckpointView {
    let view = this.views.get(checkpointId);
    if (!view) {
      if (this.views.size >= VIEW_LIMIT) this.views.delete(this.views.keys().next().value as string);
      view = { scopes: {} };
      this.views.set(checkpointId, view);
    }
    return view;
  }

  private async build(snapshot: StateSnapshotLike, scope: CheckpointScope, view: CheckpointView): Promise<Plain> {
    switch (scope) {
      case "state":
        return toPlain(snapshot.values);
      case "next":
        return this.tasksView(snapshot);
      case "writes": {
        // What produced this checkpoint: the results of the tasks that ran from its parent.
        const parent = await this.snapshots.parentOf(snapshot);
        const writes: Record<string, Plain> = {};
        for (const task of parent?.tasks ?? []) writes[uniqueKey(writes, task.name)] = task.result === undefined ? null : toPlain(task.result);
        // Only a checkpoint its nodes' writes made: an edit or a replay of the parent copies it, no node ran.
        if (parent !== undefined && snapshot.metadata?.source === "loop") await this.addStoreWrites(writes, view, snapshot, checkpointIdOf(parent.config));
        return writes;
      }
      case "calls": {
        const { value, callIds } = callsScope(this.recordedCalls, checkpointIdOf(snapshot.config)!);
        view.callIds = callIds;
        return value;
      }
      case "context":
        return toPlain(this.context);
      case "config":
        return toPlain({
          config: snapshot.config,
          parentConfig: snapshot.parentConfig,
          metadata: withoutInternals(snapshot.metadata),
          createdAt: snapshot.createdAt,
          checkpoint_id: checkpointIdOf(snapshot.config),
        });
    }
  }

  /**
   * The store writes of the step that made `snapshot` (those its nodes made running from
   * `parentId`), as a `store` group of the Writes scope: `["memories","1"] / <key>` with the
   * version before and after each. The values shown for the group and its entries (how many,
   * added / changed / deleted) are kept on the view for variables().
   */
  private async addStoreWrites(writes: Record<string, Plain>, view: CheckpointView, snapshot: StateSnapshotLike, parentId: string | undefined): Promise<void> {
    const threadId = snapshot.config.configurable?.thread_id;
    if (parentId === undefined || (typeof threadId !== "string" && typeof threadId !== "number")) return;
    const name = uniqueKey(writes, "store");
    if (!this.store.stepWrites) {
      writes[name] = STORE_WRITES_NOT_KEPT;
      return;
    }
    const found = await this.store.stepWrites(String(threadId), parentId);
    if (found.length === 0) return;
    const group: Record<string, Plain> = {};
    const changes = new Map<string, string>();
    for (const { namespace, key, change, before, after } of found) {
      const entry = `${JSON.stringify(namespace)} / ${key}`;
      group[entry] = {
        ...(before !== undefined ? { before: toPlain(before.value) } : {}),
        ...(after.deleted ? {} : { after: toPlain(after.value) }),
      };
      changes.set(entry, after.deleted ? change : `${change} · ${preview(toPlain(after.value), 80)}`);
    }
    writes[name] = group;
    view.storeWrites = { name, changes };
  }

  /** Each pending task: its node, what the node will receive (`input`), and what it left behind. */
  private async tasksView(snapshot: StateSnapshotLike): Promise<Plain> {
    const tasks: Record<string, Plain> = {};
    if (snapshot.tasks.length === 0) return tasks;
    // Shares the State scope's plain values: a large state is converted once, expanded lazily.
    const state = (await this.scope(checkpointIdOf(snapshot.config)!, "state")) as Record<string, Plain>;
    const sends = snapshot.tasks.some(isSendTask) ? await this.sendArguments(snapshot) : [];
    for (const task of snapshot.tasks) {
      const input = isSendTask(task) ? sends[Number(task.path![1])] : this.nodeInput(snapshot, task.name, state);
      tasks[uniqueKey(tasks, task.name)] = {
        ...(toPlain({ id: task.id, name: task.name }) as Record<string, Plain>),
        ...(input !== undefined ? { input } : {}),
        ...(toPlain({
          ...(task.interrupts?.length ? { interrupts: task.interrupts.map((item) => item.value) } : {}),
          ...(task.error !== undefined && task.error !== null ? { error: task.error } : {}),
          ...(task.result !== undefined ? { result: task.result } : {}),
        }) as Record<string, Plain>),
      };
    }
    return tasks;
  }

  /** A regular node reads the channels LangGraph lists for it (the whole state, unless it declares an input schema). */
  private nodeInput(snapshot: StateSnapshotLike, node: string, state: Record<string, Plain>): Plain {
    const path = nodePathOf(checkpointNsOf(snapshot.config));
    const graph = path.length === 0 ? this.graph : this.subgraphs.find((subgraph) => subgraph.path.join(":") === path.join(":"))?.graph;
    const channels = (graph?.nodes?.[node] as { channels?: unknown } | undefined)?.channels;
    if (typeof channels !== "object" || channels === null || Array.isArray(channels)) return state;
    const input: Record<string, Plain> = {};
    for (const [key, channel] of Object.entries(channels as Record<string, unknown>)) {
      if (typeof channel === "string" && channel in state) input[key] = state[channel]!;
    }
    return input;
  }

  /**
   * The arguments of the Send objects a checkpoint holds: LangGraph keeps them in its internal
   * `__pregel_tasks` channel, which getState leaves out, so they are read from the checkpointer.
   * A Send task's path is [PUSH, index into that list].
   */
  private async sendArguments(snapshot: StateSnapshotLike): Promise<Plain[]> {
    const checkpointer = (
      this.graph as { checkpointer?: { getTuple?: (config: unknown) => Promise<{ checkpoint?: { channel_values?: Record<string, unknown> } } | undefined> } }
    ).checkpointer;
    const tuple = await checkpointer?.getTuple?.({ configurable: { ...snapshot.config.configurable } });
    const sends = tuple?.checkpoint?.channel_values?.[TASKS_CHANNEL];
    if (!Array.isArray(sends)) return [];
    return sends.map((send) => toPlain((send as { args?: unknown } | null)?.args ?? null));
  }
}

function withoutInputs(tasks: Plain): Plain {
  if (tasks === null || typeof tasks !== "object" || Array.isArray(tasks)) return tasks;
  return Object.fromEntries(
    Object.entries(tasks).map(([name, task]) => {
      if (task === null || typeof task !== "object" || Array.isArray(task)) return [name, task];
      const { input: _input, ...rest } = task;
      return [name, rest];
    }),
  );
}

/** LangGraph's channel of pending Send packets (its TASKS constant). */
const TASKS_CHANNEL = "__pregel_tasks";

/** Tasks started by a Send: path ["__pregel_push", index]. */
function isSendTask(task: TaskLike): boolean {
  return Array.isArray(task.path) && task.path[0] === "__pregel_push" && typeof task.path[1] === "number";
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function uniqueKey(record: Record<string, unknown>, name: string): string {
  if (!(name in record)) return name;
  let index = 2;
  while (`${name} #${index}` in record) index += 1;
  return `${name} #${index}`;
}

function withoutInternals(metadata: StateSnapshotLike["metadata"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([key]) => !isInternalKey(key)));
}
