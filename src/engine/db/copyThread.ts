// Copies a thread from one backend into another, e.g. a production Postgres thread into the
// workspace JSON database to debug and fork it freely there. Written against the DataBackend
// contract only (backend.ts): LangGraph's own checkpointer and store carry the data, so any pair
// of backends works. The copy is the same thread: the same checkpoint ids in every
// checkpoint_ns, with their metadata, parents, channel versions and pending writes, so that
// LangGraph's getStateHistory gives the same history on either side.
//
// Which store items "belong" to a thread: stores record no thread per item, so the rule is one
// a developer can check by eye. An item is copied when a label of its namespace names the
// thread: equals the thread id, a string value of its checkpoints' metadata outside LangGraph's
// own keys (a LangGraph server records user_id there), or a label the caller adds (LangGraph.js
// keeps configurable values such as user_id out of checkpoints, so the caller knows them).
// ["memories", "user-1"] is then copied for a thread run by user-1.

import { isDeepStrictEqual } from "node:util";
import type { BaseCheckpointSaver, CheckpointTuple, PendingWrite } from "@langchain/langgraph-checkpoint";
import { WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import type { CopiedThread } from "../../protocol/engine";
import { EngineError, isEngineError } from "../errors";
import type { DataBackend } from "./backend";
import { dbErrors } from "./dbErrors";

export interface CopyThreadOptions {
  /** The thread's id in the target, when it is not to be the same (the target has one by that id). */
  newThreadId?: string;
  /** More labels naming the thread's namespaces, e.g. its user id. */
  labels?: string[];
}

/** Metadata keys that are LangGraph's bookkeeping, not names of who or what the thread is about. */
const BOOKKEEPING_KEYS = new Set([
  "source",
  "step",
  "parents",
  "writes",
  "graph_id",
  "assistant_id",
  "run_id",
  "run_attempt",
  "thread_id",
  // A LangGraph server's own.
  "user-agent",
  "created_by",
  "ls_integration",
]);

const ITEMS_PAGE = 100;

/**
 * Copies thread `threadId` from `source` into `target`, oldest checkpoint first. Refused when the
 * target is read-only or already has the thread; a copy that fails halfway is removed again.
 */
export async function copyThread(source: DataBackend, target: DataBackend, threadId: string, options: CopyThreadOptions = {}): Promise<CopiedThread> {
  const from = source.info().location;
  const { location: to, readOnly, readOnlyReason } = target.info();
  const toThreadId = options.newThreadId ?? threadId;
  for (const [name, id] of [
    ["threadId", threadId],
    ["newThreadId", toThreadId],
  ] as const)
    if (typeof id !== "string" || id === "") throw dbErrors.invalidInput(`${name} must be a non-empty string, got ${JSON.stringify(id)}.`, to);
  if (readOnly) throw dbErrors.readOnly(to, readOnlyReason);
  if (!target.checkpointer) throw cannotCopyInto(target);

  const tuples = await sourceTuples(source, threadId);
  if (tuples.length === 0) throw dbErrors.threadNotFound(threadId, from, from);
  if (await hasThread(target.checkpointer, toThreadId)) throw alreadyThere(toThreadId, threadId, to);

  let writes = 0;
  try {
    for (const tuple of tuples) writes += await copyCheckpoint(tuple, target.checkpointer, toThreadId);
  } catch (error) {
    // The thread was not there before: what was copied of it goes, so a retry starts clean.
    await target.checkpointer.deleteThread(toThreadId).catch(() => undefined);
    if (isEngineError(error)) throw error;
    throw dbErrors.failed(`Copying thread "${threadId}" from ${from} into ${to}`, error, to);
  }

  const labels = threadLabels(threadId, tuples, options.labels ?? []);
  const { items, skipped } = await copyItems(source, target, labels);
  return {
    threadId: toThreadId,
    dbPath: to,
    checkpoints: tuples.length,
    writes,
    items,
    itemRule: `items of the namespaces with a label naming the thread: ${labels.map((label) => JSON.stringify(label)).join(" or ")}`,
    labels,
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

/** The source's checkpoints of the thread: through its checkpointer, else as it rebuilds them (a LangGraph server). */
async function sourceTuples(source: DataBackend, threadId: string): Promise<CheckpointTuple[]> {
  if (source.checkpointer) return threadTuples(source.checkpointer, threadId);
  if (source.threadTuples) return source.threadTuples(threadId);
  const from = source.info().location;
  throw dbErrors.failed(`Reading thread "${threadId}" from ${from}`, "it gives neither a checkpointer nor its checkpoints", from);
}

/** Every checkpoint of the thread in every checkpoint_ns, oldest first (checkpoint ids sort by time). */
async function threadTuples(saver: BaseCheckpointSaver, threadId: string): Promise<CheckpointTuple[]> {
  const tuples: CheckpointTuple[] = [];
  // No checkpoint_ns in the config: every namespace, subgraphs' too.
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
  const order = (tuple: CheckpointTuple) => `${tuple.checkpoint.id}\u0000${String(tuple.config.configurable?.checkpoint_ns ?? "")}`;
  return tuples.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

async function hasThread(saver: BaseCheckpointSaver, threadId: string): Promise<boolean> {
  for await (const _tuple of saver.list({ configurable: { thread_id: threadId } }, { limit: 1 })) return true;
  return false;
}

/** Puts one checkpoint, under its parent, with its pending writes; returns how many writes. */
async function copyCheckpoint(tuple: CheckpointTuple, saver: BaseCheckpointSaver, threadId: string): Promise<number> {
  const ns = String(tuple.config.configurable?.checkpoint_ns ?? "");
  const parentId: unknown = tuple.parentConfig?.configurable?.checkpoint_id;
  const { checkpoint } = tuple;
  // Every value the checkpoint holds is "new" to the target, so the saver stores each one.
  const versions = Object.fromEntries(Object.entries(checkpoint.channel_versions).filter(([channel]) => Object.hasOwn(checkpoint.channel_values, channel)));
  await saver.put(
    { configurable: { thread_id: threadId, checkpoint_ns: ns, ...(typeof parentId === "string" ? { checkpoint_id: parentId } : {}) } },
    checkpoint,
    tuple.metadata ?? { source: "loop", step: 0, parents: {} },
    versions,
  );
  const config = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  let count = 0;
  for (const [taskId, writes] of writesByTask(tuple)) {
    // Savers number a task's writes by their place in one putWrites call, and special channels
    // (interrupt, error…) by a fixed negative index: put separately, each keeps its index.
    const special = writes.filter(([channel]) => Object.hasOwn(WRITES_IDX_MAP, channel));
    const regular = writes.filter(([channel]) => !Object.hasOwn(WRITES_IDX_MAP, channel));
    if (regular.length > 0) await saver.putWrites(config, regular, taskId);
    if (special.length > 0) await saver.putWrites(config, special, taskId);
    count += writes.length;
  }
  return count;
}

function writesByTask(tuple: CheckpointTuple): Map<string, PendingWrite[]> {
  const byTask = new Map<string, PendingWrite[]>();
  for (const [taskId, channel, value] of tuple.pendingWrites ?? []) {
    const writes = byTask.get(taskId) ?? byTask.set(taskId, []).get(taskId)!;
    writes.push([channel, value]);
  }
  return byTask;
}

/** The thread id, its metadata's own string values, and the caller's labels; in that order, once each. */
function threadLabels(threadId: string, tuples: CheckpointTuple[], extra: string[]): string[] {
  const labels = new Set<string>([threadId]);
  for (const { metadata } of tuples) {
    for (const [key, value] of Object.entries<unknown>(metadata ?? {})) {
      if (typeof value === "string" && value !== "" && !BOOKKEEPING_KEYS.has(key) && !key.startsWith("langgraph_")) labels.add(value);
    }
  }
  for (const label of extra) if (typeof label === "string" && label !== "") labels.add(label);
  return [...labels];
}

/**
 * Copies the items of every namespace one of whose labels is in `labels`. An item the target
 * changed later than the source did is kept, and reported; an equal one is left untouched.
 */
async function copyItems(
  source: DataBackend,
  target: DataBackend,
  labels: string[],
): Promise<{ items: number; skipped: NonNullable<CopiedThread["skipped"]> }> {
  const wanted = new Set(labels);
  const namespaces = (await source.namespaces([])).filter(({ namespace }) => namespace.some((label) => wanted.has(label)));
  const skipped: NonNullable<CopiedThread["skipped"]> = [];
  let items = 0;
  for (const { namespace } of namespaces) {
    for (let offset = 0; ; offset += ITEMS_PAGE) {
      const page = await source.items({ namespace, offset, limit: ITEMS_PAGE });
      // A prefix query also returns deeper namespaces' items: those are copied as their own namespace.
      for (const item of page.items.filter((found) => isDeepStrictEqual(found.namespace, namespace))) {
        const address = { namespace: item.namespace, key: item.key };
        const local = await target.item(address);
        if (local && isDeepStrictEqual(local.value, item.value)) {
          items++;
        } else if (local && Date.parse(local.updatedAt) > Date.parse(item.updatedAt)) {
          skipped.push({
            ...address,
            reason: `${target.info().location} has a newer value (changed ${local.updatedAt}; the source's ${item.updatedAt}): kept.`,
          });
        } else {
          await target.putItem(address, item.value);
          items++;
        }
      }
      if (page.items.length < ITEMS_PAGE) break;
    }
  }
  return { items, skipped };
}

/** A backend where no graph runs here (a LangGraph server): its checkpoints are written by its own runs. */
function cannotCopyInto(backend: DataBackend): EngineError {
  const location = backend.info().location;
  return new EngineError(
    "invalidInput",
    `Threads cannot be copied into ${location}: its checkpoints are written by its own runs.`,
    location,
    "Copy into the workspace database or a Postgres database.",
  );
}

function alreadyThere(threadId: string, sourceThreadId: string, location: string): EngineError {
  return new EngineError(
    "conflict",
    `${location} already has a thread "${threadId}"; the copy of thread "${sourceThreadId}" was not made (threads are not merged).`,
    location,
    "Copy it under another thread id (newThreadId), or delete that thread there first.",
  );
}
