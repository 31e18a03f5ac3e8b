// Channel values as rows of a collapsible tree, with a diff against the parent checkpoint.
// Only expanded containers contribute rows, so a megabyte of state costs as many rows as are
// open; the diff walks both values once per selected checkpoint and marks each changed path
// (and the containers above it), so rows look their status up in a map.

export type DiffStatus = "added" | "removed" | "changed";

export type Path = ReadonlyArray<string | number>;

export interface ValueRow {
  path: Path;
  /** JSON of the path: the key for expansion and diff lookups. */
  id: string;
  key: string;
  value: unknown;
  depth: number;
  expandable: boolean;
  size: number;
  diff?: DiffStatus;
}

export function pathId(path: Path): string {
  return JSON.stringify(path);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

function entriesOf(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item]);
  if (isContainer(value)) return Object.entries(value);
  return [];
}

function childAt(value: unknown, key: string | number): unknown {
  if (Array.isArray(value)) return value[Number(key)];
  return isContainer(value) ? (value as Record<string, unknown>)[String(key)] : undefined;
}

function hasChild(value: unknown, key: string | number): boolean {
  if (Array.isArray(value)) return Number(key) < value.length;
  return isContainer(value) && Object.prototype.hasOwnProperty.call(value, String(key));
}

/** Every path whose value differs from the parent's, keyed by pathId; containers above a change are "changed". */
export function diffValues(current: unknown, parent: unknown): Map<string, DiffStatus> {
  const statuses = new Map<string, DiffStatus>();
  const walk = (a: unknown, b: unknown, path: Array<string | number>): boolean => {
    if (a === b) return false;
    if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) {
      if (path.length > 0) statuses.set(pathId(path), "changed");
      return true;
    }
    let changed = false;
    for (const [key, value] of entriesOf(a)) {
      path.push(key);
      if (!hasChild(b, key)) {
        statuses.set(pathId(path), "added");
        changed = true;
      } else if (walk(value, childAt(b, key), path)) changed = true;
      path.pop();
    }
    for (const [key] of entriesOf(b)) {
      if (hasChild(a, key)) continue;
      path.push(key);
      statuses.set(pathId(path), "removed");
      path.pop();
      changed = true;
    }
    if (changed && path.length > 0) statuses.set(pathId(path), "changed");
    return changed;
  };
  walk(current, parent, []);
  return statuses;
}

/**
 * Rows of the expanded part of `values`. Keys removed since the parent are listed (from the
 * parent's value) where they were, so the diff shows what went away.
 */
export function valueRows(values: unknown, parentValues: unknown, expanded: ReadonlySet<string>, diff: ReadonlyMap<string, DiffStatus>): ValueRow[] {
  const rows: ValueRow[] = [];
  const visit = (value: unknown, parent: unknown, path: Array<string | number>, depth: number): void => {
    const keys = entriesOf(value);
    for (const [key, child] of keys) addRow(child, childAt(parent, key), [...path, key], depth, false);
    for (const [key, gone] of entriesOf(parent)) {
      if (!hasChild(value, key)) addRow(gone, undefined, [...path, key], depth, true);
    }
  };
  const addRow = (value: unknown, parent: unknown, path: Array<string | number>, depth: number, removed: boolean): void => {
    const id = pathId(path);
    const container = isContainer(value);
    const size = container ? (Array.isArray(value) ? value.length : Object.keys(value).length) : 0;
    const status = removed ? "removed" : diff.get(id);
    rows.push({ path, id, key: String(path.at(-1)), value, depth, expandable: container && size > 0, size, ...(status ? { diff: status } : {}) });
    if (container && size > 0 && expanded.has(id)) visit(value, removed ? undefined : parent, path, depth + 1);
  };
  visit(values, parentValues, [], 0);
  return rows;
}

/** One-line rendering of a value for a tree row; long strings are cut (the editor shows all). */
export function previewValue(value: unknown, budget = 160): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (isContainer(value)) {
    if (looksLikeMessage(value)) return `${messageRole(value.type)}: ${cut(textOf(value.content), budget)}`;
    const keys = Object.keys(value);
    return `{${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}}`;
  }
  return cut(JSON.stringify(value) ?? String(value), budget);
}

function cut(text: string, budget: number): string {
  return text.length <= budget ? text : `${text.slice(0, budget - 1)}…`;
}

export interface MessageLike {
  type: string;
  content: unknown;
  [key: string]: unknown;
}

const messageTypes = new Set(["human", "ai", "system", "tool", "function", "remove", "developer", "generic"]);

/** A message type as people write it: "AI", "Human", "Tool", "System" (not "Ai" or "ai"). */
const roleLabels: Record<string, string> = {
  human: "Human",
  ai: "AI",
  system: "System",
  tool: "Tool",
  function: "Function",
  remove: "Remove",
  developer: "Developer",
  generic: "Message",
};

export function messageRole(type: string): string {
  return roleLabels[type] ?? type;
}

export function looksLikeMessage(value: unknown): value is MessageLike {
  return isContainer(value) && !Array.isArray(value) && typeof value.type === "string" && messageTypes.has(value.type) && "content" in value;
}

/** Text of a message content: a string, or the text parts of a content array. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === "string" ? part : isContainer(part) && typeof (part as { text?: unknown }).text === "string" ? (part as { text: string }).text : "",
      )
      .filter(Boolean)
      .join("\n");
  }
  return JSON.stringify(content) ?? "";
}

/** Channels holding a list of messages: these get the conversation rendering. */
export function messageChannels(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([, value]) => Array.isArray(value) && value.length > 0 && value.every(looksLikeMessage))
    .map(([key]) => key);
}
