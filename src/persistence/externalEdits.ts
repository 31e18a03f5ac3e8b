// Edits of db.json made by hand or by git: a file watcher notices them, and they are merged
// with this process's pending changes (merge.ts), conflicts saved aside.

import * as fs from "node:fs";
import * as path from "node:path";
import { CompactingDatabase } from "./compaction";
import { isWorkspaceDbError } from "./errors";
import type { LoadedSnapshot } from "./format";
import { foldingJournalOf, replayJournals } from "./journal";
import type { StoreItemRecord } from "./records";
import { storeHistoryLimit } from "./databaseCore";
import { emptyState } from "./state";
import type { DbState } from "./state";
import { versionOf } from "./storeHistory";

export abstract class WatchedDatabase extends CompactingDatabase {
  protected watcher: fs.FSWatcher | undefined;
  protected reloadTimer: NodeJS.Timeout | undefined;

  /** Checks db.json now rather than waiting for the file watcher. */
  checkForExternalChange(): void {
    if (!this.closed && this.snapshot.changedSinceSeen()) this.reload();
  }

  /** Reloads db.json after someone else changed it; false when it does not parse. */
  protected reload(): boolean {
    // db.json changed under a background fold: its result is stale (and must never replace a
    // file that does not parse), so give it up first.
    this.abandonBackground();
    let loaded: LoadedSnapshot | null;
    try {
      this.low.read();
      loaded = this.low.data;
    } catch (error) {
      if (!isWorkspaceDbError(error, "DB_CORRUPT")) throw error;
      this.brokenFile = error;
      this.report(error);
      return false;
    } finally {
      this.low.data = null;
    }
    this.brokenFile = undefined;
    const theirs = loaded?.state ?? emptyState();
    theirs.storeHistory.limit = storeHistoryLimit(this.options);
    if (this.journal === undefined) {
      // Read-only: the writer's journals hold what db.json does not yet.
      replayJournals(theirs, { ...(loaded?.journal ?? { id: "", seq: 0 }) }, `${this.file}.journal`, false);
      this.state = theirs;
    } else {
      this.journal.flushNow();
      const conflicts = this.changes.mergeInto(theirs, this.state);
      theirs.storeHistory.absorb(this.state.storeHistory);
      const editedItems = recordOutsideEdits(this.state, theirs, this.seq);
      this.state = theirs;
      const records = Object.keys(conflicts);
      if (records.length > 0) {
        const conflictFile = `${this.file}.conflict-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
        fs.writeFileSync(
          conflictFile,
          JSON.stringify({ note: "Your versions of records that this program also changed; its versions were kept in db.json.", records: conflicts }, null, 2) +
            "\n",
        );
        this.options.onEvent?.({ type: "conflict", file: this.file, conflictFile, records });
      }
      // Write the merged result back so db.json shows it, unless nothing of ours was pending.
      if (!this.changes.empty || editedItems || loaded === null || fs.existsSync(foldingJournalOf(this.journal.file))) {
        this.changes.clear();
        this.compact();
      }
    }
    this.options.onEvent?.({ type: "reloaded", file: this.file });
    return true;
  }

  /**
   * A writer watches db.json itself: watching the directory would also report every journal
   * append, and that costs a kernel event per put. Editors and git replace the file rather than
   * write it in place, and so do we when compacting, so the watch moves to the new file after
   * each event and each compaction. A reader watches the directory, to follow the journal too.
   */
  protected watch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.closed) return;
    const name = path.basename(this.file);
    const onChange = () => {
      if (this.closed) return;
      // Editors and git write in several steps: wait for the file to settle.
      if (this.reloadTimer) this.reloadTimer.refresh();
      else this.reloadTimer = setTimeout(() => this.onWatchEvent(), 50).unref();
    };
    const watchDirectory = (alsoJournal: boolean) =>
      fs.watch(path.dirname(this.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name || (alsoJournal && changed === `${name}.journal`)) onChange();
      });
    try {
      if (this.journal === undefined) this.watcher = watchDirectory(true);
      else {
        try {
          this.watcher = fs.watch(this.file, { persistent: false }, onChange);
        } catch {
          // db.json is gone for now (deleted, or between git's steps): wait for it to come back.
          this.watcher = watchDirectory(false);
        }
      }
      // E.g. the watched file deleted on Windows: look again once things settle.
      this.watcher.on("error", onChange);
    } catch {
      // No watcher on this file system: changes are still caught before every compaction.
    }
  }

  protected onWatchEvent(): void {
    this.reloadTimer = undefined;
    // First follow the file to wherever it is now, then look: no change can fall in between.
    if (this.journal !== undefined) this.watch();
    try {
      if (this.journal === undefined) this.reload();
      else this.checkForExternalChange();
    } catch (error) {
      this.report(error);
    }
  }
}

/**
 * After db.json was edited by another process: every store item that `theirs` (the edited file,
 * our own changes merged in) holds otherwise than `ours` did was changed there. Its value in
 * `ours` becomes an earlier version, and the new value (or a deletion) is noted as "written by
 * another process", at the time we noticed unless the edit moved updatedAt on. `seq`: the last
 * journal entry applied. Returns whether any item was changed so.
 */
function recordOutsideEdits(ours: DbState, theirs: DbState, seq: number): boolean {
  const now = Date.now();
  let changed = false;
  const theirItems = (namespace: string) => theirs.store.get(namespace)?.items;
  for (const [namespace, space] of ours.store) {
    for (const [key, before] of space.items) {
      const after = theirItems(namespace)?.get(key);
      if (after !== undefined && JSON.stringify(after.value) === JSON.stringify(before.value)) continue;
      changed = true;
      theirs.storeHistory.add(namespace, key, versionOf(before, seq), after !== undefined);
      if (after === undefined) theirs.storeHistory.add(namespace, key, { at: Math.max(now, before.updatedAt), seq, deleted: true, origin: "external" }, false);
      else markOutside(after, before.updatedAt, now);
    }
  }
  for (const [namespace, space] of theirs.store) {
    for (const [key, after] of space.items) {
      if (ours.store.get(namespace)?.items.has(key)) continue;
      changed = true;
      markOutside(after, 0, now);
    }
  }
  return changed;
}

function markOutside(item: StoreItemRecord, before: number, now: number): void {
  item.origin = "external";
  delete item.writtenBy;
  // Versions stay in order of time: an edit that left updatedAt as it was is dated when seen.
  if (item.updatedAt <= before) item.updatedAt = Math.max(now, before + 1);
}
