// Which store items each step of a thread wrote: thread → the checkpoint the step ran from →
// the items (itemId) with a version written by it. store-writes.ts reads only those items
// instead of every item's history. Built from the whole state on first use, then kept up to
// date by applyEntry (state.ts). It may name more items than still hold such a version (after
// retention trims one, or a rename moves it away): readers skip those.

import type { StoreWriter } from "./records";
import { itemId } from "./storeHistory";
import type { StoreHistory } from "./storeHistory";

export class StepWriteIndex {
  private readonly byThread = new Map<string, Map<string, Set<string>>>();

  /** Notes that `writer` (when it is a step of a thread) wrote the item `key` of `namespace`. */
  note(namespace: string, key: string, writer: StoreWriter | undefined): void {
    const checkpointId = writer?.checkpointId;
    if (writer === undefined || checkpointId === undefined) return;
    let byCheckpoint = this.byThread.get(writer.threadId);
    if (byCheckpoint === undefined) this.byThread.set(writer.threadId, (byCheckpoint = new Map()));
    let items = byCheckpoint.get(checkpointId);
    if (items === undefined) byCheckpoint.set(checkpointId, (items = new Set()));
    items.add(itemId(namespace, key));
  }

  /** The items each step of `threadId` wrote, by the checkpoint the step ran from. */
  stepsOf(threadId: string): ReadonlyMap<string, ReadonlySet<string>> {
    return this.byThread.get(threadId) ?? new Map<string, ReadonlySet<string>>();
  }

  /** A rename moved the item's versions (history and value) to `to`: the steps that wrote them wrote there. */
  noteMoved(to: [string, string], history: StoreHistory, current: StoreWriter | undefined): void {
    for (const version of history.versions(...to)) this.note(...to, version.writtenBy);
    this.note(...to, current);
  }
}
