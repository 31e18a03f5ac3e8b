// Writing files so that every byte lands or the caller hears why. A write may take only part of
// what it is given (a disk filling up takes what fits), and a short write ignored is data lost:
// a journal line acknowledged but cut, a db.json renamed into place half written.

import * as fs from "node:fs";
import { WorkspaceDbError } from "./errors";

function noProgress(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
}

/**
 * Writes all of `text` to `fd` and returns how many bytes that was. One call does it when the
 * disk takes it all (the usual case, so the hot path pays nothing more); otherwise the rest is
 * written until done, and a write that makes no progress is an error.
 */
export function writeFully(fd: number, text: string): number {
  const total = Buffer.byteLength(text);
  let written = fs.writeSync(fd, text);
  if (written === total) return total;
  const bytes = Buffer.from(text);
  while (written < total) {
    const more = fs.writeSync(fd, bytes, written, total - written);
    if (more <= 0) throw noProgress();
    written += more;
  }
  return total;
}

/** Writes `text` to `file` and waits until it is on disk; on failure `file` is removed. */
export function writeFileDurably(file: string, text: string): void {
  const fd = fs.openSync(file, "w");
  try {
    writeFully(fd, text);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}

/** Makes a rename in `directory` durable; not possible on every platform (Windows), hence best effort. */
export function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, "r");
    fs.fsyncSync(fd);
  } catch {
    // Best effort.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

/**
 * The error a user sees when writing `file` failed: what happened to their data (`outcome`),
 * and what to do (`then`, after freeing space when the disk is full).
 */
export function writeFailedError(file: string, error: unknown, outcome: string, then: string): WorkspaceDbError {
  const message = isDiskFull(error)
    ? `The disk holding ${file} is full: ${outcome} Free space on it, then ${then}`
    : `Could not write ${file} (${(error as Error).message}): ${outcome} Fix the cause (disk space, permissions), then ${then}`;
  return new WorkspaceDbError("DB_WRITE_FAILED", message, file, { cause: error });
}
