// The Postgres backend's errors: connection problems as one clear message naming the database
// by its URL without the password (the password never reaches a message or a log), and checkpoints
// that are not there.

import { EngineError, describeCause, isEngineError } from "../errors";
import { dbErrors } from "./dbErrors";
import { withoutSecret } from "../../protocol/databaseUrls";

/** Where the data lives, as `dbPath`: the URL without its password, with the schema when not "public" and `readOnly=true` when read-only. */
export function locationOf(url: string, schema: string, readOnly = false): string {
  const shown = withoutSecret(url);
  if ((schema === "public" && !readOnly) || !shown.includes("://")) return shown;
  const parsed = new URL(shown);
  if (schema !== "public") parsed.searchParams.set("schema", schema);
  if (readOnly) parsed.searchParams.set("readOnly", "true");
  return parsed.toString();
}

/** The database's errors as the contract's: connection problems as one clear message naming the URL (never its password). */
export function describePostgresError(error: unknown, location: string): unknown {
  if (isEngineError(error)) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : "";
  if (/Invalid namespace|Namespace (labels )?cannot/i.test(text)) return dbErrors.invalidInput(text, location);
  // The extension asks for the password on these (and keeps it in its secret storage).
  const noPassword = /client password must be a string/i.test(text);
  if (code === "28P01" || noPassword)
    return new EngineError(
      "dbAuthFailed",
      `Cannot connect to the Postgres database ${location}: ${noPassword ? "the server wants a password and the URL gives none" : "the password was refused"}.`,
      location,
      "Give the password: in VS Code you are asked for it (it is kept in VS Code's secret storage); elsewhere write ${env:PGPASSWORD} in the URL or set PGPASSWORD.",
    );
  // undefined_column / undefined_table: tables another version of PostgresSaver/PostgresStore made.
  if (code === "42703" || code === "42P01")
    return new EngineError(
      "dbNotOpen",
      `${location}: its LangGraph tables are not those this version of PostgresSaver/PostgresStore reads (${text}).`,
      location,
      "They were made by an older version: run your app's saver.setup() and store.setup() with a current @langchain/langgraph-checkpoint-postgres, or open the database here without readOnly=true (the debugger then runs those same migrations).",
    );
  const cannotConnect: Record<string, string> = {
    ECONNREFUSED: "nothing answers at that host and port",
    ENOTFOUND: "the host name is unknown",
    ETIMEDOUT: "the connection timed out",
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
