// How the adapter presents a LangGraph session in DAP's terms: what it supports, the scopes of a
// checkpoint frame, and the events of a stop. Pure: no engine, no session state.

import { OutputEvent, StoppedEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { CheckpointFrame, ScopeKind, SessionStop } from "../protocol/engine";

export const ADAPTER_CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsFunctionBreakpoints: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsStepBack: true,
  supportsRestartFrame: true,
  supportsSetVariable: true,
  supportsSetExpression: true,
  supportsEvaluateForHovers: true,
  supportsExceptionInfoRequest: true,
  supportsTerminateRequest: true,
  exceptionBreakpointFilters: [
    { filter: "nodeErrors", label: "Node errors", description: "Stop when a node throws, at the checkpoint before it.", default: true },
    { filter: "interrupts", label: "Interrupts", description: "Stop when a node calls interrupt() and waits for a human's answer.", default: true },
  ],
};

/** The scopes of every frame (a checkpoint), in the order the Variables view lists them. */
export const SCOPES: Array<{ kind: Exclude<ScopeKind, "evaluation">; name: string; expensive: boolean }> = [
  { kind: "state", name: "State", expensive: false },
  { kind: "next", name: "Next", expensive: false },
  { kind: "writes", name: "Writes", expensive: false },
  { kind: "calls", name: "Calls", expensive: false },
  { kind: "context", name: "Context", expensive: false },
  { kind: "config", name: "Config & metadata", expensive: false },
  { kind: "store", name: "Store", expensive: true },
];

const STOP_REASONS: Record<SessionStop["reason"], string> = {
  entry: "entry",
  step: "step",
  breakpoint: "function breakpoint",
  interrupt: "interrupt",
  exception: "exception",
  pause: "pause",
  end: "end",
  goto: "goto",
  fork: "fork",
};

/**
 * "Store · as of step 1 · 14:03:07": the store as it was when the frame's checkpoint was written,
 * given the frame when the store keeps history; plain "Store" otherwise. A frame a re-run wrote
 * against a store overlay: "Store · overlay as of step 0 · 14:03:07".
 */
export function storeScopeName(frame: Pick<CheckpointFrame, "step" | "createdAt" | "storeOverlay"> | undefined): string {
  if (frame?.storeOverlay !== undefined) return `Store · ${frame.storeOverlay}`;
  if (frame?.createdAt === undefined) return "Store";
  return `Store · as of step ${frame.step} · ${new Date(frame.createdAt).toLocaleTimeString()}`;
}

/** The Debug Console line of a stop worth a line (an interrupt, an error, the end, a fork, a thread opened). */
export function stopOutput(stop: SessionStop): OutputEvent | undefined {
  if (!(stop.reason === "interrupt" || stop.reason === "exception" || stop.reason === "end" || stop.reason === "fork" || stop.opened)) return undefined;
  return new OutputEvent(
    `${stop.description}\n${stop.reason === "interrupt" && stop.text ? `${stop.text}\n` : ""}`,
    stop.reason === "exception" ? "stderr" : "console",
  );
}

export function stoppedEvent(stop: SessionStop, threadId: number): DebugProtocol.StoppedEvent {
  const event: DebugProtocol.StoppedEvent = new StoppedEvent(STOP_REASONS[stop.reason], threadId);
  event.body.description = stop.description;
  if (stop.reason === "exception" || stop.reason === "interrupt") event.body.text = stop.description;
  if (stop.breakpointIds) event.body.hitBreakpointIds = stop.breakpointIds;
  event.body.allThreadsStopped = true;
  return event;
}
