// A chat model's answer as it is recorded (plain JSON) and as it is given back on a replay
// (the user's own LangChain message classes). A recording keeps the whole message and, when it
// streamed, its chunks too: a replay through `_generate` returns the message, a replay through
// `_streamResponseChunks` streams the chunks (or the message as one chunk).

type Fields = Record<string, unknown>;

/** The classes of the user's @langchain/core that a replayed answer is made of. */
export interface MessageClasses {
  AIMessage: new (fields: Fields) => unknown;
  AIMessageChunk: new (fields: Fields) => unknown;
  ChatGenerationChunk: new (fields: { text: string; message: unknown; generationInfo?: Fields }) => unknown;
}

/** How a recorded model response looks in the database. */
export interface RecordedModelResponse {
  message: Fields;
  generationInfo?: Fields;
  llmOutput?: Fields;
  /** The chunks as they streamed: text and message fields each. */
  chunks?: { text: string; message: Fields; generationInfo?: Fields }[];
}

const MESSAGE_FIELDS = ["content", "id", "name", "tool_calls", "invalid_tool_calls", "usage_metadata", "response_metadata", "additional_kwargs"];
const CHUNK_FIELDS = ["content", "id", "name", "tool_call_chunks", "usage_metadata", "response_metadata", "additional_kwargs"];

function plain(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== "object") return value;
  return JSON.parse(JSON.stringify(value));
}

function pick(message: unknown, fields: string[]): Fields {
  const picked: Fields = {};
  for (const field of fields) {
    const value = (message as Fields)[field];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && field !== "content") continue;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    picked[field] = plain(value);
  }
  return picked;
}

/** `_generate`'s ChatResult, recorded. */
export function recordResult(result: unknown): RecordedModelResponse {
  const { generations, llmOutput } = result as { generations: { message: unknown; generationInfo?: Fields }[]; llmOutput?: Fields };
  const first = generations[0];
  const recorded: RecordedModelResponse = { message: pick(first?.message ?? {}, MESSAGE_FIELDS) };
  if (first?.generationInfo && Object.keys(first.generationInfo).length > 0) recorded.generationInfo = plain(first.generationInfo) as Fields;
  if (llmOutput && Object.keys(llmOutput).length > 0) recorded.llmOutput = plain(llmOutput) as Fields;
  return recorded;
}

/** The chunks `_streamResponseChunks` yielded, recorded, with the message they add up to. */
export function recordChunks(chunks: readonly unknown[]): RecordedModelResponse {
  const recordedChunks = chunks.map((chunk) => {
    const { text, message, generationInfo } = chunk as { text?: string; message: unknown; generationInfo?: Fields };
    const recorded: { text: string; message: Fields; generationInfo?: Fields } = { text: text ?? "", message: pick(message, CHUNK_FIELDS) };
    if (generationInfo && Object.keys(generationInfo).length > 0) recorded.generationInfo = plain(generationInfo) as Fields;
    return recorded;
  });
  let whole: unknown;
  for (const chunk of chunks) whole = whole === undefined ? chunk : (whole as { concat(other: unknown): unknown }).concat(chunk);
  const message = whole === undefined ? { content: "" } : pick((whole as { message: unknown }).message, MESSAGE_FIELDS);
  // A streamed message's tool calls are parsed from its chunks: keep the parsed ones only.
  delete message.tool_call_chunks;
  return { message, chunks: recordedChunks };
}

function asRecorded(response: unknown): RecordedModelResponse {
  const recorded = response as RecordedModelResponse;
  if (typeof recorded !== "object" || recorded === null || typeof recorded.message !== "object") {
    throw new Error(`The recorded model response is not a message: ${JSON.stringify(response)?.slice(0, 200)}`);
  }
  return recorded;
}

/** A recorded response as `_generate` returns it. */
export function fromRecordedResult(response: unknown, classes: MessageClasses): unknown {
  const recorded = asRecorded(response);
  const message = new classes.AIMessage({ ...recorded.message });
  const text = typeof recorded.message.content === "string" ? recorded.message.content : ((message as { text?: string }).text ?? "");
  return {
    generations: [{ text, message, ...(recorded.generationInfo ? { generationInfo: recorded.generationInfo } : {}) }],
    ...(recorded.llmOutput ? { llmOutput: recorded.llmOutput } : {}),
  };
}

/** A recorded response as `_streamResponseChunks` yields it. */
export function fromRecordedChunks(response: unknown, classes: MessageClasses): unknown[] {
  const recorded = asRecorded(response);
  const chunks = recorded.chunks ?? [
    { text: typeof recorded.message.content === "string" ? recorded.message.content : "", message: wholeAsChunk(recorded.message) },
  ];
  return chunks.map(
    (chunk) =>
      new classes.ChatGenerationChunk({
        text: chunk.text,
        message: new classes.AIMessageChunk({ ...chunk.message }),
        ...(chunk.generationInfo ? { generationInfo: chunk.generationInfo } : {}),
      }),
  );
}

/** A whole message as one chunk: its parsed tool calls become chunks. */
function wholeAsChunk(message: Fields): Fields {
  const { tool_calls: toolCalls, invalid_tool_calls: _invalid, ...rest } = message;
  if (!Array.isArray(toolCalls) || toolCalls.length === 0) return rest;
  return {
    ...rest,
    tool_call_chunks: toolCalls.map((call: { name?: string; args?: unknown; id?: string }, index) => ({
      name: call.name,
      args: JSON.stringify(call.args ?? {}),
      id: call.id,
      index,
      type: "tool_call_chunk",
    })),
  };
}
