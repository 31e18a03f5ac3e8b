// Which store a session's run uses (launch attribute `rerunStore`, request session/rerunStore):
// "now", the live store, always; "asItWas", for a re-run from a past checkpoint, an overlay of
// the store as it was when that checkpoint was written (overlayStore.ts), which the runs that
// continue its branch keep using. The checkpoints those runs write remember their overlay, so
// their Store scope shows it.

import type { RerunStoreMode } from "../../protocol/engine";
import { EngineError } from "../errors";
import { keepsHistory, OverlayStore, type OverlayConflict, type OverlayWrite } from "./overlayStore";
import { recordingStore, type SessionStore } from "./recordingStore";
import { checkpointIdOf, type StateSnapshotLike } from "./snapshots";

export class RerunStores {
  /** The overlay of the last re-run "as it was", until discarded. */
  private overlay: OverlayStore | undefined;
  /** The overlay each checkpoint written against one was written with. */
  private readonly written = new Map<string, OverlayStore>();
  /** The run under way (or last run): its overlay and the thread's newest checkpoint before it. */
  private current: { overlay: OverlayStore; after: string } | undefined;

  constructor(
    private readonly live: SessionStore,
    private readonly touchedNamespaces: Map<string, string[]>,
    public mode: RerunStoreMode = "now",
  ) {}

  /**
   * The store for a run from `position`, `fromPast` when it re-runs a past checkpoint; `newest`
   * is the thread's newest checkpoint before the run. With a new overlay, also the Debug
   * Console line that says so. Throws when the overlay cannot be made.
   */
  storeForRun(position: StateSnapshotLike, fromPast: boolean, newest: string | undefined): { store: SessionStore; announce?: string } {
    const positionId = checkpointIdOf(position.config)!;
    this.current = undefined;
    if (this.mode === "now") return { store: this.live };
    let announce: string | undefined;
    if (fromPast) {
      const pending = this.overlay?.pending().length ?? 0;
      if (pending > 0) throw overlayPending(this.overlay!.label, pending);
      if (!keepsHistory(this.live)) throw noHistory();
      const createdAt = Date.parse(position.createdAt ?? "");
      if (Number.isNaN(createdAt)) throw new EngineError("internal", `Checkpoint ${positionId} has no creation time, so the store as it was then is unknown.`);
      const label = `as of step ${position.metadata?.step ?? "?"} · ${new Date(createdAt).toLocaleTimeString()}`;
      this.overlay = new OverlayStore(this.live, new Date(createdAt), label);
      announce = `Re-running with the store ${label}: writes go to an overlay (apply with \`langgraph/applyOverlay\`).\n`;
    } else if (this.overlay === undefined || this.written.get(positionId) !== this.overlay) {
      // Not on the overlay's branch: the live store.
      return { store: this.live };
    }
    this.current = { overlay: this.overlay, after: newest ?? "" };
    return { store: recordingStore(this.overlay, this.touchedNamespaces), ...(announce ? { announce } : {}) };
  }

  /** After a run: the checkpoints it wrote (newer than the thread's newest before it) belong to its overlay. */
  noteWritten(chain: readonly StateSnapshotLike[]): void {
    if (this.current === undefined) return;
    for (const snapshot of chain) {
      const id = checkpointIdOf(snapshot.config);
      // uuid6 checkpoint ids sort by creation time.
      if (id !== undefined && id > this.current.after) this.written.set(id, this.current.overlay);
    }
  }

  /** The overlay a checkpoint was written with, for its Store scope. */
  overlayOf(checkpointId: string): OverlayStore | undefined {
    return this.written.get(checkpointId);
  }

  pending(): { asOf?: string; writes: OverlayWrite[] } {
    return this.overlay ? { asOf: this.overlay.label, writes: this.overlay.pending() } : { writes: [] };
  }

  async apply(overwrite: boolean): Promise<{ applied: OverlayWrite[]; conflicts: OverlayConflict[] }> {
    if (this.overlay === undefined) return { applied: [], conflicts: [] };
    return this.overlay.apply(overwrite);
  }

  /** Drops the pending writes and ends the overlay: the branch's next runs use the live store. */
  discard(): OverlayWrite[] {
    const dropped = this.overlay?.discard() ?? [];
    this.overlay = undefined;
    return dropped;
  }

  /** What the end of the session loses, for the Debug Console; undefined when nothing. */
  unappliedNote(): string | undefined {
    const writes = this.overlay?.pending() ?? [];
    if (writes.length === 0) return undefined;
    const items = writes.map((write) => `${write.namespace.join("/")} · ${write.key}`).join(", ");
    return `The store overlay ${this.overlay!.label} had ${writes.length} unapplied write(s), now discarded: ${items}.\n`;
  }
}

function noHistory(): EngineError {
  return new EngineError(
    "noStoreHistory",
    "A re-run with the store as it was needs the earlier versions of the store's items, and only the workspace database keeps them: this session's store does not.",
    undefined,
    'Switch to the store as it is now (langgraph/rerunStore { "mode": "now" }, or "rerunStore": "now" in the launch configuration), or debug on the workspace database.',
  );
}

function overlayPending(label: string, count: number): EngineError {
  return new EngineError(
    "overlayPending",
    `The store overlay ${label} still holds ${count} write(s) of the last re-run, so a new re-run with the store as it was cannot start.`,
    undefined,
    'Apply them (`apply overlay` in the Debug Console, or langgraph/applyOverlay) or discard them (`discard overlay`), or switch to the store as it is now (langgraph/rerunStore { "mode": "now" }).',
  );
}
