// Where each running `langgraph` debug session stands, from the adapter's `langgraph/position`
// custom event (src/protocol/debugEvents.ts). The status bar, the Threads view and the
// debugger webview follow it, so every surface shows the position the debug toolbar drives.

import * as vscode from "vscode";
import { POSITION_EVENT, type CustomRequests, type PositionEventBody } from "../protocol/debugEvents";
import { DEBUG_TYPE } from "./debugAdapter";

export interface SessionPosition extends PositionEventBody {
  session: vscode.DebugSession;
}

export class DebugPositionTracker implements vscode.Disposable {
  private readonly positions = new Map<string, SessionPosition>();
  private readonly changed = new vscode.EventEmitter<SessionPosition>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** A session stopped, continued or ended. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.disposables.push(
      vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
        if (event.session.type !== DEBUG_TYPE || event.event !== POSITION_EVENT) return;
        this.update({ ...(event.body as PositionEventBody), session: event.session });
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const last = this.positions.get(session.id);
        if (!last) return;
        this.positions.delete(session.id);
        if (last.status !== "ended") this.changed.fire({ ...last, status: "ended" });
      }),
    );
  }

  /** The active debug session's position when it is a LangGraph session, else the latest one. */
  get current(): SessionPosition | undefined {
    const active = vscode.debug.activeDebugSession;
    if (active && this.positions.has(active.id)) return this.positions.get(active.id);
    return [...this.positions.values()].at(-1);
  }

  /** Positions of every live session. */
  all(): SessionPosition[] {
    return [...this.positions.values()].filter((position) => position.status !== "ended");
  }

  /** Positions of live sessions on the database of `configFile`. */
  forConfig(configFile: string): SessionPosition[] {
    return [...this.positions.values()].filter((position) => position.configFile === configFile && position.status !== "ended");
  }

  /** Sends one of the adapter's custom requests to a session. */
  static request<C extends keyof CustomRequests>(
    session: vscode.DebugSession,
    command: C,
    args: CustomRequests[C]["args"],
  ): Promise<CustomRequests[C]["result"]> {
    return Promise.resolve(session.customRequest(command, args));
  }

  private update(position: SessionPosition): void {
    if (position.status === "ended") this.positions.delete(position.session.id);
    else this.positions.set(position.session.id, position);
    this.changed.fire(position);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
