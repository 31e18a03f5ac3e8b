// Turns values from the user's graph (class instances of the user's LangGraph and LangChain,
// Maps, Dates, cycles) into plain JSON-safe data before anything crosses the process boundary.
// Messages become `{ type, content, id, ... }`, the shape LangGraph's messages reducer accepts
// back, so an edited message can be written with updateState. `__pregel_*` internals are dropped.

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

const MAX_DEPTH = 64;

export function isInternalKey(key: string): boolean {
  return key.startsWith("__pregel_");
}

export function toPlain(value: unknown): Plain {
  return convert(value, new Set(), 0);
}

function convert(value: unknown, seen: Set<object>, depth: number): Plain {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return null;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return "[Circular]";
  if (depth > MAX_DEPTH) return "[Too deep]";
  seen.add(object);
  try {
    return convertObject(object, seen, depth + 1);
  } finally {
    seen.delete(object);
  }
}

function convertObject(object: object, seen: Set<object>, depth: number): Plain {
  if (Array.isArray(object)) return object.map((item) => convert(item, seen, depth));
  if (object instanceof Date) return object.toISOString();
  if (object instanceof Map)
    return convertEntries(
      [...object.entries()].map(([key, item]) => [String(key), item]),
      seen,
      depth,
    );
  if (object instanceof Set) return [...object].map((item) => convert(item, seen, depth));
  if (object instanceof RegExp) return object.toString();
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  if (object instanceof Error) return { name: object.name, message: object.message };
  if (isMessageLike(object)) return convertEntries(Object.entries(messageFields(object)), seen, depth);
  const serialised = lcSerialised(object);
  if (serialised) return convertEntries(Object.entries(serialised), seen, depth);
  if (typeof (object as { toJSON?: unknown }).toJSON === "function" && !isPlainObject(object)) {
    return convert((object as { toJSON: () => unknown }).toJSON(), seen, depth);
  }
  return convertEntries(Object.entries(object), seen, depth);
}

function convertEntries(entries: Array<[string, unknown]>, seen: Set<object>, depth: number): Plain {
  const result: { [key: string]: Plain } = {};
  for (const [key, item] of entries) {
    if (isInternalKey(key) || item === undefined || typeof item === "function") continue;
    const plain = convert(item, seen, depth);
    // Assigning "__proto__" would set the prototype and lose the key: define it instead.
    if (key === "__proto__") Object.defineProperty(result, key, { value: plain, enumerable: true, writable: true, configurable: true });
    else result[key] = plain;
  }
  return result;
}

function isPlainObject(object: object): boolean {
  const prototype = Object.getPrototypeOf(object);
  return prototype === null || prototype === Object.prototype;
}

/** A LangChain BaseMessage from any copy of @langchain/core, told by shape. */
export function isMessageLike(value: unknown): value is { content: unknown; id?: string } {
  if (typeof value !== "object" || value === null || !("content" in value)) return false;
  const candidate = value as { lc_namespace?: unknown; _getType?: unknown; type?: unknown };
  return Array.isArray(candidate.lc_namespace) && (typeof candidate._getType === "function" || typeof candidate.type === "string");
}

/** The fields a message is rebuilt from: empty extras are left out to keep the view short. */
function messageFields(message: object): Record<string, unknown> {
  const source = message as Record<string, unknown> & { _getType?: () => string };
  const type = typeof source.type === "string" ? source.type : source._getType?.();
  const fields: Record<string, unknown> = { type, content: source.content };
  for (const key of [
    "id",
    "name",
    "tool_calls",
    "tool_call_id",
    "invalid_tool_calls",
    "additional_kwargs",
    "response_metadata",
    "usage_metadata",
    "status",
    "artifact",
  ]) {
    const item = source[key];
    if (item === undefined || item === null) continue;
    if (Array.isArray(item) && item.length === 0) continue;
    if (typeof item === "object" && !Array.isArray(item) && Object.keys(item).length === 0) continue;
    fields[key] = item;
  }
  return fields;
}

/** Other LangChain serialisables (Documents, prompts): their constructor kwargs. */
function lcSerialised(object: object): Record<string, unknown> | undefined {
  const candidate = object as { lc_serializable?: unknown; lc_kwargs?: unknown };
  if (candidate.lc_serializable === true && typeof candidate.lc_kwargs === "object" && candidate.lc_kwargs !== null) {
    return candidate.lc_kwargs as Record<string, unknown>;
  }
  return undefined;
}

/** A plain message view (`{ type, content }`) as the Variables view and tests read it. */
export function isPlainMessage(value: Plain): value is { type: string; content: Plain } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof value.type === "string" && "content" in value;
}
