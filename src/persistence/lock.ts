// One writer per database: a lock file created exclusively, naming the process that holds it.
// A lock left by a process that no longer runs (a crash) is taken over; a live one is an error
// that says who holds it, so two windows never interleave writes.

import * as fs from "node:fs";
import * as os from "node:os";
import { WorkspaceDbError } from "./errors";

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  token: string;
}

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
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
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
      token: Math.random().toString(36).slice(2),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(owner) + "\n", { flag: "wx" });
        return new WriterLock(file, owner.token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readOwner(file);
      const sameHost = holder?.hostname === os.hostname();
      if (holder !== undefined && (!sameHost || isRunning(holder.pid))) {
        const where = sameHost ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.hostname}`;
        throw new WorkspaceDbError(
          "DB_LOCKED",
          `The LangGraph workspace database ${database} is already open in ${where} (since ${holder.startedAt}). ` +
            `Only one process may write to it: close it there (another VS Code window, or your own app), ` +
            `or open it with { readOnly: true }. If no such process exists, delete ${file}.`,
          database,
        );
      }
      // The holder is gone (or the lock file is unreadable, e.g. cut short by a crash): take it over.
      fs.rmSync(file, { force: true });
    }
    throw new WorkspaceDbError("DB_LOCKED", `Could not take the lock ${file} for ${database}: another process keeps taking it.`, database);
  }

  /** True while the lock file still names this process (someone may have deleted it by hand). */
  isHeld(): boolean {
    return readOwner(this.file)?.token === this.token;
  }

  release(): void {
    if (this.isHeld()) fs.rmSync(this.file, { force: true });
  }
}
