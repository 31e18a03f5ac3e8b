// Threads and checkpoints of the workspace database, summarised without the graph: read from
// the database's in-memory records (nothing is decoded), so a page of a 10k-checkpoint thread
// costs a fraction of a millisecond and counts need no scan of the values. Details of one
// checkpoint go through the public checkpointer API (getTuple) and become plain JSON.

import type { CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { writersOf } from "../../protocol/checkpointNames";
import type { CheckpointDetail, CheckpointSummary, ModelPrices, ThreadSummary } from "../../protocol/engine";
import type { WorkspaceDb } from "../../persistence";
import type { CallRecord } from "../../persistence/records";
import type { CheckpointNamespace, CheckpointRecord, DbState } from "../../persistence/state";
import type { StepWrite } from "../../persistence/store-writes";
import { EngineError } from "../errors";
import { dbErrors } from "./dbErrors";
import { toPlain } from "../session/plainValue";
import type { Page } from "./backend";
import { totalsView } from "../../calls/callViews";

/** The root graph's checkpoints; subgraphs write under their own `checkpoint_ns`. */
const ROOT_NS = "";
/** LangGraph's channel of pending `Send` packets (PUSH tasks). */
const TASKS = "__pregel_tasks";
/** Channels that trigger a node (LangGraph 1.x): present at a checkpoint ⇔ the node runs next. */
const BRANCH_TO = "branch:to:";

/** A checkpoint as stored: the serialized Checkpoint without the values kept per channel version. */
interface StoredCheckpoint {
  ts?: string;
  channel_versions?: Record<string, number | string>;
  channel_values?: Record<string, unknown>;
}

interface StoredMetadata {
  step?: unknown;
  source?: unknown;
  writes?: unknown;
  graph_id?: unknown;
}

/**
 * The database's in-memory state. src/persistence exposes no read accessor for listing and
 * counting, and the public `list()` decodes every value it yields; this reads the records as
 * they are. The state object is replaced when db.json is reloaded, so it is fetched per request.
 */
export function stateOf(db: WorkspaceDb): DbState {
  const state = (db.checkpointer as unknown as { db?: { state?: DbState } }).db?.state;
  if (!state || !(state.threads instanceof Map) || !(state.store instanceof Map)) {
    throw new EngineError("internal", "The workspace database's records are not readable by this engine version (its internal layout changed).");
  }
  return state;
}

function rootSpace(state: DbState, threadId: string): CheckpointNamespace | undefined {
  const space = state.threads.get(threadId)?.get(ROOT_NS);
  return space && space.ids.length > 0 ? space : undefined;
}

/**
 * Threads with root checkpoints, most recently updated first (uuid6 ids grow with time), each
 * with the totals of its recorded calls when it has any (`prices`: the user's, for their cost).
 */
export function listThreads(db: WorkspaceDb, { offset, limit }: Page, prices?: ModelPrices): { threads: ThreadSummary[]; total: number } {
  const state = stateOf(db);
  const newest: Array<{ threadId: string; space: CheckpointNamespace; id: string }> = [];
  for (const threadId of state.threads.keys()) {
    const space = rootSpace(state, threadId);
    if (space) newest.push({ threadId, space, id: space.ids[space.ids.length - 1] });
  }
  newest.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const threads = newest.slice(offset, offset + limit).map(({ threadId, space, id }): ThreadSummary => {
    const summary = summarize(space, id);
    const metadata = space.checkpoints.get(id)!.metadata as StoredMetadata | undefined;
    return {
      threadId,
      checkpointCount: space.ids.length,
      step: summary.step,
      ...(summary.createdAt !== undefined ? { updatedAt: summary.createdAt } : {}),
      ...(typeof metadata?.graph_id === "string" ? { graphId: metadata.graph_id } : {}),
      next: summary.next,
      ...lastMessageOf(space, space.checkpoints.get(id)!),
      ...callsOf(state, threadId, prices),
    };
  });
  return { threads, total: newest.length };
}

/** The totals of the calls recorded on the thread's checkpoints, in every namespace; nothing when none. */
function callsOf(state: DbState, threadId: string, prices: ModelPrices | undefined): { calls?: ThreadSummary["calls"] } {
  const calls: CallRecord[] = [];
  for (const space of state.threads.get(threadId)?.values() ?? []) {
    for (const record of space.checkpoints.values()) if (record.calls) calls.push(...record.calls);
  }
  return calls.length > 0 ? { calls: totalsView(calls, prices) } : {};
}

/** Longest message text a thread summary carries; pickers shorten it further to their width. */
const MESSAGE_TEXT_LIMIT = 160;

/**
 * The last entry of the checkpoint's `messages` channel (MessagesAnnotation's), as its role and
 * one line of text. Reads the stored form: a serialized BaseMessage (`{ lc, id: [..., "AIMessage"],
 * kwargs }`) or a plain `{ role, content }` that was never turned into a message.
 */
function lastMessageOf(space: CheckpointNamespace, record: CheckpointRecord): { lastMessage?: ThreadSummary["lastMessage"] } {
  return lastMessageIn(channelValue(space, record.checkpoint as StoredCheckpoint, "messages"));
}

/** The same from a `messages` value, stored or decoded by a checkpointer (a BaseMessage has `type`, `content`, `tool_calls`). */
export function lastMessageIn(messages: unknown): { lastMessage?: ThreadSummary["lastMessage"] } {
  if (!Array.isArray(messages) || messages.length === 0) return {};
  const last = messages[messages.length - 1] as Record<string, unknown> | null;
  if (typeof last !== "object" || last === null) return {};
  const classPath = Array.isArray(last.id) && typeof last.kwargs === "object" && last.kwargs !== null ? (last.id as unknown[]) : undefined;
  const fields = (classPath ? last.kwargs : last) as Record<string, unknown>;
  const role = classPath ? roleOfClass(String(classPath[classPath.length - 1])) : String(fields.role ?? fields.type ?? "message");
  let text = textOf(fields.content);
  const toolCalls = Array.isArray(fields.tool_calls)
    ? fields.tool_calls.map((call) => (call as { name?: unknown } | null)?.name).filter((name) => typeof name === "string")
    : [];
  if (text === "" && toolCalls.length > 0) text = `calls ${toolCalls.join(", ")}`;
  text = text.replace(/\s+/g, " ").trim();
  if (text.length > MESSAGE_TEXT_LIMIT) text = `${text.slice(0, MESSAGE_TEXT_LIMIT - 1)}…`;
  return { lastMessage: { role, text } };
}

/** `HumanMessage` → `human`, `AIMessageChunk` → `ai`: the message types LangGraph's state shows. */
function roleOfClass(className: string): string {
  const known: Record<string, string> = {
    HumanMessage: "human",
    AIMessage: "ai",
    SystemMessage: "system",
    ToolMessage: "tool",
    FunctionMessage: "function",
    ChatMessage: "chat",
    RemoveMessage: "remove",
  };
  return known[className.replace(/Chunk$/, "")] ?? className;
}

/** A message's content as text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (typeof part === "string" ? part : typeof (part as { text?: unknown } | null)?.text === "string" ? (part as { text: string }).text : ""))
    .filter(Boolean)
    .join(" ");
}

/** A page of a thread's root checkpoints, newest first; `withStoreWrites`: each with its step's store writes. */
export function listCheckpoints(
  db: WorkspaceDb,
  threadId: string,
  { offset, limit }: Page,
  withStoreWrites = false,
): { checkpoints: CheckpointSummary[]; total: number } {
  const space = rootSpace(stateOf(db), threadId);
  if (!space) throw threadNotFound(threadId);
  const { ids } = space;
  const checkpoints: CheckpointSummary[] = [];
  for (let i = ids.length - 1 - offset; i >= 0 && checkpoints.length < limit; i--) checkpoints.push(summarize(space, ids[i]));
  const stepWrites = withStoreWrites && checkpoints.length > 0 ? db.store.stepWritesByCheckpoint(threadId) : new Map<string, StepWrite[]>();
  for (const checkpoint of checkpoints) {
    // The step that made a checkpoint ran from its parent; an edit or a replay ran no node.
    const writes = checkpoint.source === "loop" && checkpoint.parentCheckpointId ? stepWrites.get(checkpoint.parentCheckpointId) : undefined;
    if (writes) checkpoint.storeWrites = writes.map(({ change, namespace, key }) => `${change} ${[...namespace, key].join("/")}`);
  }
  return { checkpoints, total: ids.length };
}

export async function checkpointDetail(db: WorkspaceDb, threadId: string, checkpointId: string): Promise<CheckpointDetail> {
  const space = rootSpace(stateOf(db), threadId);
  if (!space?.checkpoints.has(checkpointId)) throw checkpointNotFound(threadId, checkpointId);
  const summary = summarize(space, checkpointId);
  const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: ROOT_NS, checkpoint_id: checkpointId } });
  if (!tuple) throw checkpointNotFound(threadId, checkpointId);
  return detailOfTuple(summary, threadId, tuple);
}

/** A checkpoint's detail from its summary and its tuple (values and pending writes as plain JSON). */
export function detailOfTuple(summary: CheckpointSummary, threadId: string, tuple: CheckpointTuple): CheckpointDetail {
  const values: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(tuple.checkpoint.channel_values)) {
    if (!isInternalChannel(channel)) values[channel] = toPlain(value);
  }
  // Which node a pending write came from: only certain when a single task was pending.
  const onlyTask = summary.next.length === 1 ? summary.next[0] : undefined;
  const pendingWrites = (tuple.pendingWrites ?? []).map(([taskId, channel, value]) => ({
    taskId,
    ...(onlyTask !== undefined ? { node: onlyTask } : {}),
    channel,
    value: toPlain(value),
  }));
  return { ...summary, threadId, values, metadata: toPlain(tuple.metadata ?? {}) as Record<string, unknown>, pendingWrites };
}

/** LangGraph's own channels: node triggers, waiting-edge barriers, `__start__`, `__pregel_tasks`… */
export function isInternalChannel(channel: string): boolean {
  return channel.startsWith("__") || channel.startsWith(BRANCH_TO) || channel.startsWith("join:");
}

function summarize(space: CheckpointNamespace, id: string): CheckpointSummary {
  const record = space.checkpoints.get(id)!;
  const stored = record.checkpoint as StoredCheckpoint;
  const metadata = (record.metadata ?? {}) as StoredMetadata;
  const source = typeof metadata.source === "string" ? metadata.source : "loop";
  return {
    checkpointId: id,
    ...(record.parent !== null ? { parentCheckpointId: record.parent } : {}),
    step: typeof metadata.step === "number" ? metadata.step : 0,
    source,
    writers: writersOfRecord(space, record),
    next: nextNodes(space, record),
    ...(typeof stored.ts === "string" ? { createdAt: stored.ts } : {}),
  };
}

/**
 * The nodes the next superstep runs, as LangGraph's getState reports them, derived from the
 * channels alone: `Send` targets waiting in `__pregel_tasks` first (LangGraph prepares PUSH
 * tasks first), then every node whose `branch:to:<node>` trigger holds a value, and `__start__`
 * when the checkpoint holds unprocessed input. Nodes behind a waiting edge (`join:` barriers)
 * are triggered through `branch:to:` as well once every source has run.
 */
function nextNodes(space: CheckpointNamespace, record: CheckpointRecord): string[] {
  const stored = record.checkpoint as StoredCheckpoint;
  const next = new Set<string>();
  const sends = channelValue(space, stored, TASKS);
  if (Array.isArray(sends)) {
    for (const send of sends) {
      const node = (send as { node?: unknown } | null)?.node;
      if (typeof node === "string") next.add(node);
    }
  }
  for (const channel of Object.keys(stored.channel_versions ?? {})) {
    if (channel.startsWith(BRANCH_TO) && hasValue(space, stored, channel)) next.add(channel.slice(BRANCH_TO.length));
  }
  if (hasValue(space, stored, "__start__")) next.add("__start__");
  return [...next];
}

/** Nodes whose writes made this checkpoint: metadata `writes` (LangGraph < 1), else what its lineage says (writersOf). */
function writersOfRecord(space: CheckpointNamespace, record: CheckpointRecord): string[] {
  // Up a chain of edits and forks, then back down: a thread may hold thousands of them in a row.
  const chain: CheckpointRecord[] = [];
  for (let current: CheckpointRecord | undefined = record; current; current = current.parent !== null ? space.checkpoints.get(current.parent) : undefined) {
    chain.push(current);
    const { source } = described(current);
    if (recordedWrites(current) || source === "input" || source === "loop") break;
  }
  // The oldest of the chain needs no parent writers: it is recorded, input, loop, or has no parent.
  let writers: string[] = [];
  for (let index = chain.length - 1; index >= 0; index--) {
    const current = chain[index]!;
    const parent = current.parent !== null ? space.checkpoints.get(current.parent) : undefined;
    writers =
      recordedWrites(current) ?? writersOf(described(current), parent ? { step: described(parent).step, next: nextNodes(space, parent), writers } : undefined);
  }
  return writers;
}

function described(record: CheckpointRecord): { step: number; source: string } {
  const metadata = (record.metadata ?? {}) as StoredMetadata;
  return { step: typeof metadata.step === "number" ? metadata.step : 0, source: typeof metadata.source === "string" ? metadata.source : "loop" };
}

function recordedWrites(record: CheckpointRecord): string[] | undefined {
  const writes = ((record.metadata ?? {}) as StoredMetadata).writes;
  return typeof writes === "object" && writes !== null ? Object.keys(writes) : undefined;
}

/** A channel has a value at a checkpoint when its current version has a stored value (or it is kept inline). */
function hasValue(space: CheckpointNamespace, stored: StoredCheckpoint, channel: string): boolean {
  if (stored.channel_values && channel in stored.channel_values) return true;
  const version = stored.channel_versions?.[channel];
  return version !== undefined && space.channels.get(channel)?.has(String(version)) === true;
}

function channelValue(space: CheckpointNamespace, stored: StoredCheckpoint, channel: string): unknown {
  if (stored.channel_values && channel in stored.channel_values) return stored.channel_values[channel];
  const version = stored.channel_versions?.[channel];
  return version === undefined ? undefined : space.channels.get(channel)?.get(String(version));
}

/** The workspace database's "no such thread" (updateState.ts says it too). */
export function threadNotFound(threadId: string): EngineError {
  return dbErrors.threadNotFound(threadId, "The workspace database");
}

function checkpointNotFound(threadId: string, checkpointId: string): EngineError {
  return dbErrors.checkpointNotFound(threadId, checkpointId, "the workspace database");
}
