// The Postgres backend's errors: connection problems as one clear message naming the database
// by its URL without the password (the password never reaches a message or a log), and checkpoints
// that are not there.

import { EngineError, describeCause, isEngineError } from "../errors";
import { dbErrors } from "./dbErrors";

/** The URL as it may be shown: without its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "";
    return parsed.toString();
  } catch {
    return "(an invalid postgres:// URL)";
  }
}

export function isPostgresUrl(url: string): boolean {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Where the data lives, as `dbPath`: the URL without its password, and the schema when not "public". */
export function locationOf(url: string, schema: string): string {
  const shown = redactedUrl(url);
  if (schema === "public" || !shown.includes("://")) return shown;
  const parsed = new URL(shown);
  parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

/** The database's errors as the contract's: connection problems as one clear message naming the URL (never its password). */
export function describePostgresError(error: unknown, location: string): unknown {
  if (isEngineError(error)) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : "";
  if (/Invalid namespace|Namespace (labels )?cannot/i.test(text)) return dbErrors.invalidInput(text, location);
  const cannotConnect: Record<string, string> = {
    ECONNREFUSED: "nothing answers at that host and port",
    ENOTFOUND: "the host name is unknown",
    ETIMEDOUT: "the connection timed out",
    "28P01": "the password was refused",
    "28000": "the server refused this user",
    "3D000": "the database does not exist",
  };
  const reason = typeof code === "string" ? cannotConnect[code] : /timeout/i.test(text) ? cannotConnect.ETIMEDOUT : undefined;
  if (reason === undefined) return new EngineError("internal", `${location}: ${describeCause(error)}`, location);
  return new EngineError(
    "dbNotOpen",
    `Cannot connect to the Postgres database ${location}: ${reason}.`,
    location,
    "Check that the server runs and the URL's host, port, user, password and database are right.",
  );
}

export function threadNotFound(threadId: string, location: string): EngineError {
  return new EngineError(
    "checkpointNotFound",
    `${location} has no thread "${threadId}" (it has no checkpoints, or it was deleted).`,
    location,
    "Refresh the list of threads.",
  );
}

export function checkpointNotFound(threadId: string, checkpointId: string, location: string): EngineError {
  return new EngineError(
    "checkpointNotFound",
    `Thread "${threadId}" has no checkpoint ${checkpointId} in ${location}.`,
    location,
    "Refresh the thread's checkpoints; it may have been deleted.",
  );
}
