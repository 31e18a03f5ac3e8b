// The store's query rules, as LangGraph's Python reference defines them: namespace validation,
// label-wise prefix matching, filters with operators and dotted paths, namespace listing.

import { InvalidNamespaceError } from "@langchain/langgraph-checkpoint";
import { invalidInput } from "./errors";
import type { Json } from "./records";
import type { DbState } from "./state";

/** Same rules and error class as BaseStore.put; applied to every put that reaches batch(). */
export function validateNamespace(namespace: unknown): asserts namespace is string[] {
  const shown = () => JSON.stringify(namespace);
  if (!Array.isArray(namespace) || namespace.length === 0) throw new InvalidNamespaceError(`Namespace cannot be empty. Got ${shown()}.`);
  for (const label of namespace) {
    if (typeof label !== "string") throw new InvalidNamespaceError(`Invalid namespace label ${JSON.stringify(label)} in ${shown()}: labels must be strings.`);
    if (label === "") throw new InvalidNamespaceError(`Namespace labels cannot be empty strings. Got ${shown()}.`);
    if (label.includes(".")) throw new InvalidNamespaceError(`Invalid namespace label '${label}' in ${shown()}: labels cannot contain periods ('.').`);
  }
  if (namespace[0] === "langgraph") throw new InvalidNamespaceError(`Root label for namespace cannot be "langgraph". Got ${shown()}.`);
}

/** Label-by-label order: a namespace sorts right after its own prefixes. */
export function compareLabels(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

export function sortedNamespaces(state: DbState): string[] {
  if (state.sortedNamespaces === undefined) {
    state.sortedNamespaces = [...state.store.keys()].sort((a, b) => compareLabels(state.store.get(a)!.labels, state.store.get(b)!.labels));
  }
  return state.sortedNamespaces;
}

function hasPrefix(labels: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > labels.length) return false;
  for (let i = 0; i < prefix.length; i++) if (labels[i] !== prefix[i]) return false;
  return true;
}

/** Keys of the namespaces under `prefix`, compared label by label (["docs","a"] ≠ ["docs","ab"]). */
export function namespacesUnder(state: DbState, prefix: readonly string[]): string[] {
  const sorted = sortedNamespaces(state);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareLabels(state.store.get(sorted[mid])!.labels, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  const found: string[] = [];
  for (let i = lo; i < sorted.length && hasPrefix(state.store.get(sorted[i])!.labels, prefix); i++) found.push(sorted[i]);
  return found;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

function valueAtPath(value: Json, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split(".")) {
    // Own keys only: "__proto__" or "constructor" must not find what every object inherits.
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function ordered(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"]);

function isOperatorObject(filter: unknown): filter is Record<string, unknown> {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) return false;
  const keys = Object.keys(filter);
  return keys.length > 0 && keys.every((key) => key.startsWith("$"));
}

function matchesOperator(actual: unknown, operator: string, expected: unknown): boolean {
  switch (operator) {
    case "$eq":
      return deepEqual(actual, expected);
    case "$ne":
      return !deepEqual(actual, expected);
    case "$gt":
      return (ordered(actual, expected) ?? NaN) > 0;
    case "$gte":
      return (ordered(actual, expected) ?? NaN) >= 0;
    case "$lt":
      return (ordered(actual, expected) ?? NaN) < 0;
    case "$lte":
      return (ordered(actual, expected) ?? NaN) <= 0;
    case "$in":
      return Array.isArray(expected) && expected.some((candidate) => deepEqual(actual, candidate));
    case "$nin":
      return Array.isArray(expected) && !expected.some((candidate) => deepEqual(actual, candidate));
    default:
      throw invalidInput(`Unsupported filter operator ${operator}: use one of ${[...OPERATORS].join(", ")}.`);
  }
}

/** Checks a filter once, so a bad operator fails the search even when no item is tested. */
export function checkFilter(filter: Record<string, unknown> | undefined): void {
  for (const condition of Object.values(filter ?? {})) {
    if (!isOperatorObject(condition)) continue;
    for (const operator of Object.keys(condition)) {
      if (!OPERATORS.has(operator)) matchesOperator(undefined, operator, undefined);
    }
  }
}

/** A filter key is a dotted path into the value; its condition is a value or operators ($gt…). */
export function matchesFilter(value: Json, filter: Record<string, unknown>): boolean {
  for (const [path, condition] of Object.entries(filter)) {
    const actual = valueAtPath(value, path);
    if (isOperatorObject(condition)) {
      for (const [operator, expected] of Object.entries(condition)) if (!matchesOperator(actual, operator, expected)) return false;
    } else if (!deepEqual(actual, condition)) return false;
  }
  return true;
}

export interface NamespaceCondition {
  matchType: "prefix" | "suffix";
  path: readonly string[];
}

export function matchesCondition(labels: readonly string[], { matchType, path }: NamespaceCondition): boolean {
  if (path.length > labels.length) return false;
  const offset = matchType === "prefix" ? 0 : labels.length - path.length;
  return path.every((label, i) => label === "*" || labels[offset + i] === label);
}

export function listNamespaces(
  state: DbState,
  conditions: readonly NamespaceCondition[],
  maxDepth: number | undefined,
  limit: number,
  offset: number,
): string[][] {
  const result: string[][] = [];
  let skipped = 0;
  let previous: string[] | undefined;
  for (const key of sortedNamespaces(state)) {
    const labels = state.store.get(key)!.labels;
    if (!conditions.every((condition) => matchesCondition(labels, condition))) continue;
    const shown = maxDepth === undefined ? labels : labels.slice(0, maxDepth);
    // Sorted label-wise, so namespaces cut to the same depth arrive one after another.
    if (previous !== undefined && compareLabels(previous, shown) === 0) continue;
    previous = shown;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (result.length >= limit) break;
    result.push([...shown]);
  }
  return result;
}
