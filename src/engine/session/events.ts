// The session runtime's events, as a typed map: the debug adapter and the webview host subscribe
// by name and get checked payloads (mock-debug's runtime uses untyped strings; ours does not).

import { EventEmitter } from "node:events";
import type { SessionStop } from "../../protocol/engine";

/** A stop as the protocol reports it, before the handlers add the session and thread. */
export type SessionStopEvent = Omit<SessionStop, "sessionId" | "threadId">;

export interface SessionEvents {
  stopped: SessionStopEvent;
  continued: Record<string, never>;
  output: { category: "stdout" | "stderr" | "console"; text: string };
  terminated: { reason: "finished" | "failed" | "closed"; message?: string };
}

export class TypedEmitter<Events extends object> {
  private readonly emitter = new EventEmitter();

  on<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  protected emit<E extends keyof Events & string>(event: E, payload: Events[E]): void {
    this.emitter.emit(event, payload);
  }
}
