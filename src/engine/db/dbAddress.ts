// What a `db` (launch configuration), `langgraph.dbPath` (setting) or `dbPath` (request) names:
// a workspace JSON database file (relative to langgraph.json's folder), or a Postgres database
// as a postgres:// or postgresql:// URL. Two query parameters of such a URL are ours and never
// reach the server: `schema` (where the saver's and store's tables are; "public" by default) and
// `readOnly=true` (every write refused, the connection itself read-only: for production).
// Every opened database is known by its key: the file's absolute path, or the URL without its
// password (with `schema` and `readOnly` when set), which is also the `dbPath` the views see.
// An http:// or https:// URL names a running LangGraph server (serverBackend.ts), keyed by the
// URL without credentials (user, password, `apiKey`).

import { resolve } from "node:path";
import { dbErrors } from "./dbErrors";
import { locationOf } from "./postgresErrors";
import { isPostgresUrl, isServerUrl, serverLocation, withoutSecret } from "../../protocol/databaseUrls";

export type DbAddress =
  | { kind: "workspace"; key: string; path: string }
  | { kind: "postgres"; key: string; url: string; schema: string; readOnly: boolean }
  | { kind: "server"; key: string; url: string };

/** `db` as given (a file relative to `root`, or a URL), or undefined for `defaultPath`. */
export function dbAddress(root: string, db: string | undefined, defaultPath: string): DbAddress {
  if (db !== undefined && isPostgresUrl(db)) return postgresAddress(db);
  if (db !== undefined && isServerUrl(db)) return { kind: "server", key: serverLocation(db), url: db };
  const path = resolve(root, db ?? defaultPath);
  return { kind: "workspace", key: path, path };
}

/** The key of the database a request names by the `dbPath` `db/open` returned (or by its own URL). */
export function dbKey(dbPath: string): string {
  if (isServerUrl(dbPath)) return serverLocation(dbPath);
  return isPostgresUrl(dbPath) ? postgresAddress(dbPath).key : resolve(dbPath);
}

function postgresAddress(text: string): DbAddress {
  const url = new URL(text);
  const schema = url.searchParams.get("schema") ?? "public";
  const readOnlyParam = url.searchParams.get("readOnly");
  if (readOnlyParam !== null && readOnlyParam !== "true" && readOnlyParam !== "false")
    throw dbErrors.invalidInput(`readOnly=${readOnlyParam} in ${withoutSecret(text)} must be true or false.`, withoutSecret(text));
  const readOnly = readOnlyParam === "true";
  url.searchParams.delete("schema");
  url.searchParams.delete("readOnly");
  const connection = url.toString();
  return { kind: "postgres", key: locationOf(connection, schema, readOnly), url: connection, schema, readOnly };
}
