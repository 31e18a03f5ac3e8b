// The change listeners of a backend other processes write beside us (a Postgres database, a
// LangGraph server): its own writes reach them at once (`emit`), other writers' by polling a
// fingerprint of the data while anyone listens, at a bounded interval, stopped on close.

import type { DbChange } from "../../protocol/engine";

type ChangeListener = (change: DbChange) => void;

export class PolledChanges {
  private readonly listeners = new Set<ChangeListener>();
  private readonly intervalMs: number;
  private poller?: { timer: NodeJS.Timeout; last?: string };

  /**
   * @param fingerprint changes whenever anyone writes (undefined: could not tell this time)
   * @param intervalMs how often to look, clamped to 250 … 60000 ms
   */
  constructor(
    private readonly location: string,
    private readonly fingerprint: () => Promise<string | undefined>,
    intervalMs = 2000,
  ) {
    this.intervalMs = Math.min(60_000, Math.max(250, intervalMs));
  }

  /** DataBackend.onChange. */
  listen(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.poller) {
      const poller: { timer: NodeJS.Timeout; last?: string } = { timer: setInterval(() => void this.poll(poller), this.intervalMs) };
      poller.timer.unref();
      this.poller = poller;
      void this.poll(poller);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Tells every listener of a write of ours. */
  emit(change: Omit<DbChange, "dbPath">): void {
    for (const listener of this.listeners) listener({ dbPath: this.location, ...change });
  }

  close(): void {
    this.stop();
    this.listeners.clear();
  }

  /** Another writer changes the fingerprint: the views refresh (`external`). */
  private async poll(poller: { last?: string }): Promise<void> {
    const now = await this.fingerprint().catch(() => undefined);
    if (now === undefined || this.poller !== poller) return;
    if (poller.last !== undefined && now !== poller.last) this.emit({ kinds: ["external"] });
    poller.last = now;
  }

  private stop(): void {
    if (this.poller) clearInterval(this.poller.timer);
    this.poller = undefined;
  }
}
