// An OpenAI-compatible chat completions server for tests, on 127.0.0.1: a real HTTP server that
// @langchain/openai's ChatOpenAI talks to through its own SDK, counting the requests it gets.
// Its answers are fixed rules: asked with tools and no tool result yet, it calls the first tool
// with { city } taken from the last user message; otherwise it answers in text built from the
// last tool result (or the user's words). `stream: true` gets server-sent events, word by word,
// with a last chunk holding the usage, as OpenAI sends it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: unknown[];
}

interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { function: { name: string } }[];
  stream?: boolean;
}

export interface OpenAiStandIn {
  /** `http://127.0.0.1:PORT/v1`, for ChatOpenAI's `configuration.baseURL`. */
  baseURL: string;
  /** Chat completion requests received so far. */
  readonly requests: ChatRequest[];
  /** Texts of the embedding requests received so far. */
  readonly embeddings: string[];
  /** The Authorization headers they came with (the key must reach the server, never the database). */
  readonly authorizations: string[];
  close(): Promise<void>;
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  const requests: ChatRequest[] = [];
  const authorizations: string[] = [];
  const embeddings: string[] = [];
  const server: Server = createServer((req, res) => void answer(req, res, requests, authorizations, embeddings));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    embeddings,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, requests: ChatRequest[], authorizations: string[], embeddings: string[]): Promise<void> {
  let body = "";
  for await (const chunk of req) body += chunk;
  if (req.method === "POST" && req.url?.endsWith("/embeddings")) {
    const request = JSON.parse(body) as { input: string | string[]; model: string; encoding_format?: string };
    const inputs = Array.isArray(request.input) ? request.input : [request.input];
    embeddings.push(...inputs);
    // A vector from the text's length and first letter: the same text gets the same vector.
    const data = inputs.map((text, index) => {
      const vector = new Float32Array([text.length, text.charCodeAt(0) || 0, 1]);
      const embedding = request.encoding_format === "base64" ? Buffer.from(vector.buffer).toString("base64") : [...vector];
      return { object: "embedding", index, embedding };
    });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data, model: request.model, usage: { prompt_tokens: 3, total_tokens: 3 } }));
    return;
  }
  if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
    return;
  }
  const request = JSON.parse(body) as ChatRequest;
  requests.push(request);
  authorizations.push(String(req.headers.authorization ?? ""));
  const reply = replyTo(request);
  const usage = { prompt_tokens: 10 * request.messages.length, completion_tokens: 7, total_tokens: 10 * request.messages.length + 7 };
  const id = `chatcmpl-${requests.length}`;
  if (!request.stream) {
    const message = { role: "assistant", content: reply.text, ...(reply.toolCall ? { tool_calls: [reply.toolCall] } : {}) };
    const finish = reply.toolCall ? "tool_calls" : "stop";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ id, object: "chat.completion", created: 0, model: request.model, choices: [{ index: 0, message, finish_reason: finish }], usage }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const send = (delta: Record<string, unknown>, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  send({ role: "assistant", content: "" });
  for (const word of reply.text.match(/\S+\s*/g) ?? []) send({ content: word });
  if (reply.toolCall) send({ tool_calls: [{ index: 0, ...reply.toolCall }] });
  send({}, reply.toolCall ? "tool_calls" : "stop");
  res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: request.model, choices: [], usage })}\n\n`);
  res.end("data: [DONE]\n\n");
}

function replyTo(request: ChatRequest): { text: string; toolCall?: { id: string; type: "function"; function: { name: string; arguments: string } } } {
  const last = request.messages.at(-1);
  const userText = [...request.messages].reverse().find((message) => message.role === "user")?.content ?? "";
  if (request.tools?.length && last?.role === "user") {
    const city = /\bin\s+([A-Z][a-z]+)/.exec(userText ?? "")?.[1] ?? "Paris";
    return {
      text: "",
      toolCall: {
        id: `call_${city.toLowerCase()}`,
        type: "function",
        function: { name: request.tools[0]!.function.name, arguments: JSON.stringify({ city }) },
      },
    };
  }
  if (last?.role === "tool") return { text: `The weather service says: ${String(last.content)}` };
  return { text: `You said: ${userText}` };
}
