// One writer per database: a lock file naming the process that holds it. A lock left by a process
// that no longer runs (a crash) is taken over; a live one is an error that says who holds it, so
// two windows never interleave writes.
//
// Exactly one writer, even when several processes start at once over a stale lock:
// - the lock's content is complete whenever the file is visible: it is written to a temporary
//   file first and hard-linked into place, and link fails atomically when the name exists;
// - a stale lock is removed only by the process that created the takeover marker for THAT
//   owner's token (`<lock>.takeover-<token>`, created the same way). It re-reads the lock and
//   removes it only if it still names that token, so a fresh lock made meanwhile by another
//   process is never removed. A marker left by a process that died while holding it is itself
//   taken over the same way (its own marker), so two processes cannot both clear it.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import { WorkspaceDbError, type LockHolder } from "./errors";

interface LockOwner extends LockHolder {
  token: string;
}

/** How long to keep trying while another process is taking a stale lock over, or a lock is unreadable. */
const GIVE_UP_AFTER_MS = 5000;
/** The pause after losing a race, for the winner to finish. */
const RACE_WAIT_MS = 10;
/** An unreadable lock younger than this may still be being written by an older version (create, then write). */
const UNREADABLE_GRACE_MS = 2000;
/** How many crashed takeovers in a row are cleared before giving up. */
const MAX_MARKER_DEPTH = 4;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockOwner> | null;
    return typeof owner?.pid === "number" && typeof owner.token === "string" ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `file` holding the owner, complete from the moment it exists; false when it exists. */
function createExclusive(file: string, owner: LockOwner): boolean {
  const content = JSON.stringify(owner) + "\n";
  const temp = `${file}.${owner.token}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temp, content, { flag: "wx" });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // A file system without hard links: exclusive create, then write (a reader may see it empty
    // for a moment; the grace period for unreadable locks covers that).
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") return createThenWrite(file, content);
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function createThenWrite(file: string, content: string): boolean {
  try {
    fs.writeFileSync(file, content, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** What identifies the holder of `file` for a takeover: its token, or for an unreadable file, the file itself. */
type Holder = { kind: "owner"; owner: LockOwner } | { kind: "unreadable"; key: string; ageMs: number } | { kind: "gone" };

function holderOf(file: string): Holder {
  const owner = readOwner(file);
  if (owner) return { kind: "owner", owner };
  try {
    const stat = fs.statSync(file);
    return { kind: "unreadable", key: `unreadable-${stat.ino}-${Math.round(stat.mtimeMs)}-${stat.size}`, ageMs: Date.now() - stat.mtimeMs };
  } catch {
    return { kind: "gone" };
  }
}

function keyOf(holder: Holder): string | undefined {
  return holder.kind === "owner" ? holder.owner.token : holder.kind === "unreadable" ? holder.key : undefined;
}

/** Whether the holder named by a `DB_LOCKED` error is known to have ended (on this machine). */
export function lockHolderGone(holder: LockHolder): boolean {
  return holder.hostname === os.hostname() && !isRunning(holder.pid);
}

function isStale(holder: Holder): boolean {
  if (holder.kind === "owner") return holder.owner.hostname === os.hostname() && !isRunning(holder.owner.pid);
  return holder.kind === "unreadable" && holder.ageMs > UNREADABLE_GRACE_MS;
}

/**
 * Removes the stale `file` whose holder has `key`, if this process wins the takeover marker for
 * that key. Returns false when another live process is taking it over (wait and look again).
 */
function removeStale(file: string, key: string, me: LockOwner, depth: number): boolean {
  const marker = `${file}.takeover-${key}`;
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(marker, me)) break;
    const holder = holderOf(marker);
    const markerKey = keyOf(holder);
    if (holder.kind === "gone") {
      if (attempt < 10) continue;
      return false;
    }
    // A live process holds the marker, or it was created a moment ago: it is that one's turn.
    if (!isStale(holder) || markerKey === undefined || depth >= MAX_MARKER_DEPTH) return false;
    // Its creator died while taking over: clear its marker the same way, then try again.
    if (!removeStale(marker, markerKey, me, depth + 1)) return false;
  }
  try {
    if (keyOf(holderOf(file)) === key) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(marker, { force: true });
  }
  return true;
}

export class WriterLock {
  private constructor(
    readonly file: string,
    private readonly token: string,
  ) {}

  static acquire(file: string, database: string): WriterLock {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: os.hostname(),
      startedAt: new Date().toISOString(),
      token: randomBytes(12).toString("hex"),
    };
    const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
    while (Date.now() < giveUpAt) {
      if (createExclusive(file, owner)) return new WriterLock(file, owner.token);
      const holder = holderOf(file);
      if (holder.kind === "gone") continue;
      if (holder.kind === "owner" && !isStale(holder)) throw lockedError(file, database, holder.owner);
      // An unreadable lock still in its grace period, or a takeover under way elsewhere: wait.
      if (!isStale(holder) || !removeStale(file, keyOf(holder)!, owner, 0)) sleep(RACE_WAIT_MS);
    }
    throw new WorkspaceDbError(
      "DB_LOCKED",
      `Could not take the lock ${file} for ${database}: it stayed unreadable or kept changing hands. Close other programs using the database; if none runs, delete ${file}.`,
      database,
    );
  }

  /** True while the lock file still names this process (someone may have deleted it by hand). */
  isHeld(): boolean {
    return readOwner(this.file)?.token === this.token;
  }

  release(): void {
    if (this.isHeld()) fs.rmSync(this.file, { force: true });
  }
}

function lockedError(file: string, database: string, holder: LockOwner): WorkspaceDbError {
  const where = holder.hostname === os.hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.hostname}`;
  return new WorkspaceDbError(
    "DB_LOCKED",
    `The LangGraph workspace database ${database} is already open in ${where} (since ${holder.startedAt}). ` +
      `Only one process may write to it: close it there (another VS Code window, or your own app), ` +
      `or open it with { readOnly: true }. If no such process exists, delete ${file}.`,
    database,
    { holder: { pid: holder.pid, hostname: holder.hostname, startedAt: holder.startedAt } },
  );
}
