// Postgres database URLs as every layer meets them: the engine opens them, the debug adapter
// leaves them unresolved (they are not files), the extension fills in their password from
// SecretStorage. The password is never shown: messages name a database by `withoutPassword`.
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

/** The URL as it may be shown: without its password. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "";
    return parsed.toString();
  } catch {
    return "(an invalid postgres:// URL)";
  }
}

/** The password the URL spells out, if any (percent-decoded). */
export function passwordOf(url: string): string | undefined {
  try {
    const { password } = new URL(url);
    return password === "" ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** The URL with `password` put in (percent-encoded as URLs need). */
export function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
