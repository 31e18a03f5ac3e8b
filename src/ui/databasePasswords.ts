// The secrets of databases named by URL, which never sit in settings or launch.json in plain
// text: a Postgres password, a LangGraph server's API key (databaseUrls.ts). The URL leaves it
// out (VS Code asks for it once and keeps it in its SecretStorage, per database) or names an
// environment variable, `${env:PGPASSWORD}` (VS Code fills those in launch.json; this fills them
// in the `langgraph.dbPath` setting, where VS Code does not). A URL that spells its secret out
// still works, with a warning saying where to move it.

import * as vscode from "vscode";
import { isDatabaseUrl, isServerUrl, secretOf, withSecret, withoutSecret } from "../protocol/databaseUrls";
import { EngineRequestError } from "../engineClient/engineClient";

const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${env:NAME}` replaced by the variable's value (percent-encoded inside a URL), "" when unset. */
export function expandEnvReferences(text: string): string {
  const inUrl = isDatabaseUrl(text.replace(ENV_REFERENCE, "x"));
  return text.replace(ENV_REFERENCE, (_, name: string) => {
    const value = process.env[name] ?? "";
    return inUrl ? encodeURIComponent(value) : value;
  });
}

/** The database a password belongs to: user, host, port and database (no query, no password). */
function secretKey(url: string): string {
  const parsed = new URL(withoutSecret(url));
  parsed.search = "";
  return `langgraph.db:${parsed.toString()}`;
}

export class DatabasePasswords {
  private readonly warned = new Set<string>();
  /** One question at a time per database, however many views open it at once. */
  private readonly asking = new Map<string, Promise<string | undefined>>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /**
   * Opens `db` (a file path or a URL as written) with `open`: a URL gets its `${env:…}` filled
   * in and, when it gives no password, the kept one; when the server wants a password the URL
   * does not give or refuses the kept one, the user is asked (once) and it is kept. Returns
   * what `open` returned and the `db` it succeeded with, to hand to whoever opens it next.
   */
  async open<T>(db: string | undefined, open: (db: string | undefined) => Promise<T>): Promise<{ result: T; db: string | undefined }> {
    const written = db === undefined ? undefined : expandEnvReferences(db);
    if (written === undefined || !isDatabaseUrl(written)) return { result: await open(db), db };
    if (secretOf(written) !== undefined) return { result: await open(written), db: written };
    const key = secretKey(written);
    const kept = await this.secrets.get(key);
    const first = kept !== undefined ? withSecret(written, kept) : written;
    try {
      return { result: await open(first), db: first };
    } catch (error) {
      if (!(error instanceof EngineRequestError) || error.code !== "dbAuthFailed") throw error;
      const password = await this.ask(key, written, kept !== undefined);
      if (password === undefined) throw error;
      const withIt = withSecret(written, password);
      const result = await open(withIt);
      await this.secrets.store(key, password);
      return { result, db: withIt };
    }
  }

  /** Keeps `secret` for the database `url` names (no secret in it), as if the user had been asked for it. */
  async keep(url: string, secret: string): Promise<void> {
    await this.secrets.store(secretKey(url), secret);
  }

  private ask(key: string, url: string, refused: boolean): Promise<string | undefined> {
    const pending = this.asking.get(key);
    if (pending) return pending;
    const [secret, holder] = isServerUrl(url) ? ["API key", "server"] : ["password", "database"];
    const asked = Promise.resolve(
      vscode.window.showInputBox({
        title: `${secret === "password" ? "Password" : secret} for ${withoutSecret(url)}`,
        prompt: `${refused ? `The kept ${secret} was refused. ` : ""}Kept in VS Code's secret storage for this ${holder}, never in settings or launch.json.`,
        password: true,
        ignoreFocusOut: true,
      }),
    ).finally(() => this.asking.delete(key));
    this.asking.set(key, asked);
    return asked;
  }

  /** Warns (once per URL) when `db`, as written in `where`, spells its password out. */
  warnOfPlainPassword(db: string | undefined, where: string): void {
    if (db === undefined || secretOf(db.replace(ENV_REFERENCE, "")) === undefined) return;
    this.warnOnce(db, where);
  }

  /** Warns (once per server) when an attach configuration's `apiKey` is written out rather than `${env:NAME}`. */
  warnOfPlainApiKey(url: string, apiKey: string, where: string): void {
    if (apiKey.replace(ENV_REFERENCE, "").trim() === "" || !isServerUrl(url)) return;
    this.warnOnce(url, where);
  }

  private warnOnce(url: string, where: string): void {
    if (this.warned.has(url)) return;
    this.warned.add(url);
    void vscode.window.showWarningMessage(
      `LangGraph: the ${isServerUrl(url) ? "API key" : "password"} of ${withoutSecret(url)} is written in plain text in ${where}. ` +
        "Write ${env:NAME} in its place, or leave it out: VS Code then asks for it once and keeps it in its secret storage.",
    );
  }
}
