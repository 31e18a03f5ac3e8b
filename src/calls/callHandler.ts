// The contract between the interception of calls (langchainCalls.ts, fetchCalls.ts) and whoever
// records and replays them: a debug session (engine/session/callRecorder.ts) or a regression
// test (src/testing). The interception knows how to take a call apart and put a response back
// together; the handler decides whether a call goes live or replays a recording.

import type { CallKind } from "../persistence/records";

/** A call about to be made, its request already plain JSON without secrets. */
export interface CallSite {
  kind: CallKind;
  /** The model's class (`ChatOpenAI`), the tool's name, or `POST api.example.com`. */
  name: string;
  model?: string;
  request: unknown;
}

/** The runnable config LangChain runs the call under (the node's, with LangGraph's metadata). */
export type CallConfig = { metadata?: Record<string, unknown>; configurable?: Record<string, unknown> } | undefined;

export interface CallOutcome {
  response?: unknown;
  error?: unknown;
  usage?: { input: number; output: number };
  /** The response could not be kept for a replay. */
  unreplayable?: boolean;
}

/** One call as the handler sees it: a recorded response to return, and where its outcome goes. */
export interface CallTicket {
  /** The response to give back instead of calling out (a replay); undefined: go live. */
  replay?: unknown;
  finish(outcome: CallOutcome): void;
}

export interface CallHandler {
  /** Decides about a call; throws to fail it (a strict replay without a recording). */
  begin(site: CallSite, config: CallConfig): CallTicket;
}

/** The handler of the run the current code belongs to, if it records calls. */
export type CurrentHandler = () => CallHandler | undefined;
