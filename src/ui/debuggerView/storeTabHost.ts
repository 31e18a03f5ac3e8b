// The debugger view host's Store tab, without vscode: the store's namespaces, the items of the
// listed query, item edits (each one engine db/* request, then the tab reads again what it
// shows) and the store's history (StoreHistoryHost). DebuggerViewHost hands it every `store/*`
// request of the webview and tells it when the store changed.

import type { CancellationToken } from "vscode-jsonrpc";
import type { ItemsQuery } from "../../protocol/engine";
import type { HostMessage, WebviewMessage } from "../../protocol/webview";
import { toErrorView } from "./graphViewHost";
import { LatestLoads } from "./latestLoads";
import { StoreHistoryHost, type StoreDatabase, type StoreVersionCommands } from "./storeHistoryHost";

/** The webview's requests the Store tab answers. */
export type StoreRequest = Extract<WebviewMessage, { type: `store/${string}` }>;

export interface StoreTabHostOptions {
  db: StoreDatabase;
  configFile: string;
  /** Opens a store item as a JSON document in VS Code's editor. */
  openItem(namespace: string[], key: string): Promise<void>;
  storeVersions?: StoreVersionCommands | undefined;
  send(message: HostMessage): void;
  log?: ((message: string) => void) | undefined;
}

export class StoreTabHost {
  private readonly history: StoreHistoryHost;
  private itemsQuery: ItemsQuery | undefined;
  /** Only the latest load of each section posts its snapshot. */
  private readonly loads = new LatestLoads<"namespaces" | "items">();

  constructor(private readonly options: StoreTabHostOptions) {
    this.history = new StoreHistoryHost({
      db: options.db,
      configFile: options.configFile,
      commands: options.storeVersions,
      send: options.send,
      log: options.log,
    });
  }

  /** One `store/*` request of the webview; it throws to fail the request. */
  async handle(message: StoreRequest, token?: CancellationToken): Promise<void> {
    const { db } = this.options;
    switch (message.type) {
      case "store/listItems":
        this.history.showNow();
        await this.loadItems(message.query, token);
        return;
      case "store/putItem":
        await db.request("db/putItem", {
          namespace: message.namespace,
          key: message.key,
          value: message.value,
          ...(message.ifUpdatedAt ? { ifUpdatedAt: message.ifUpdatedAt } : {}),
        });
        await this.reload();
        return;
      case "store/deleteItem":
        await db.request("db/deleteItem", { namespace: message.namespace, key: message.key });
        await this.reload();
        return;
      case "store/renameItem":
        // One atomic write in the engine: it refuses a taken target or a changed item itself.
        await db.request("db/moveItem", {
          namespace: message.namespace,
          key: message.key,
          toNamespace: message.toNamespace,
          toKey: message.toKey,
          ...(message.ifUpdatedAt ? { ifUpdatedAt: message.ifUpdatedAt } : {}),
        });
        await this.reload();
        return;
      case "store/listItemsAsOf":
        await this.history.listItemsAsOf(message.namespace, message.time, token);
        return;
      case "store/itemHistory":
        await this.history.loadHistory(message.namespace, message.key, token);
        return;
      case "store/compareVersions":
        await this.history.compareVersions(message.namespace, message.key, message.left, message.right);
        return;
      case "store/restoreVersion":
        await this.history.restoreVersion(message.namespace, message.key, message.time);
        return;
      case "store/openItem":
        await this.options.openItem(message.namespace, message.key);
        return;
    }
  }

  async loadNamespaces(): Promise<void> {
    const load = this.loads.begin("namespaces");
    try {
      const { namespaces } = await this.options.db.request("db/namespaces", {});
      if (!load.isCancellationRequested) this.options.send({ type: "store/namespacesDidLoad", namespaces });
    } catch (cause) {
      this.options.log?.(`Could not list the store's namespaces: ${toErrorView(cause).message}`);
    }
  }

  /** The store changed: what the tab shows is read again. */
  async reload(): Promise<void> {
    await Promise.all([this.loadNamespaces(), this.itemsQuery ? this.loadItems(this.itemsQuery) : undefined, this.history.reload()]);
  }

  private async loadItems(query: ItemsQuery, request?: CancellationToken): Promise<void> {
    this.itemsQuery = query;
    const load = this.loads.begin("items", request);
    const { items, total } = await this.options.db.request("db/items", query);
    if (!load.isCancellationRequested) this.options.send({ type: "store/itemsDidLoad", query, items, ...(total !== undefined ? { total } : {}) });
  }

  dispose(): void {
    this.loads.dispose();
    this.history.dispose();
  }
}
