// The session's position as the `langgraph/position` DAP event (src/protocol/debugEvents.ts):
// stopped at a checkpoint, running, or ended. It keeps the last position for the custom request
// that asks for it, and drops a late answer about a stop that is no longer the position.

import { Event } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { EngineClient } from "../engineClient/engineClient";
import { POSITION_EVENT, type PositionEventBody } from "../protocol/debugEvents";
import type { SessionStop } from "../protocol/engine";
import { debugErrors } from "./debugErrors";

export class PositionEvents {
  /** What every position event repeats; set once the engine opened the session. */
  private base: Omit<PositionEventBody, "status"> | undefined;
  private position: PositionEventBody | undefined;
  /** Counts position changes, so a late answer about an older stop is dropped. */
  private seq = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly sendEvent: (event: DebugProtocol.Event) => void) {}

  /** No event is sent before this: the session's database, graph and thread. */
  opened(base: Omit<PositionEventBody, "status">): void {
    this.base = base;
  }

  /** The position event of a stop, with the step and next nodes of its checkpoint (one frame of the stack). */
  stopped(engine: EngineClient, stop: SessionStop): void {
    const seq = ++this.seq;
    const stopped = { checkpointId: stop.checkpointId, reason: stop.reason, description: stop.description };
    this.pending = engine
      .request("session/stack", { sessionId: stop.sessionId, limit: 1 })
      .then(({ frames: [frame] }) => (frame?.checkpointId === stop.checkpointId ? { step: frame.step, name: frame.name, next: frame.next } : {}))
      .catch(() => ({}))
      .then((where) => {
        if (seq === this.seq) this.set("stopped", { ...stopped, ...where });
      });
  }

  set(status: PositionEventBody["status"], details: Partial<PositionEventBody> = {}): void {
    if (!this.base || this.position?.status === "ended") return;
    this.seq++;
    this.position = { ...this.base, status, ...details };
    this.sendEvent(new Event(POSITION_EVENT, this.position));
  }

  /** The position once a stop's details have arrived. */
  async current(): Promise<PositionEventBody> {
    await this.pending;
    if (!this.position) throw debugErrors.noSession();
    return this.position;
  }
}
