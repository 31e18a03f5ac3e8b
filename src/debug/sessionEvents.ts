// What the engine tells a debug session, as DAP events: user code's console output, the
// session's stops, continues, output and end, and the engine process exiting. Only what
// concerns this session passes: a shared engine runs other sessions too.

import { ContinuedEvent, OutputEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { EngineClient } from "../engineClient/engineClient";
import type { SessionStop } from "../protocol/engine";
import { stopOutput, stoppedEvent } from "./dapShapes";
import type { PositionEvents } from "./positionEvents";

/** The session the events are forwarded to. */
export interface SessionEventsTarget {
  readonly threadId: number;
  readonly position: PositionEvents;
  sessionId(): string | undefined;
  isTerminated(): boolean;
  sendEvent(event: DebugProtocol.Event): void;
  /** A new stop, before its events go out: what named the previous stop is stale. */
  stopped(stop: SessionStop): void;
  /** Ends the DAP session (once). */
  finish(): void;
}

/** Subscribes to the engine for `target`; returns the unsubscribes (a shared engine outlives the session). */
export function forwardSessionEvents(engine: EngineClient, target: SessionEventsTarget): Array<() => void> {
  const ours = (sessionId: string) => sessionId === target.sessionId();
  return [
    // User code's console output: what this session's runs print, and what is printed outside
    // any session (on a shared engine, another session's lines are its own).
    engine.onLog((stream, line, sessionId) => {
      if (sessionId === undefined || ours(sessionId)) target.sendEvent(new OutputEvent(`${line}\n`, stream));
    }),
    engine.onExit((code, signal) => {
      if (target.isTerminated()) return;
      target.sendEvent(new OutputEvent(`The LangGraph engine process stopped (${signal ?? `exit code ${code}`}).\n`, "stderr"));
      target.finish();
    }),
    engine.onNotification("session/stopped", (stop) => {
      if (!ours(stop.sessionId)) return;
      target.stopped(stop);
      const output = stopOutput(stop);
      if (output) target.sendEvent(output);
      target.sendEvent(stoppedEvent(stop, target.threadId));
      target.position.stopped(engine, stop);
    }),
    engine.onNotification("session/continued", (event) => {
      if (!ours(event.sessionId)) return;
      target.sendEvent(new ContinuedEvent(target.threadId, true));
      target.position.set("running");
    }),
    engine.onNotification("session/output", (output) => {
      if (ours(output.sessionId)) target.sendEvent(new OutputEvent(output.text, output.category));
    }),
    engine.onNotification("session/terminated", (end) => {
      if (!ours(end.sessionId)) return;
      if (end.message) target.sendEvent(new OutputEvent(`${end.message}\n`, end.reason === "failed" ? "stderr" : "console"));
      target.finish();
    }),
  ];
}
