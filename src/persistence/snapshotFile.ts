// lowdb's adapter for the snapshot: reads and checks `db.json`, writes it atomically (temporary
// file, fsync, rename) after keeping the previous one as `db.json.bak`, and refuses to replace
// a file someone else changed since we last read or wrote it.

import * as fs from "node:fs";
import * as path from "node:path";
import type { SyncAdapter } from "lowdb" with { "resolution-mode": "import" };
import { syncDirectory, writeFailedError, writeFileDurably } from "./fileWrites";
import type { LoadedSnapshot } from "./format";
import { formatSnapshot, parseSnapshot } from "./format";
import type { FileIdentity, SnapshotIndex, ThreadRanges } from "./snapshotIndex";
import { LazyThreads, readSnapshotIndex, readWithoutThreads, sameIdentity, threadRangesOf, unreadStoreHistory, writeSnapshotIndex } from "./snapshotIndex";
import { StoreHistory } from "./storeHistory";

function identity(file: string): FileIdentity | undefined {
  try {
    const stat = fs.statSync(file);
    return { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Thrown by `write` when the file changed under us: the caller reloads and merges first. */
export class ExternalChangeError extends Error {
  override readonly name = "ExternalChangeError";
}

export class SnapshotFile implements SyncAdapter<LoadedSnapshot | null> {
  /** The file as we last read or wrote it; anything else is someone else's change. */
  private seen: FileIdentity | undefined;
  /** Size of the snapshot text, to decide when the journal is worth folding in. */
  bytes = 0;

  constructor(
    readonly file: string,
    readonly backup: string,
  ) {}

  read(): LoadedSnapshot | null {
    const before = identity(this.file);
    if (before === undefined) {
      this.seen = undefined;
      return null;
    }
    const backup = fs.existsSync(this.backup) ? this.backup : undefined;
    this.seen = before;
    this.bytes = before.size;
    // The file as we wrote it: everything but the threads now, each thread when first used.
    const index = readSnapshotIndex(this.file, before);
    if (index) {
      const loaded = parseSnapshot(readWithoutThreads(this.file, index), this.file, backup);
      loaded.state.threads = new LazyThreads(this.file, index, this.backup);
      const history = unreadStoreHistory(this.file, index, this.backup);
      if (history !== undefined) loaded.state.storeHistory = new StoreHistory(history);
      return loaded;
    }
    return parseSnapshot(fs.readFileSync(this.file, "utf8"), this.file, backup);
  }

  changedSinceSeen(): boolean {
    return !sameIdentity(identity(this.file), this.seen);
  }

  /** db.json as we last read or wrote it (undefined: there was none). */
  get seenIdentity(): FileIdentity | undefined {
    return this.seen;
  }

  write(data: LoadedSnapshot | null): void {
    if (data === null) return;
    const text = formatSnapshot(data.state, data.journal);
    const temporary = path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
    try {
      writeFileDurably(temporary, text);
    } catch (error) {
      // Nothing was replaced: db.json and the journal still hold every change.
      throw writeFailedError(
        this.file,
        error,
        "it and its journal were left as they were, so no change is lost, and changes still go to the journal.",
        "close the database (end the debug session) to fold the journal into it.",
      );
    }
    this.replaceWith(temporary, text.length, threadRangesOf(text));
  }

  /**
   * Makes `temporary` (a complete snapshot, already on disk) the new db.json, keeping the old one
   * as db.json.bak, and writes its index. Refuses with ExternalChangeError when db.json changed
   * since we last read or wrote it; `temporary` is removed whenever it is not put in place.
   */
  replaceWith(temporary: string, chars: number, ranges: ThreadRanges | undefined): SnapshotIndex | undefined {
    if (this.changedSinceSeen()) {
      fs.rmSync(temporary, { force: true });
      throw new ExternalChangeError(`${this.file} changed on disk`);
    }
    try {
      if (this.seen !== undefined) this.keepBackup();
      fs.renameSync(temporary, this.file);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(path.dirname(this.file));
    this.seen = identity(this.file);
    this.bytes = chars;
    return writeSnapshotIndex(this.file, ranges, this.seen);
  }

  private keepBackup(): void {
    const temporary = `${this.backup}.tmp`;
    fs.rmSync(temporary, { force: true });
    try {
      // A hard link keeps the old snapshot without copying it.
      fs.linkSync(this.file, temporary);
    } catch {
      try {
        fs.copyFileSync(this.file, temporary);
      } catch (error) {
        // A full disk, say: db.json is not replaced, and no partial copy stays behind.
        fs.rmSync(temporary, { force: true });
        throw writeFailedError(
          this.backup,
          error,
          `${path.basename(this.file)} and its journal were left as they were, so no change is lost.`,
          "close the database (end the debug session) to fold the journal into it.",
        );
      }
    }
    fs.renameSync(temporary, this.backup);
  }
}
