// Edits from the Variables view. A State edit forks the thread: LangGraph's
// updateState(checkpoint, { channel: value }, asNode) writes a new checkpoint (source "update")
// and no history is lost. The value passes through the channel's reducer as any update does;
// for a message list that means the edited message (same id) replaces the old one. A Store
// edit writes the item (the store is not checkpointed). A Watch or Debug Console edit
// (`messages.at(-1).content = …`, DAP setExpression) names the value by a path expression,
// which becomes the same State edit. Inside a subgraph the edit forks the subgraph's checkpoint
// (updateState with its checkpoint namespace).

import type { SetValueParams, SetValueResult } from "../../protocol/engine";
import type { CheckpointViews } from "./checkpointViews";
import { isPlainMessage, type Plain } from "./plainValue";
import type { StoreLike } from "./recordingStore";
import { sessionErrors } from "./sessionErrors";
import { checkpointIdOf, checkpointNsOf, type DebuggableGraph, type SnapshotReader } from "./snapshots";
import { describeEntry, valueAt } from "./variables";

export interface EditTarget {
  graph: DebuggableGraph;
  threadId: string;
  snapshots: SnapshotReader;
  views: CheckpointViews;
  store: StoreLike;
  touchedNamespaces: Map<string, string[]>;
}

export async function applyEdit(target: EditTarget, params: SetValueParams): Promise<SetValueResult> {
  const sandbox = await target.views.sandbox(params.checkpointId);
  const value = sandbox.evaluate(params.expression);
  return params.scope === "state" ? editState(target, params, value) : editStore(target, params, value);
}

async function editState(target: EditTarget, params: SetValueParams, value: Plain): Promise<SetValueResult> {
  const [channel, ...inner] = params.path;
  if (channel === undefined) throw sessionErrors.notEditable("The State scope as a whole");
  const state = (await target.views.scope(params.checkpointId, "state")) as Record<string, Plain>;
  const current = state[String(channel)];
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

  const snapshot = await target.snapshots.at(params.checkpointId);
  const parent = await target.snapshots.parentOf(snapshot);
  const ran = (parent?.next ?? []).filter((node) => !node.startsWith("__"));
  // As the node that wrote this checkpoint, so `next` is computed as if it had written the edit.
  const asNode = ran.length === 1 ? ran[0] : undefined;
  const ns = checkpointNsOf(snapshot.config);
  let written;
  try {
    written = await target.graph.updateState(
      { configurable: { thread_id: target.threadId, ...(ns ? { checkpoint_ns: ns } : {}), checkpoint_id: params.checkpointId } },
      { [String(channel)]: update },
      asNode,
    );
  } catch (error) {
    throw sessionErrors.userCodeFailed(`Writing ${params.path.join(".")} with updateState`, error);
  }
  target.snapshots.noteConfig(written);
  const checkpointId = checkpointIdOf(written);
  return { value: describeEntry(String(params.path.at(-1)), value, true), ...(checkpointId ? { checkpointId } : {}) };
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
  await target.store.put(namespace, String(key), updated);
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
