// What a recorded call's request is, as a replay compares it: plain JSON in a canonical form
// (keys sorted), its sha256, secrets replaced, and the differences between two requests for
// the error a strict replay gives.

import { createHash } from "node:crypto";

export const REDACTED = "[redacted]";

/** Field and header names whose values are credentials (matched whole, case-insensitively). */
const SECRET_NAME =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|api_key|openai_api_key|anthropic_api_key|x-goog-api-key|client_secret|secret|password|passwd|access_token|refresh_token|id_token|session_token|auth_token|token|key)$|(?:api[-_]?key|secret[-_]?key|access[-_]?key|private[-_]?key)$/i;
/** Values that are credentials whatever they are called. */
const SECRET_VALUE = /^(?:Bearer|Basic|Token)\s+\S+|^(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}|^(?:ghp|gho|github_pat|xox[abpr])_[A-Za-z0-9_]{8,}/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `value` as plain JSON with credentials replaced by "[redacted]"; functions and symbols dropped, cycles cut. */
export function redactSecrets(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return SECRET_VALUE.test(value) ? REDACTED : value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value === "boolean") return value;
  if (typeof value !== "object") return undefined;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (typeof (value as { toJSON?: unknown }).toJSON === "function" && !Array.isArray(value)) {
      const json = (value as { toJSON(): unknown }).toJSON();
      if (json !== value) return redactSecrets(json, seen);
    }
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      if (isSecretName(name)) {
        if (item !== undefined && item !== null && item !== "") out[name] = REDACTED;
        continue;
      }
      const plain = redactSecrets(item, seen);
      if (plain !== undefined) out[name] = plain;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A URL with the values of credential query parameters (`?key=…`, `?api_key=…`) replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let changed = false;
    for (const name of [...parsed.searchParams.keys()]) {
      if (isSecretName(name)) {
        parsed.searchParams.set(name, REDACTED);
        changed = true;
      }
    }
    if (parsed.username || parsed.password) {
      parsed.username = "";
      parsed.password = "";
      changed = true;
    }
    return changed ? parsed.toString() : url;
  } catch {
    return url;
  }
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** `value` with every object's keys in order; objects already in order (how requests are built) are not copied. */
function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const sorted = sortKeys(value[i]);
      if (sorted !== value[i]) (copy ??= value.slice())[i] = sorted;
    }
    return copy ?? value;
  }
  const keys = Object.keys(value);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  let out: Record<string, unknown> | undefined;
  const ordered = inOrder ? keys : [...keys].sort();
  for (const key of ordered) {
    const item = (value as Record<string, unknown>)[key];
    const sorted = sortKeys(item);
    if (!out && (!inOrder || sorted !== item)) {
      out = {};
      for (const earlier of ordered) {
        if (earlier === key) break;
        out[earlier] = (value as Record<string, unknown>)[earlier];
      }
    }
    if (out) out[key] = sorted;
  }
  return out ?? value;
}

export function requestHash(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

/** Where two requests differ, as `path: before → after` lines (at most `limit`). */
export function requestDifferences(recorded: unknown, now: unknown, limit = 5): string[] {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (lines.length >= limit) return;
    if (canonicalJson(a) === canonicalJson(b)) return;
    const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
    if (!bothObjects) {
      const [before, after] = typeof a === "string" && typeof b === "string" ? aroundDifference(a, b) : [brief(a), brief(b)];
      lines.push(`${path || "(the request)"}: ${before} → ${after}`);
      return;
    }
    const keys = Array.isArray(a)
      ? [...Array(Math.max(a.length, (b as unknown[]).length)).keys()].map(String)
      : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    for (const key of keys) {
      const next = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], next);
    }
  };
  walk(recorded, now, "");
  return lines;
}

/** Two long texts cut to where they first differ: `"…the same words, then the change…"`. */
function aroundDifference(a: string, b: string): [string, string] {
  if (a.length <= 120 && b.length <= 120) return [JSON.stringify(a), JSON.stringify(b)];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  const from = Math.max(0, start - 40);
  const cut = (text: string) => `${from > 0 ? "…" : ""}${JSON.stringify(text.slice(from, start + 60)).slice(1, -1)}${start + 60 < text.length ? "…" : ""}`;
  return [`"${cut(a)}"`, `"${cut(b)}"`];
}

function brief(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
