// Renders plain values (plainValue.ts) as Variables-view entries: one level at a time, so a
// large state costs only the children asked for. Messages preview as `ai: "Your name is Bob."`.

import type { VariableEntry } from "../../protocol/engine";
import { isPlainMessage, type Plain } from "./plainValue";

const PREVIEW_LENGTH = 120;
/** Children listed per request; longer arrays end with a "…" entry saying how many are left. */
const MAX_CHILDREN = 1000;

/** The value at `path` inside `root`, or undefined when the path leads nowhere. */
export function valueAt(root: Plain, path: ReadonlyArray<string | number>): Plain | undefined {
  let current: Plain | undefined = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[String(segment)];
  }
  return current;
}

export function childEntries(value: Plain | undefined, editable: boolean): VariableEntry[] {
  if (value === null || value === undefined || typeof value !== "object") return [];
  const entries = Array.isArray(value)
    ? value.slice(0, MAX_CHILDREN).map((item, index) => describeEntry(String(index), item, editable))
    : Object.entries(value)
        .slice(0, MAX_CHILDREN)
        .map(([key, item]) => describeEntry(key, item, editable));
  const total = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (total > MAX_CHILDREN) {
    entries.push({ name: "…", value: `${total - MAX_CHILDREN} more not shown`, type: "", expandable: false });
  }
  return entries;
}

export function describeEntry(name: string, value: Plain, editable: boolean): VariableEntry {
  const expandable = value !== null && typeof value === "object" && Object.keys(value).length > 0;
  const size = value !== null && typeof value === "object" ? (Array.isArray(value) ? value.length : Object.keys(value).length) : undefined;
  return {
    name,
    value: preview(value),
    type: typeOf(value),
    expandable,
    ...(size !== undefined ? { size } : {}),
    ...(editable ? { editable } : {}),
  };
}

export function typeOf(value: Plain): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return isPlainMessage(value) ? `${value.type} message` : "object";
  return typeof value;
}

export function preview(value: Plain, budget = PREVIEW_LENGTH): string {
  if (value === null) return "null";
  if (typeof value === "string") return truncate(JSON.stringify(value), budget);
  if (typeof value !== "object") return String(value);
  if (isPlainMessage(value))
    return truncate(`${value.type}: ${typeof value.content === "string" ? JSON.stringify(value.content) : preview(value.content, budget)}`, budget);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return truncate(
      `(${value.length}) [${value
        .slice(0, 5)
        .map((item) => preview(item, 40))
        .join(", ")}${value.length > 5 ? ", …" : ""}]`,
      budget,
    );
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  return truncate(
    `{${keys
      .slice(0, 5)
      .map((key) => `${key}: ${preview(value[key] ?? null, 30)}`)
      .join(", ")}${keys.length > 5 ? ", …" : ""}}`,
    budget,
  );
}

function truncate(text: string, budget: number): string {
  return text.length <= budget ? text : `${text.slice(0, budget - 1)}…`;
}
