// What the Variables view, watches and hovers see of one checkpoint: its scopes as plain values
// (built once per checkpoint and kept for the next few requests), the sandbox expressions run
// in, and evaluation results the user can expand until the next stop.

import type { ScopeKind, VariableEntry } from "../../protocol/engine";
import { isInternalKey, toPlain, type Plain } from "./plainValue";
import type { StoreLike } from "./recordingStore";
import { ExpressionSandbox } from "./sandbox";
import { checkpointIdOf, type SnapshotReader, type StateSnapshotLike } from "./snapshots";
import type { PregelLike, SubgraphInfo } from "./subgraphs";
import { childEntries, describeEntry, valueAt } from "./variables";

type CheckpointScope = Exclude<ScopeKind, "evaluation" | "store">;

/** Checkpoints whose plain views stay in memory (the stop and the frames around it). */
const VIEW_LIMIT = 8;

interface CheckpointView {
  scopes: Partial<Record<CheckpointScope, Plain>>;
  sandbox?: ExpressionSandbox;
}

export class CheckpointViews {
  private readonly views = new Map<string, CheckpointView>();
  private readonly evaluations = new Map<number, Plain>();
  private nextHandle = 1;

  constructor(
    private readonly snapshots: SnapshotReader,
    private readonly store: StoreLike,
    private readonly touchedNamespaces: Map<string, string[]>,
    private readonly context: Record<string, unknown>,
    private readonly graph: PregelLike,
    private readonly subgraphs: readonly SubgraphInfo[],
  ) {}

  clear(): void {
    this.views.clear();
  }

  clearEvaluations(): void {
    this.evaluations.clear();
  }

  async variables(checkpointId: string, scope: ScopeKind, path: Array<string | number>, handle?: number): Promise<VariableEntry[]> {
    if (scope === "evaluation") return childEntries(valueAt(this.evaluations.get(handle ?? -1) ?? null, path), false);
    const root = scope === "store" ? await this.storeScope() : await this.scope(checkpointId, scope);
    const editable = scope === "state" || (scope === "store" && path.length >= 1);
    return childEntries(valueAt(root, path), editable);
  }

  async scope(checkpointId: string, scope: CheckpointScope): Promise<Plain> {
    const view = this.view(checkpointId);
    const cached = view.scopes[scope];
    if (cached !== undefined) return cached;
    const snapshot = await this.snapshots.at(checkpointId);
    const value = await this.build(snapshot, scope);
    view.scopes[scope] = value;
    return value;
  }

  async sandbox(checkpointId: string): Promise<ExpressionSandbox> {
    const view = this.view(checkpointId);
    if (!view.sandbox) {
      const [state, config, next] = await Promise.all([this.scope(checkpointId, "state"), this.scope(checkpointId, "config"), this.scope(checkpointId, "next")]);
      const configView = config as Record<string, Plain>;
      view.sandbox = new ExpressionSandbox({
        state: state as Record<string, Plain>,
        context: toPlain(this.context),
        config: configView.config ?? null,
        metadata: configView.metadata ?? null,
        next,
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

  /** The Store as it is now (not checkpointed): every namespace the thread's nodes touched. */
  async storeScope(): Promise<Plain> {
    const result: Record<string, Plain> = {};
    for (const namespace of this.touchedNamespaces.values()) {
      const items = await this.store.search(namespace, { limit: 100 });
      const byKey: Record<string, Plain> = {};
      for (const item of items) {
        if (item.namespace.join("/") === namespace.join("/")) byKey[item.key] = toPlain(item.value);
      }
      result[namespace.join("/")] = byKey;
    }
    return result;
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

  private async build(snapshot: StateSnapshotLike, scope: CheckpointScope): Promise<Plain> {
    switch (scope) {
      case "state":
        return toPlain(snapshot.values);
      case "next":
        return tasksView(snapshot);
      case "writes": {
        // What produced this checkpoint: the results of the tasks that ran from its parent.
        const parent = await this.snapshots.parentOf(snapshot);
        const writes: Record<string, Plain> = {};
        for (const task of parent?.tasks ?? []) writes[uniqueKey(writes, task.name)] = task.result === undefined ? null : toPlain(task.result);
        return writes;
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
}

function tasksView(snapshot: StateSnapshotLike): Plain {
  const tasks: Record<string, Plain> = {};
  for (const task of snapshot.tasks) {
    tasks[uniqueKey(tasks, task.name)] = toPlain({
      id: task.id,
      name: task.name,
      ...(task.interrupts?.length ? { interrupts: task.interrupts.map((item) => item.value) } : {}),
      ...(task.error !== undefined && task.error !== null ? { error: task.error } : {}),
      ...(task.result !== undefined ? { result: task.result } : {}),
    });
  }
  return tasks;
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
