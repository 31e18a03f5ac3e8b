// Postgres database URLs as every layer meets them: the engine opens them, the debug adapter
// leaves them unresolved (they are not files), the extension fills in their password from
// SecretStorage. The password is never shown: messages name a database by `withoutSecret`.
// A LangGraph server is named by its http(s) URL, also left unresolved by every layer.

export function isPostgresUrl(text: string): boolean {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** A running LangGraph server's address (`langgraphjs dev`, LangGraph Platform). */
export function isServerUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** A database named by URL (Postgres or a LangGraph server), not a file: kept as written, never resolved as a path. */
export function isDatabaseUrl(text: string): boolean {
  return isPostgresUrl(text) || isServerUrl(text);
}

/**
 * The secret a database URL carries: a Postgres URL's password, a LangGraph server URL's
 * `apiKey` parameter. Never shown; kept by the extension in VS Code's SecretStorage.
 */
export const API_KEY_PARAM = "apiKey";

/** The URL as it may be shown: without its password or API key. */
export function withoutSecret(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "";
    if (isServerUrl(url)) parsed.searchParams.delete(API_KEY_PARAM);
    return parsed.toString();
  } catch {
    return "(an invalid database URL)";
  }
}

/** The password (Postgres) or API key (server) the URL spells out, if any. */
export function secretOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (isServerUrl(url)) return parsed.searchParams.get(API_KEY_PARAM) || undefined;
    return parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  } catch {
    return undefined;
  }
}

/** The URL with `secret` put in: as its password (percent-encoded), or as a server's `apiKey`. */
export function withSecret(url: string, secret: string): string {
  const parsed = new URL(url);
  if (isServerUrl(url)) parsed.searchParams.set(API_KEY_PARAM, secret);
  else parsed.password = encodeURIComponent(secret);
  return parsed.toString();
}

/** The server's URL as it may be shown and keyed by: without user, password and API key. */
export function serverLocation(text: string): string {
  const url = new URL(text);
  url.username = "";
  url.password = "";
  url.searchParams.delete(API_KEY_PARAM);
  url.hash = "";
  return url.toString().replace(/\/$/, "");
}
