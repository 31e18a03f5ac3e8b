// Edits from the Variables view. A State edit forks the thread: LangGraph's
// updateState(checkpoint, { channel: value }, asNode) writes a new checkpoint (source "update")
// and no history is lost. The value passes through the channel's reducer as any update does;
// for a message list that means the edited message (same id) replaces the old one. A Store
// edit writes the item (the store is not checkpointed). A Watch or Debug Console edit
// (`messages.at(-1).content = …`, DAP setExpression) names the value by a path expression,
// which becomes the same State edit. Inside a subgraph the edit forks the subgraph's checkpoint
// (updateState with its checkpoint namespace). `forkWithEditedState` is the one State edit:
// the session's and, without a session, the `db/updateState` request's (src/engine/db).

import type { SetValueParams, SetValueResult } from "../../protocol/engine";
import type { CheckpointViews } from "./checkpointViews";
import { describeCause, EngineError } from "../errors";
import { isPlainMessage, toPlain, type Plain } from "./plainValue";
import type { SessionStore } from "./recordingStore";
import { sessionErrors } from "./sessionErrors";
import { checkpointIdOf, checkpointNsOf, type DebuggableGraph, type SnapshotReader, type StateSnapshotLike } from "./snapshots";
import { nodePathOf } from "../../protocol/nodePaths";
import { listSubgraphs, type PregelLike } from "./subgraphs";
import { describeEntry, valueAt } from "./variables";

export interface EditTarget {
  graph: DebuggableGraph;
  graphId: string;
  threadId: string;
  snapshots: SnapshotReader;
  views: CheckpointViews;
  store: SessionStore;
  touchedNamespaces: Map<string, string[]>;
}

export async function applyEdit(target: EditTarget, params: SetValueParams): Promise<SetValueResult> {
  const sandbox = await target.views.sandbox(params.checkpointId);
  const value = sandbox.evaluate(params.expression);
  return params.scope === "state" ? editState(target, params, value) : editStore(target, params, value);
}

async function editState(target: EditTarget, params: SetValueParams, value: Plain): Promise<SetValueResult> {
  const written = await forkSessionState(target, params.checkpointId, params.path, value);
  return { value: describeEntry(String(params.path.at(-1)), value, true), checkpointId: written };
}

/**
 * A session's State edit with the new value itself: `session/editState` (the debugger view), and
 * setVariable once its expression is evaluated. Returns the fork's checkpoint id.
 */
export function forkSessionState(target: EditTarget, checkpointId: string, path: ReadonlyArray<string | number>, value: Plain): Promise<string> {
  return forkWithEditedState({ ...target, stateOf: async (id) => (await target.views.scope(id, "state")) as Record<string, Plain> }, checkpointId, path, value);
}

/** What a State edit needs: the thread's checkpoints, read and written through the user's graph. */
export interface StateForkTarget {
  /** The user's compiled graph with the workspace database's checkpointer attached. */
  graph: DebuggableGraph;
  /** Recorded in the new checkpoint's metadata (the checkpointer reads `configurable.graph_id`). */
  graphId: string;
  threadId: string;
  snapshots: SnapshotReader;
  /** The checkpoint's State as plain values; the session's views keep it, a reader computes it. */
  stateOf?: (checkpointId: string) => Promise<Record<string, Plain>>;
}

/**
 * Fork with edited state, for the debug session (Variables, Watch, the debugger view) and for
 * `db/updateState` alike: LangGraph's updateState writes a new checkpoint (source "update") on
 * `checkpointId`, with the value at `path` (channel first) replaced. The update goes through the
 * channel's reducer: an edit inside a message list sends the one message, with its id, so the
 * messages reducer replaces it; any other inner edit sends the whole channel value. The update
 * is written as the node that wrote the checkpoint (so `next` is what that node's writes give),
 * in the checkpoint's namespace for a subgraph's. Nothing reaches the database unless the whole
 * update succeeds (a reducer that throws leaves it as it was). Returns the new checkpoint's id.
 */
export async function forkWithEditedState(target: StateForkTarget, checkpointId: string, path: ReadonlyArray<string | number>, value: Plain): Promise<string> {
  const [channel, ...inner] = path;
  if (channel === undefined) throw sessionErrors.notEditable("The State scope as a whole");
  const snapshot = await target.snapshots.at(checkpointId);
  const state = target.stateOf ? await target.stateOf(checkpointId) : (toPlain(snapshot.values) as Record<string, Plain>);
  const ns = checkpointNsOf(snapshot.config);
  const name = String(channel);
  if (!(name in state) && !channelsOf(target.graph, ns).includes(name)) {
    throw stateEditErrors.unknownChannel(name, checkpointId, [...new Set([...Object.keys(state), ...channelsOf(target.graph, ns)])]);
  }
  const current = state[name];
  checkPath(current ?? null, path, checkpointId);
  let update: Plain;
  if (inner.length === 0) {
    update = value;
  } else if (Array.isArray(current) && isPlainMessage(current[Number(inner[0])] ?? null)) {
    // One message changed: send it alone, with its id, so the messages reducer replaces it.
    const [index, ...rest] = inner;
    update = [replaceAt(current[Number(index)]!, rest, value)];
  } else {
    update = replaceAt(current ?? null, inner, value);
  }

  const asNode = await writerOf(target.snapshots, snapshot, name);
  const written = await withBufferedWrites(target.graph, async () => {
    try {
      return await target.graph.updateState(
        { configurable: { graph_id: target.graphId, thread_id: target.threadId, ...(ns ? { checkpoint_ns: ns } : {}), checkpoint_id: checkpointId } },
        { [name]: update },
        asNode,
      );
    } catch (error) {
      throw stateEditErrors.rejected(path, value, checkpointId, error);
    }
  });
  target.snapshots.noteConfig(written);
  const id = checkpointIdOf(written);
  if (!id) throw sessionErrors.userCodeFailed(`Writing ${describePath(path)} with updateState`, "LangGraph returned no checkpoint id");
  return id;
}

async function editStore(target: EditTarget, params: SetValueParams, value: Plain): Promise<SetValueResult> {
  const [label, key, ...inner] = params.path;
  const namespace = [...target.touchedNamespaces.values()].find((candidate) => candidate.join("/") === label);
  if (!namespace || key === undefined) throw sessionErrors.notEditable("A Store namespace as a whole");
  const item = await target.store.get(namespace, String(key));
  const updated = inner.length === 0 ? value : replaceAt((valueAt(item?.value as Plain, []) ?? {}) as Plain, inner, value);
  if (typeof updated !== "object" || updated === null || Array.isArray(updated)) {
    throw sessionErrors.notEditable(`Store item "${String(key)}" can only hold an object, so ${JSON.stringify(updated)}`);
  }
  if (target.store.edit) await target.store.edit(namespace, String(key), updated);
  else await target.store.put(namespace, String(key), updated);
  return { value: describeEntry(String(params.path.at(-1)), value, true) };
}

/**
 * setExpression: `expression` names a State value (`messages.at(-1).content`, `draft`,
 * `state["my key"]`); `value` is the new value's expression. Forks like a State edit.
 */
export async function applyExpressionEdit(target: EditTarget, params: { checkpointId: string; expression: string; value: string }): Promise<SetValueResult> {
  const segments = parseStatePath(params.expression);
  if (!segments) throw sessionErrors.notAPath(params.expression);
  const state = (await target.views.scope(params.checkpointId, "state")) as Plain;
  // `.at(-1)` counts from the end of the array it is on, as in JavaScript.
  const path: Array<string | number> = [];
  let current: Plain | undefined = state;
  for (const segment of segments) {
    const key = typeof segment === "object" ? (Array.isArray(current) && segment.at < 0 ? current.length + segment.at : segment.at) : segment;
    path.push(key);
    current = valueAt(current ?? null, [key]);
  }
  if (path.length === 0 || !(String(path[0]) in (state as Record<string, Plain>))) throw sessionErrors.notAPath(params.expression);
  return applyEdit(target, { checkpointId: params.checkpointId, scope: "state", path, expression: params.value });
}

type PathSegment = string | number | { at: number };

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;
const INDEX = /^\[\s*(\d+)\s*\]/;
const QUOTED = /^\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\]/;
const AT = /^\.at\(\s*(-?\d+)\s*\)/;
const PROPERTY = /^\.([A-Za-z_$][\w$]*)/;

/** `messages.at(-1).content` → ["messages", { at: -1 }, "content"]; undefined when it is not a plain path. */
export function parseStatePath(expression: string): PathSegment[] | undefined {
  let rest = expression.trim();
  const segments: PathSegment[] = [];
  const head = IDENTIFIER.exec(rest);
  if (!head) return undefined;
  // `state.x` and `state["x"]` name the channel `x`, as in evaluate.
  if (head[0] !== "state" || rest.length === head[0].length) segments.push(head[0]);
  rest = rest.slice(head[0].length);
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = AT.exec(rest))) segments.push({ at: Number(match[1]) });
    else if ((match = INDEX.exec(rest))) segments.push(Number(match[1]));
    else if ((match = QUOTED.exec(rest))) segments.push(unquote(match[1]!));
    else if ((match = PROPERTY.exec(rest))) segments.push(match[1]!);
    else return undefined;
    rest = rest.slice(match[0].length).trimStart();
  }
  return segments;
}

function unquote(literal: string): string {
  // Single-quoted literals become JSON strings first; the escapes are JSON's.
  const json = literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : literal;
  return JSON.parse(json) as string;
}

/** A copy of `root` with the value at `path` replaced. */
function replaceAt(root: Plain, path: Array<string | number>, value: Plain): Plain {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = replaceAt(root[Number(head)] ?? null, rest, value);
    return copy;
  }
  const object = root !== null && typeof root === "object" ? root : {};
  return { ...object, [String(head)]: replaceAt(object[String(head)] ?? null, rest, value) };
}

/**
 * The node the edit is written as: the node that wrote this checkpoint, so `next` is computed as
 * if it had written the edit. When several ran in that superstep, the one that wrote the edited
 * channel, else the first of them (LangGraph cannot tell parallel nodes apart by itself). None
 * for the thread's first checkpoints: LangGraph then attributes the update as it does.
 */
async function writerOf(snapshots: SnapshotReader, snapshot: StateSnapshotLike, channel: string): Promise<string | undefined> {
  const parent = await snapshots.parentOf(snapshot);
  const ran = [...new Set((parent?.next ?? []).filter((node) => !node.startsWith("__")))];
  if (ran.length <= 1) return ran[0];
  const writers = new Set(
    (parent?.tasks ?? [])
      .filter((task) => ran.includes(task.name) && typeof task.result === "object" && task.result !== null && channel in task.result)
      .map((task) => task.name),
  );
  return writers.size === 1 ? [...writers][0] : ran[0];
}

/** LangGraph's own channels: node triggers, waiting-edge barriers, `__start__`, `__pregel_*`. */
function isInternalChannel(channel: string): boolean {
  return channel.startsWith("__") || channel.startsWith("branch:to:") || channel.startsWith("join:");
}

/** The State channels of the graph a checkpoint belongs to (the subgraph's inside one). */
function channelsOf(graph: DebuggableGraph, ns: string): string[] {
  const path = nodePathOf(ns);
  const owner = path.length === 0 ? graph : listSubgraphs(graph as PregelLike).find((subgraph) => subgraph.path.join(":") === path.join(":"))?.graph;
  const channels = (owner as { channels?: unknown } | undefined)?.channels;
  if (typeof channels !== "object" || channels === null) return [];
  return Object.keys(channels).filter((channel) => !isInternalChannel(channel));
}

/** Every segment of the path leads somewhere: array indices exist, only the last key of an object may be new. */
function checkPath(channelValue: Plain, path: ReadonlyArray<string | number>, checkpointId: string): void {
  let current: Plain = channelValue;
  for (let depth = 1; depth < path.length; depth++) {
    const segment = path[depth]!;
    const last = depth === path.length - 1;
    if (Array.isArray(current)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index >= current.length) {
        throw stateEditErrors.noValueAt(
          path,
          checkpointId,
          `${describePath(path.slice(0, depth))} is a list of ${current.length}, with no item ${JSON.stringify(segment)}`,
        );
      }
      current = current[index]!;
    } else if (current !== null && typeof current === "object") {
      const key = String(segment);
      if (!(key in current) && !last)
        throw stateEditErrors.noValueAt(path, checkpointId, `${describePath(path.slice(0, depth))} has no key ${JSON.stringify(key)}`);
      current = current[key] ?? null;
    } else {
      throw stateEditErrors.noValueAt(path, checkpointId, `${describePath(path.slice(0, depth))} is ${JSON.stringify(current)}, which has no parts`);
    }
  }
}

/** `["messages", 1, "content"]` → `messages[1].content` */
function describePath(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" || /^\d+$/.test(segment)
        ? `[${segment}]`
        : index === 0 || /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${index === 0 ? "" : "."}${segment}`
          : `[${JSON.stringify(segment)}]`,
    )
    .join("");
}

function shortJson(value: Plain): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const EDIT_HINT = "Edit a value that exists in this checkpoint's State; the new value goes through the channel's reducer, as any node's update does.";

const stateEditErrors = {
  unknownChannel: (channel: string, checkpointId: string, known: string[]) =>
    new EngineError(
      "invalidInput",
      `The State of checkpoint ${checkpointId} has no channel "${channel}" (its channels: ${known.join(", ") || "none"}), so it cannot be edited.`,
      undefined,
      EDIT_HINT,
    ),
  noValueAt: (path: ReadonlyArray<string | number>, checkpointId: string, why: string) =>
    new EngineError("invalidInput", `There is no value at ${describePath(path)} in the State of checkpoint ${checkpointId}: ${why}.`, undefined, EDIT_HINT),
  rejected: (path: ReadonlyArray<string | number>, value: Plain, checkpointId: string, cause: unknown) =>
    new EngineError(
      "invalidInput",
      `LangGraph refused ${shortJson(value)} as the new value of ${describePath(path)} at checkpoint ${checkpointId}: ${describeCause(cause)}. Nothing was written.`,
      undefined,
      "Give a value the channel accepts (a message needs a type, such as human or ai, and content); the channel's reducer checks it as it checks a node's update.",
    ),
} as const;

interface CheckpointerLike {
  put(...args: unknown[]): Promise<unknown>;
  putWrites(...args: unknown[]): Promise<unknown>;
}

/**
 * Runs `update` with the graph's checkpointer holding back its writes, then writes them in the
 * same order. LangGraph's updateState stores the edit's pending writes on the source checkpoint
 * before the channel's reducer runs; a reducer that throws would leave them behind, without a
 * new checkpoint. Reads go to the real checkpointer.
 */
async function withBufferedWrites<T>(graph: DebuggableGraph, update: () => Promise<T>): Promise<T> {
  const real = graph.checkpointer as CheckpointerLike | undefined;
  if (!real || typeof real.put !== "function" || typeof real.putWrites !== "function") return update();
  const held: Array<() => Promise<unknown>> = [];
  const buffered = new Proxy(real, {
    get(target, property, receiver) {
      if (property === "putWrites") {
        return async (...args: unknown[]) => void held.push(() => target.putWrites(...args));
      }
      if (property === "put") {
        return async (...args: unknown[]) => {
          held.push(() => target.put(...args));
          // What a checkpointer's put returns: the new checkpoint's address (LangGraph made its id).
          const [config, checkpoint] = args as [{ configurable?: Record<string, unknown> }, { id: string }];
          const { thread_id, checkpoint_ns = "" } = config.configurable ?? {};
          return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  graph.checkpointer = buffered;
  let result: T;
  try {
    result = await update();
  } finally {
    graph.checkpointer = real;
  }
  for (const write of held) await write();
  return result;
}
