// The debugger view host's store history, without vscode: a namespace as it was at a checkpoint
// (db/itemsAsOf, plus the items it has gained since from db/items), an item's versions
// (db/storeHistory), and the Memory Store view's two commands that diff and restore versions,
// asked for with the view's langgraph.json. Like the other sections it keeps what it shows and
// loads it again when the store changes.

import type { CancellationToken } from "vscode-jsonrpc";
import type { EngineResult } from "../../protocol/engine";
import type { HostMessage } from "../../protocol/webview";
import type { DbMethod, DbParams } from "../workspaceDb";
import { toErrorView } from "./graphViewHost";
import { LatestLoads } from "./latestLoads";

/** The requests of the view's database (its DatabaseLink) the store history makes. */
export interface StoreDatabase {
  request<M extends DbMethod>(method: M, params: DbParams<M>): Promise<EngineResult<M>>;
}

/** What `langgraph.store.compareVersions` takes: two version times, or one and the item now. */
export interface CompareVersionsArgs {
  configFile: string;
  namespace: string[];
  key: string;
  left: string;
  right: string | "current";
}

/** What `langgraph.store.restoreVersion` takes: the time of the version to write again. */
export interface RestoreVersionArgs {
  configFile: string;
  namespace: string[];
  key: string;
  time: string;
}

/** VS Code's commands that diff two versions of a store item and restore an old one. */
export interface StoreVersionCommands {
  compareVersions(args: CompareVersionsArgs): Promise<void>;
  restoreVersion(args: RestoreVersionArgs): Promise<void>;
}

/** Items gained since, looked for among the namespace's first this many items now. */
const ADDED_SINCE_LIMIT = 1000;

export class StoreHistoryHost {
  private asOf: { namespace: string[]; time: string } | undefined;
  private history: { namespace: string[]; key: string } | undefined;
  private readonly loads = new LatestLoads<"asOf" | "history">();

  constructor(
    private readonly options: {
      db: StoreDatabase;
      configFile: string;
      commands?: StoreVersionCommands | undefined;
      send(message: HostMessage): void;
      log?: ((message: string) => void) | undefined;
    },
  ) {}

  async listItemsAsOf(namespace: string[], time: string, request?: CancellationToken): Promise<void> {
    this.asOf = { namespace, time };
    const load = this.loads.begin("asOf", request);
    const [{ items }, now] = await Promise.all([
      this.options.db.request("db/itemsAsOf", { namespace, time }),
      this.options.db.request("db/items", { namespace, limit: ADDED_SINCE_LIMIT, offset: 0 }),
    ]);
    const then = new Set(items.map((item) => item.key));
    const label = namespace.join("/");
    // db/items also lists the namespaces under this one.
    const addedSince = now.items.filter((item) => item.namespace.join("/") === label && !then.has(item.key));
    if (!load.isCancellationRequested) this.options.send({ type: "store/itemsAsOfDidLoad", namespace, time, items, addedSince });
  }

  /** The view lists the items as they are now: the "as of" listing is no longer read again. */
  showNow(): void {
    this.asOf = undefined;
  }

  async loadHistory(namespace: string[], key: string, request?: CancellationToken): Promise<void> {
    this.history = { namespace, key };
    const load = this.loads.begin("history", request);
    const { versions } = await this.options.db.request("db/storeHistory", { namespace, key });
    if (!load.isCancellationRequested) this.options.send({ type: "store/historyDidLoad", namespace, key, versions });
  }

  async compareVersions(namespace: string[], key: string, left: string, right: string): Promise<void> {
    await this.requireCommands().compareVersions({ configFile: this.options.configFile, namespace, key, left, right });
  }

  async restoreVersion(namespace: string[], key: string, time: string): Promise<void> {
    await this.requireCommands().restoreVersion({ configFile: this.options.configFile, namespace, key, time });
  }

  /** The store changed: what is shown is read again (an item edited since, a version restored). */
  async reload(): Promise<void> {
    const { asOf, history } = this;
    const failed = (cause: unknown) => this.options.log?.(`Could not read the store's history again: ${toErrorView(cause).message}`);
    await Promise.all([
      asOf ? this.listItemsAsOf(asOf.namespace, asOf.time).catch(failed) : undefined,
      history ? this.loadHistory(history.namespace, history.key).catch(failed) : undefined,
    ]);
  }

  private requireCommands(): StoreVersionCommands {
    if (!this.options.commands) throw new Error("Comparing and restoring store versions needs VS Code's Memory Store view.");
    return this.options.commands;
  }

  dispose(): void {
    this.loads.dispose();
  }
}
