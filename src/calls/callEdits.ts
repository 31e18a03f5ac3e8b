// "What if the model had said X": an edited copy of a recorded call. The original stays as it
// was; the copy, newer and marked `editedFrom`, is what a re-run of the call's step replays.

import { randomUUID } from "node:crypto";
import type { CallRecord } from "../persistence/records";
import type { RecordedModelResponse } from "./modelResponses";

/**
 * `original` answering `response` instead. For a model, text replaces the answer (and its tool
 * calls: the model said X instead); for a tool, text or JSON is its result; an object shaped as
 * the recorded response replaces it whole (HTTP: status, headers, chunks).
 */
export function editedCall(original: CallRecord, response: unknown): CallRecord {
  const edited: CallRecord = {
    ...original,
    id: randomUUID(),
    editedFrom: original.id,
    startedAt: new Date().toISOString(),
    latencyMs: 0,
    response: editedResponse(original, response),
  };
  delete edited.replayedFrom;
  delete edited.error;
  delete edited.usage;
  delete edited.unreplayable;
  return edited;
}

function editedResponse(original: CallRecord, response: unknown): unknown {
  if (response === undefined || response === null)
    throw new Error(`Give the new response of ${original.name} call ${original.index} of ${original.node}: text, or the whole recorded response as JSON.`);
  if (original.kind === "model") {
    if (typeof response === "object" && typeof (response as RecordedModelResponse).message === "object") return response;
    const before = (original.response as RecordedModelResponse | undefined)?.message ?? {};
    const message: Record<string, unknown> = { content: typeof response === "string" ? response : JSON.stringify(response) };
    if (before.id !== undefined) message.id = before.id;
    if (before.response_metadata !== undefined) message.response_metadata = before.response_metadata;
    return { message };
  }
  if (original.kind === "tool") {
    if (typeof response === "object" && "output" in (response as object)) return response;
    return { output: response };
  }
  if (typeof response === "string") {
    const before = (original.response as { status?: number; headers?: Record<string, string> } | undefined) ?? {};
    return { status: before.status ?? 200, headers: before.headers ?? {}, chunks: [response] };
  }
  if (typeof (response as { status?: unknown }).status !== "number")
    throw new Error("An edited HTTP response needs a numeric status (with headers and chunks), or the new body as text.");
  return response;
}
