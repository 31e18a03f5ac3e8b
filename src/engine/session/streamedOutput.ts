// What the Debug Console shows of a model call while it streams: the answer's tokens as text, as
// they arrive, and each tool call once, complete, when the call ends ("→ tool upsertMemory({…})").
// Providers report a tool call's JSON arguments in fragments through the same token callback as
// answer text (Anthropic's input_json_delta, for one): a token whose chunk carries
// tool_call_chunks is such a fragment, never printed as text.
//
// The handler listens to LLM events only and is handed to the models alone by tokenRouting.ts
// (LangGraph's "messages" stream mode would observe every node run as well). A plain object: the
// user's @langchain/core accepts handlers by shape.

import type { TokenHandler } from "./sessionRun";

export type Emit = (category: "stdout" | "console", text: string) => void;

interface ToolCallLike {
  name?: unknown;
  args?: unknown;
}

export class StreamedOutput {
  /** The model run whose tokens are being printed: its line is open. */
  private openRun: string | undefined;

  constructor(private readonly emit: Emit) {}

  readonly handler: TokenHandler = {
    name: "langgraph-debugger-tokens",
    ignoreChain: true,
    ignoreAgent: true,
    ignoreRetriever: true,
    ignoreCustomEvent: true,
    // Chat models stream (and so report tokens) only when a handler asks for it.
    lc_prefer_streaming: true,
    handleLLMNewToken: (token: unknown, _index: unknown, runId: string, _parent: unknown, _tags: unknown, fields?: { chunk?: unknown }) => {
      if (typeof token !== "string" || isToolCallFragment(fields?.chunk)) return;
      this.token(runId, token);
    },
    handleLLMEnd: (output: unknown) => {
      this.endLine();
      for (const call of toolCallsOf(output)) this.emit("console", `→ tool ${String(call.name)}(${JSON.stringify(call.args ?? {})})\n`);
    },
  };

  /**
   * A piece of a model's answer, `run` naming the call (or the message) it belongs to: from the
   * handler here, or from a LangGraph server's "messages" stream for a graph that runs there.
   */
  token(run: string, text: string): void {
    if (text === "") return;
    if (this.openRun !== undefined && this.openRun !== run) this.endLine();
    this.openRun = run;
    this.emit("stdout", text);
  }

  /** Ends the streamed line, so what is printed next starts on a line of its own. */
  endLine(): void {
    if (this.openRun === undefined) return;
    this.openRun = undefined;
    this.emit("stdout", "\n");
  }
}

function isToolCallFragment(chunk: unknown): boolean {
  const fragments = (chunk as { message?: { tool_call_chunks?: unknown } } | undefined)?.message?.tool_call_chunks;
  return Array.isArray(fragments) && fragments.length > 0;
}

/** The tool calls of an LLMResult's first generation (a chat model's AIMessage). */
function toolCallsOf(output: unknown): ToolCallLike[] {
  const generations = (output as { generations?: unknown } | undefined)?.generations;
  const first =
    Array.isArray(generations) && Array.isArray(generations[0]) ? (generations[0][0] as { message?: { tool_calls?: unknown } } | undefined) : undefined;
  const calls = first?.message?.tool_calls;
  return Array.isArray(calls) ? calls.filter((call): call is ToolCallLike => typeof call === "object" && call !== null) : [];
}
