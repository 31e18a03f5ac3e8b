// Values as a regression test compares them: plain JSON, LangChain messages as what they say
// (type, content, tool calls), and every UUID (a message's id, a store key from randomUUID)
// read "<uuid>", since those differ from run to run without anything having changed.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function comparable(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return value.replace(UUID, "<uuid>");
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? value.toString() : typeof value === "function" ? undefined : value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  try {
    if (isMessage(value)) return comparable(messageFields(value), seen);
    if (Array.isArray(value)) return value.map((item) => comparable(item, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = comparable((value as Record<string, unknown>)[key], seen);
      if (item !== undefined) out[key.replace(UUID, "<uuid>")] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

type MessageLike = { content: unknown; getType?: () => string; _getType?: () => string; type?: unknown } & Record<string, unknown>;

function isMessage(value: object): value is MessageLike {
  const candidate = value as MessageLike;
  return "content" in candidate && (typeof candidate.getType === "function" || typeof candidate._getType === "function");
}

function messageFields(message: MessageLike): Record<string, unknown> {
  const type = typeof message.type === "string" ? message.type : (message.getType?.() ?? message._getType?.());
  const fields: Record<string, unknown> = { type, content: message.content };
  const toolCalls = message.tool_calls as Array<{ name?: unknown; args?: unknown; id?: unknown }> | undefined;
  if (Array.isArray(toolCalls) && toolCalls.length > 0) fields.tool_calls = toolCalls.map(({ name, args, id }) => ({ name, args, id }));
  if (typeof message.tool_call_id === "string") fields.tool_call_id = message.tool_call_id;
  if (typeof message.name === "string") fields.name = message.name;
  return fields;
}

/** A thread input as plain JSON LangGraph accepts again: messages become `{ role, content, … }`. */
export function plainInput(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plainInput);
  if (isMessage(value)) {
    const type = typeof value.type === "string" ? value.type : (value.getType?.() ?? value._getType?.());
    const role = type === "human" ? "user" : type === "ai" ? "assistant" : String(type);
    const message: Record<string, unknown> = { role, content: value.content };
    for (const field of ["tool_calls", "tool_call_id", "name", "id"]) {
      const item = value[field];
      if (item !== undefined && !(Array.isArray(item) && item.length === 0)) message[field] = item;
    }
    return JSON.parse(JSON.stringify(message));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = plainInput(item);
  return JSON.parse(JSON.stringify(out));
}
