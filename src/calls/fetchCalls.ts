// Recording and replaying HTTP requests a node makes with `fetch` itself: SDKs without a
// LangChain model class (a search API, an embeddings endpoint, a provider's own client).
// `globalThis.fetch` is wrapped once per process; a request made inside a recorded model or
// tool call is part of that call and passes untouched (callNesting.ts). The body is read from
// a clone as it arrives, so the caller still streams it; a replay streams the recorded chunks.

import type { CallConfig, CallHandler, CurrentHandler } from "./callHandler";
import { insideRecordedCall } from "./callNesting";
import { isSecretName, REDACTED, redactUrl } from "./requests";

const WRAPPED = Symbol.for("langgraph-debugger.recordedFetch");

/** How an HTTP response is recorded. `chunks` (text) or `base64` (a binary body) holds the body. */
export interface RecordedHttpResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  chunks?: string[];
  base64?: string;
}

/** Headers that say what the body is; the rest (user agents, SDK versions) change without changing the request. */
const REQUEST_HEADERS = ["content-type", "accept"];

export function interceptFetch(current: CurrentHandler, configOf: () => CallConfig): void {
  const original = globalThis.fetch as typeof fetch & { [WRAPPED]?: true };
  if (typeof original !== "function" || original[WRAPPED]) return;
  const wrapped = async function recordedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const handler = insideRecordedCall() ? undefined : current();
    if (!handler) return original(input, init);
    return recordFetch(handler, configOf(), original, input, init);
  } as typeof fetch & { [WRAPPED]?: true };
  wrapped[WRAPPED] = true;
  globalThis.fetch = wrapped;
}

async function recordFetch(
  handler: CallHandler,
  config: CallConfig,
  original: typeof fetch,
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, init);
  const body = await requestBody(request.clone());
  const url = redactUrl(request.url);
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const host = safeHost(request.url);
  const site = {
    kind: "http" as const,
    name: `${request.method} ${host}`,
    request: { method: request.method, url, headers, ...(body !== undefined ? { body } : {}) },
  };
  const ticket = handler.begin(site, config);
  if (ticket.replay !== undefined) {
    ticket.finish({ response: ticket.replay });
    return responseFrom(ticket.replay as RecordedHttpResponse);
  }
  let response: Response;
  try {
    response = await original(input, init);
  } catch (error) {
    ticket.finish({ error });
    throw error;
  }
  const recorded: RecordedHttpResponse = { status: response.status, headers: {} };
  if (response.statusText) recorded.statusText = response.statusText;
  response.headers.forEach((value, name) => {
    // The recorded body is decoded, and its length is the replay's own.
    if (name === "content-encoding" || name === "content-length" || name === "transfer-encoding") return;
    recorded.headers[name] = isSecretName(name) ? REDACTED : value;
  });
  const textual = /json|text|event-stream|xml|javascript|x-www-form-urlencoded/i.test(response.headers.get("content-type") ?? "text/plain");
  const copy = response.clone();
  // Read beside the caller: the call is recorded once its body has arrived.
  void readBody(copy, textual).then(
    (read) =>
      ticket.finish(
        body === undefined && request.body !== null ? { unreplayable: true, response: { ...recorded, ...read } } : { response: { ...recorded, ...read } },
      ),
    (error: unknown) => ticket.finish({ error }),
  );
  return response;
}

/** The request body as text, when it is text or bytes; undefined when there is none or it is a stream. */
async function requestBody(request: Request): Promise<string | undefined> {
  if (request.body === null) return undefined;
  try {
    return await request.text();
  } catch {
    return undefined;
  }
}

async function readBody(response: Response, textual: boolean): Promise<{ chunks?: string[]; base64?: string }> {
  if (response.body === null) return {};
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  if (!textual) return { base64: Buffer.concat(parts).toString("base64") };
  const decoder = new TextDecoder();
  return { chunks: parts.map((part, i) => decoder.decode(part, { stream: i < parts.length - 1 })) };
}

function responseFrom(recorded: RecordedHttpResponse): Response {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] =
    recorded.base64 !== undefined ? [Buffer.from(recorded.base64, "base64")] : (recorded.chunks ?? []).map((chunk) => encoder.encode(chunk));
  const nullBody = [101, 204, 205, 304].includes(recorded.status);
  const body = nullBody
    ? null
    : new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      });
  return new Response(body, { status: recorded.status, statusText: recorded.statusText, headers: recorded.headers });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
