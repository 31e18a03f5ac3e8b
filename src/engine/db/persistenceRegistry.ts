// The workspace JSON database (default `<dir of langgraph.json>/.langgraph/db.json`) as this
// engine holds it: opened once per file (the engine is its single writer) and shared by every
// debug session and by the `db/*` requests of the views, closed with its last user.
// An untrusted workspace opens it read-only without importing any user module (no store
// embeddings), so it neither runs nor locks out anyone; a trusted open later reopens it
// writable with them. When another process holds the file, views get it read-only, with the
// reason, until that process lets go (e.g. the engine of a window that was reloaded, still
// folding its journal): then it is reopened writable and `db/changed` says "access". Sessions,
// which must write, get a clear error instead. Each opened file is a WorkspaceBackend, which
// the views' requests reach as a DataBackend (backend.ts). A Postgres database and a LangGraph
// server are opened once per key as well; a server serves the views only (leaseForViews): its
// graphs run there, so a session is refused. A file asked for with another store history
// limit (langgraph.storeHistory) is reopened with it, or, while a session holds it, once the
// last session lets go: a session keeps the store it was given.

import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { dbAddress, type DbAddress } from "./dbAddress";
import { PostgresBackend } from "./postgresBackend";
import { SERVER_RUNS_THERE, ServerBackend } from "./serverBackend";
import { DEFAULT_STORE_HISTORY, isWorkspaceDbError, lockHolderGone, type LockHolder, type StoreIndexConfig } from "../../persistence";
import type { DataBackend } from "./backend";
import type { DbChangeFeed } from "./changeFeed";
import { WorkspaceBackend } from "./workspaceBackend";
import type { GraphConfig } from "../graphConfig";
import type { SessionDatabases, SessionPersistence } from "../session/persistence";
import { EngineError, describeCause, isEngineError } from "../errors";
import { parseGraphSpec } from "../graphConfig";
import { importUserModule } from "../userModules";

export interface AcquireOptions {
  /** False: no user module is imported (store.index.embed is not loaded). Default true. */
  trusted?: boolean;
  /** Open the file read-only when another process holds it, instead of failing. Default false. */
  readOnlyIfLocked?: boolean;
  /** Versions kept per store item (workspace database only); default: as it is open, or 50. */
  storeHistory?: number;
}

/** One opened database, and how it was opened (to open it again the same way). */
interface OpenedDb {
  backend: WorkspaceBackend;
  /** The store's `index` (semantic search), when langgraph.json has one and the workspace is trusted. */
  index?: StoreIndexConfig;
  /** Opened with the workspace's user modules (embeddings) loaded. */
  trusted: boolean;
  /** Versions kept per store item, as opened. */
  storeHistory: number;
}

interface Entry {
  opened: Promise<OpenedDb>;
  trusted: boolean;
  users: number;
  /** The debug sessions among the users: the database is not reopened under them. */
  sessions: number;
  /** Versions kept per store item, as last asked: the next (re)open uses it. */
  storeHistory: number;
}

export function defaultDbPath(config: GraphConfig): string {
  return join(config.root, ".langgraph", "db.json");
}

/** What `db` names for this langgraph.json: its key, and how to open it (dbAddress.ts). */
export function addressOf(config: GraphConfig, db: string | undefined): DbAddress {
  return dbAddress(config.root, db, defaultDbPath(config));
}

/** A Postgres database or a LangGraph server, shared by whoever names the same key (dbAddress.ts). */
interface RemoteEntry<Backend extends DataBackend> {
  opened: Promise<Backend>;
  users: number;
}

/** What the views hold to keep a database open: released when the engine lets go of it. */
export interface ViewsLease {
  path: string;
  release(): Promise<void>;
}

export class PersistenceRegistry implements SessionDatabases {
  private readonly open = new Map<string, Entry>();
  private readonly postgres = new Map<string, RemoteEntry<PostgresBackend>>();
  private readonly servers = new Map<string, RemoteEntry<ServerBackend>>();

  /** @param changes told about every write and outside edit, for `db/changed` */
  constructor(private readonly changes?: DbChangeFeed) {}

  /**
   * For the views: as `acquire`, and also what no session may acquire: a LangGraph server (its
   * graphs run there) and a Postgres database opened readOnly=true.
   */
  async leaseForViews(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void, options: AcquireOptions = {}): Promise<ViewsLease> {
    const address = addressOf(config, dbPath);
    if (address.kind === "workspace") return this.acquireFile(config, address.path, onWarning, { ...options, readOnlyIfLocked: true }, false);
    const { release } =
      address.kind === "server" ? await this.hold(this.servers, address.key, () => ServerBackend.open({ url: address.url })) : await this.holdPostgres(address);
    return { path: address.key, release };
  }

  /** For a debug session: the database stays as it is while the session holds it. */
  async acquire(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void, options: AcquireOptions = {}): Promise<SessionPersistence> {
    const address = addressOf(config, dbPath);
    if (address.kind === "server") throw serverSessionError(address.key);
    if (address.kind === "postgres") {
      // Refused before connecting: a debug session writes a checkpoint after every step.
      if (address.readOnly) throw postgresReadOnlyError(address.key);
      const { backend, release } = await this.holdPostgres(address);
      return { path: address.key, checkpointer: backend.checkpointer, store: backend.store, release };
    }
    return this.acquireFile(config, address.path, onWarning, options, true);
  }

  private async acquireFile(
    config: GraphConfig,
    path: string,
    onWarning: (text: string) => void,
    options: AcquireOptions,
    bySession: boolean,
  ): Promise<SessionPersistence> {
    const trusted = options.trusted ?? true;
    const readOnlyIfLocked = options.readOnlyIfLocked ?? false;
    const loadIndex = async (asTrusted: boolean) => (asTrusted ? loadStoreIndex(config, onWarning) : undefined);
    let entry = this.open.get(path);
    let attempt: Promise<OpenedDb>;
    if (!entry) {
      const storeHistory = options.storeHistory ?? DEFAULT_STORE_HISTORY;
      attempt = loadIndex(trusted).then((index) =>
        this.openDb(path, index, trusted, trusted ? (readOnlyIfLocked ? "writeOrRead" : "write") : "read", storeHistory),
      );
      const created: Entry = { opened: attempt, trusted, users: 0, sessions: 0, storeHistory };
      entry = created;
      this.open.set(path, created);
      attempt.catch(() => {
        if (this.open.get(path) === created && created.opened === attempt) this.open.delete(path);
      });
    } else if (trusted && !entry.trusted) {
      // Trusted now: reopen writable with the store's embeddings. An untrusted open is
      // read-only, so no session holds the instance being replaced.
      const upgraded = entry;
      upgraded.trusted = true;
      upgraded.storeHistory = options.storeHistory ?? upgraded.storeHistory;
      attempt = this.reopen(upgraded, async () => this.openDb(path, await loadIndex(true), true, "writeOrRead", upgraded.storeHistory));
      attempt.catch(() => (upgraded.trusted = false));
    } else {
      entry.storeHistory = options.storeHistory ?? entry.storeHistory;
      attempt = entry.sessions === 0 ? this.reopenForStoreHistory(entry) : entry.opened;
    }
    let opened = await describeOpenFailure(attempt, path);
    if (opened.backend.readOnly && !readOnlyIfLocked) {
      // A writer asks for a file we only read: the other process may have let go since.
      if ((await entry.opened.catch(() => undefined)) === opened) {
        opened = await describeOpenFailure(
          this.reopen(entry, (old) => this.openDb(path, old.index, old.trusted, "write", entry.storeHistory)),
          path,
        );
      }
      if (opened.backend.readOnly) throw lockedError(path);
    }
    const { backend } = opened;
    const held = entry;
    held.users += 1;
    if (bySession) held.sessions += 1;
    let released = false;
    return {
      path,
      checkpointer: backend.checkpointer,
      store: backend.store,
      calls: backend.calls,
      release: async () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (bySession) held.sessions -= 1;
        if (held.users === 0 && this.open.get(path) === held) {
          this.open.delete(path);
          await (await held.opened).backend.close();
        } else if (held.sessions === 0 && this.open.get(path) === held) {
          // The views still hold it: a limit asked for while the session ran applies now.
          await this.reopenForStoreHistory(held).catch(() => undefined);
        }
      },
    };
  }

  /**
   * Reopens the entry's file when it is open with another store history limit than the one
   * last asked for (no session may hold it); otherwise the database as it is.
   */
  private reopenForStoreHistory(entry: Entry): Promise<OpenedDb> {
    const current = entry.opened;
    return current.then((opened) =>
      opened.storeHistory === entry.storeHistory || entry.opened !== current
        ? entry.opened
        : this.reopen(entry, (old) => this.openDb(old.backend.path, old.index, old.trusted, old.trusted ? "writeOrRead" : "read", entry.storeHistory)),
    );
  }

  /**
   * A Postgres database: no lock (the server serializes writers, the app may write beside us)
   * and no user module (it has no embeddings index here).
   */
  private holdPostgres(address: Extract<DbAddress, { kind: "postgres" }>): Promise<{ backend: PostgresBackend; release(): Promise<void> }> {
    return this.hold(this.postgres, address.key, () =>
      PostgresBackend.open({
        url: address.url,
        schema: address.schema,
        readOnly: address.readOnly,
        readOnlyReason: address.readOnly ? postgresReadOnlyReason(address.key) : undefined,
      }),
    );
  }

  /** Opens the remote database by `key` once for all its users (its changes go to the feed); the lease ends with `release`. */
  private async hold<Backend extends DataBackend>(
    entries: Map<string, RemoteEntry<Backend>>,
    key: string,
    open: () => Promise<Backend>,
  ): Promise<{ backend: Backend; release(): Promise<void> }> {
    let entry = entries.get(key);
    if (!entry) {
      const opened = open();
      const created: RemoteEntry<Backend> = { opened, users: 0 };
      entry = created;
      entries.set(key, created);
      opened.then(
        (backend) => this.changes?.watch(backend),
        () => {
          if (entries.get(key) === created) entries.delete(key);
        },
      );
    }
    const backend = await entry.opened;
    const held = entry;
    held.users += 1;
    let released = false;
    return {
      backend,
      release: async () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users === 0 && entries.get(key) === held) {
          entries.delete(key);
          await backend.close();
        }
      },
    };
  }

  /** The database as it is open now (it may have been reopened since it was acquired), by its key (dbAddress.ts). */
  async current(key: string): Promise<DataBackend | undefined> {
    const remote = this.postgres.get(key) ?? this.servers.get(key);
    if (remote) return remote.opened;
    return (await this.open.get(key)?.opened)?.backend;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.open.values()];
    const remote = [...this.postgres.values(), ...this.servers.values()];
    this.open.clear();
    this.postgres.clear();
    this.servers.clear();
    await Promise.allSettled([
      ...entries.map(async (entry) => (await entry.opened).backend.close()),
      ...remote.map(async (entry) => (await entry.opened).close()),
    ]);
  }

  /**
   * Closes the entry's database and opens it again with `open`. Returns that attempt, so the
   * caller sees its error; the entry itself then falls back to the database as it was, so the
   * views keep working when, say, the embeddings module fails to load.
   */
  private reopen(entry: Entry, open: (old: OpenedDb) => Promise<OpenedDb>): Promise<OpenedDb> {
    const previous = entry.opened;
    const attempt = previous.then(async (old) => {
      await old.backend.close();
      return open(old);
    });
    entry.opened = attempt.catch(async () => {
      const old = await previous;
      return this.openDb(old.backend.path, old.index, old.trusted, old.trusted ? "writeOrRead" : "read", old.storeHistory);
    });
    // The attempt's error is the caller's; the fallback's, whoever reads the entry next.
    entry.opened.catch(() => undefined);
    return attempt;
  }

  /** `writeOrRead`: writable, or read-only when another process holds the file. */
  private async openDb(
    path: string,
    index: StoreIndexConfig | undefined,
    trusted: boolean,
    mode: "write" | "writeOrRead" | "read",
    storeHistory: number,
  ): Promise<OpenedDb> {
    try {
      const backend = await WorkspaceBackend.open({ path, index, readOnly: mode === "read", storeHistory });
      this.changes?.watch(backend);
      return { backend, index, trusted, storeHistory };
    } catch (error) {
      if (mode !== "writeOrRead" || !isWorkspaceDbError(error, "DB_LOCKED")) throw error;
      const backend = await WorkspaceBackend.open({ path, index, readOnly: true, readOnlyReason: lockedReason(path, error.holder), storeHistory });
      this.changes?.watch(backend);
      const opened: OpenedDb = { backend, index, trusted, storeHistory };
      if (error.holder) this.reopenWhenReleased(path, opened, error.holder);
      return opened;
    }
  }

  /**
   * Polls until the process holding `path` has ended or let go of the lock, then reopens the
   * read-only `opened` writable and tells the views (`db/changed` "access"). Stops when the
   * entry was closed or reopened meanwhile.
   */
  private reopenWhenReleased(path: string, opened: OpenedDb, holder: LockHolder): void {
    const timer = setInterval(() => {
      void (async () => {
        const entry = this.open.get(path);
        if (!entry || (await entry.opened.catch(() => undefined)) !== opened) return clearInterval(timer);
        if (!lockHolderGone(holder) && existsSync(`${path}.lock`)) return;
        clearInterval(timer);
        const reopened = await this.reopen(entry, (old) => this.openDb(path, old.index, old.trusted, "writeOrRead", entry.storeHistory)).catch(() => undefined);
        if (reopened && !reopened.backend.readOnly) this.changes?.report({ dbPath: path, kinds: ["access"] });
      })();
    }, RELEASE_POLL_MS);
    timer.unref();
  }
}

/** How often a database opened read-only looks whether its holder let go. */
const RELEASE_POLL_MS = 1000;

function lockedReason(path: string, holder: LockHolder | undefined): string {
  const who = !holder
    ? "another process"
    : `another process (pid ${holder.pid}${holder.hostname === hostname() ? "" : ` on ${holder.hostname}`}, since ${holder.startedAt})`;
  return (
    `Read-only: ${who} has ${path} open for writing, e.g. another VS Code window, a window that is still closing, or your own app. ` +
    "Close the database there or wait: it becomes writable here by itself once that process lets go."
  );
}

function postgresReadOnlyReason(location: string): string {
  return (
    `Read-only: ${location} is opened with readOnly=true, so nothing is written to it. ` +
    "To debug or fork one of its threads, copy it first: Threads view, right-click the thread, Copy Thread to Workspace Database."
  );
}

function postgresReadOnlyError(location: string): EngineError {
  return new EngineError(
    "internal",
    `The Postgres database ${location} is read-only (readOnly=true), and a debug session writes a checkpoint after every step.`,
    location,
    "Copy the thread to the workspace database (Threads view, right-click the thread: Copy Thread to Workspace Database) and debug it there, or drop readOnly=true from the URL.",
  );
}

function serverSessionError(location: string): EngineError {
  return new EngineError(
    "internal",
    `A debug session cannot run on the LangGraph server ${location}: the server runs its graphs itself.`,
    location,
    SERVER_RUNS_THERE,
  );
}

function lockedError(path: string): EngineError {
  return new EngineError(
    "internal",
    `The workspace database ${path} is open for writing in another process, so a debug session cannot use it.`,
    path,
    LOCKED_HINT,
  );
}

const LOCKED_HINT =
  'Another process has it open for writing: stop that one (another VS Code window, or your own app), or set "db" in the launch configuration to another file.';

async function describeOpenFailure(opened: Promise<OpenedDb>, path: string): Promise<OpenedDb> {
  try {
    return await opened;
  } catch (error) {
    if (isEngineError(error)) throw error;
    const hint = isWorkspaceDbError(error, "DB_LOCKED")
      ? LOCKED_HINT
      : isWorkspaceDbError(error, "DB_CORRUPT")
        ? "Fix the file at the line and column named (it was left untouched), or restore it from version control."
        : 'If another LangGraph debug session or tool holds it, stop that one, or set "db" in the launch configuration to another file.';
    throw new EngineError("internal", `The workspace database ${path} could not be opened: ${describeCause(error)}`, path, hint);
  }
}

/** langgraph.json `store.index`: `embed` names a module export ("./src/embeddings.ts:embeddings"). */
export async function loadStoreIndex(config: GraphConfig, onWarning: (text: string) => void): Promise<StoreIndexConfig | undefined> {
  const index = config.storeIndex;
  if (!index) return undefined;
  const { modulePath, exportName } = parseGraphSpec(index.embed);
  const file = resolve(config.root, modulePath);
  if (!/\.[cm]?[jt]sx?$/.test(modulePath) || !existsSync(file)) {
    onWarning(`langgraph.json store.index.embed "${index.embed}" is not a module file here; semantic search uses offline hashing embeddings instead.\n`);
    return { dims: index.dims, fields: index.fields };
  }
  try {
    const module = await importUserModule(file, file, { fresh: true });
    const embed = module[exportName] as StoreIndexConfig["embed"];
    if (typeof embed !== "function" && typeof (embed as { embedDocuments?: unknown } | undefined)?.embedDocuments !== "function") {
      throw new Error(`its export "${exportName}" is neither an Embeddings object nor a function`);
    }
    return { dims: index.dims, fields: index.fields, embed };
  } catch (error) {
    throw new EngineError(
      "moduleFailed",
      `The store's embeddings (langgraph.json store.index.embed "${index.embed}") could not be loaded: ${describeCause(error)}`,
      file,
      "Fix the module or the spec; it must export LangChain Embeddings or a function (texts) => vectors.",
    );
  }
}
