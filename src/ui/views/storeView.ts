// The "Memory Store" view in Run and Debug: the namespaces of the LangGraph store in the
// workspace database, each with its items (click one to edit it as a JSON document). A search
// narrows the view: by key or text, or by meaning when langgraph.json configures `store.index`.
// Refreshes when a running graph or an edit changes the store.

import * as vscode from "vscode";
import type { NamespaceSummary, StoreItemView } from "../../protocol/engine";
import { storeItemDocumentUri } from "../documents/storeDocuments";
import { maxInlineValueLength, shorten } from "../statusBar";
import { codeBlock, inlineCode } from "../userMarkdown";
import type { WorkspaceDbService } from "../workspaceDb";
import type { ConfigFiles } from "../configFiles";
import { coalesced, configItem, errorNode, messageItem, type ConfigNode, type MessageNode } from "./treeNodes";

export const STORE_VIEW = "langgraph.store";
const ITEM_LIMIT = 500;

export interface NamespaceNode {
  kind: "namespace";
  configFile: string;
  namespace: string[];
  count: number;
  /** The items a search found, so expanding does not ask again. */
  found?: StoreItemView[];
}

export interface ItemNode {
  kind: "item";
  configFile: string;
  item: StoreItemView;
}

export type StoreTreeNode = ConfigNode | NamespaceNode | ItemNode | MessageNode;

export interface StoreSearch {
  /** `text`: key or value contains it (case-insensitive); `semantic`: ranked by the store's index. */
  mode: "text" | "semantic";
  query: string;
}

export class StoreTreeProvider implements vscode.TreeDataProvider<StoreTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StoreTreeNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private currentSearch: StoreSearch | undefined;

  readonly onDidChangeTreeData = this.changed.event;

  /** @param showMessage puts text above the tree (why the store is read-only), or clears it */
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly configs: ConfigFiles,
    private readonly showMessage: (text: string | undefined) => void = () => undefined,
  ) {
    const refresh = coalesced(() => this.changed.fire(undefined));
    this.disposables.push(
      databases.onDidChange((change) => {
        if (change.kinds.includes("store") || change.kinds.includes("external")) refresh();
      }),
      databases.onDidReset(refresh),
      configs.onDidChange(refresh),
    );
  }

  get search(): StoreSearch | undefined {
    return this.currentSearch;
  }

  set search(search: StoreSearch | undefined) {
    this.currentSearch = search;
    void vscode.commands.executeCommand("setContext", "langgraph.store.searching", search !== undefined);
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: StoreTreeNode): Promise<StoreTreeNode[]> {
    if (!node) {
      // One database: its contents at the top; several (langgraph.json files, connected servers): one root each.
      const databases = await this.databases.list();
      this.showMessage(await this.databases.readOnlyMessage(databases));
      if (databases.length === 1) return this.namespacesOf(databases[0], false);
      return databases.map((configFile) => ({ kind: "config", configFile }));
    }
    if (node.kind === "config") return this.namespacesOf(node.configFile, true);
    if (node.kind === "namespace") return this.itemsOf(node);
    return [];
  }

  getTreeItem(node: StoreTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case "config":
        return configItem(node);
      case "namespace":
        return namespaceItem(node, this.currentSearch !== undefined);
      case "item":
        return itemItem(node, this.configs.defaultConfig);
      case "message":
        return messageItem(node);
    }
  }

  private async namespacesOf(configFile: string, underRoot: boolean): Promise<StoreTreeNode[]> {
    try {
      const search = this.currentSearch;
      const nodes = search ? await this.searchNamespaces(configFile, search) : await this.allNamespaces(configFile);
      if (nodes.length === 0 && (underRoot || search)) {
        const text = search ? `No item matches "${search.query}".` : "The store is empty.";
        return [{ kind: "message", text, command: search ? { title: "Clear Search", command: "langgraph.store.clearSearch" } : undefined }];
      }
      return nodes;
    } catch (error) {
      return [errorNode(error, "langgraph.store.refresh")];
    }
  }

  private async allNamespaces(configFile: string): Promise<NamespaceNode[]> {
    const { namespaces } = await this.databases.request(configFile, "db/namespaces", {});
    return namespaces.map((summary: NamespaceSummary) => ({ kind: "namespace", configFile, namespace: summary.namespace, count: summary.count }));
  }

  /** Namespaces that hold a match, each with its matches (semantic: best first, with scores). */
  private async searchNamespaces(configFile: string, search: StoreSearch): Promise<NamespaceNode[]> {
    let found: StoreItemView[];
    if (search.mode === "semantic") {
      ({ items: found } = await this.databases.request(configFile, "db/items", { namespace: [], query: search.query, limit: 50 }));
    } else {
      const needle = search.query.toLowerCase();
      const { items } = await this.databases.request(configFile, "db/items", { namespace: [], limit: 5000 });
      found = items.filter((item) => item.key.toLowerCase().includes(needle) || JSON.stringify(item.value).toLowerCase().includes(needle));
    }
    const groups = new Map<string, NamespaceNode>();
    for (const item of found) {
      const id = JSON.stringify(item.namespace);
      const group = groups.get(id) ?? { kind: "namespace", configFile, namespace: item.namespace, count: 0, found: [] };
      group.found?.push(item);
      group.count++;
      groups.set(id, group);
    }
    return [...groups.values()];
  }

  private async itemsOf(node: NamespaceNode): Promise<StoreTreeNode[]> {
    if (node.found) return node.found.map((item) => ({ kind: "item", configFile: node.configFile, item }));
    try {
      const { items } = await this.databases.request(node.configFile, "db/items", { namespace: node.namespace, limit: ITEM_LIMIT });
      // db/items takes a prefix: items of deeper namespaces show under their own node.
      const own = items.filter((item) => item.namespace.length === node.namespace.length);
      const nodes: StoreTreeNode[] = own.map((item) => ({ kind: "item", configFile: node.configFile, item }));
      if (items.length === ITEM_LIMIT) nodes.push({ kind: "message", text: `Only the first ${ITEM_LIMIT} items are shown: search to narrow them.` });
      return nodes;
    } catch (error) {
      return [errorNode(error, "langgraph.store.refresh")];
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function namespaceItem(node: NamespaceNode, searching: boolean): vscode.TreeItem {
  const label = node.namespace.join(" › ");
  const item = new vscode.TreeItem(label, searching ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `namespace:${node.configFile}:${JSON.stringify(node.namespace)}:${searching ? "search" : "all"}`;
  item.description = searching ? `${node.count} found` : `${node.count} ${node.count === 1 ? "item" : "items"}`;
  item.tooltip = `namespace ${JSON.stringify(node.namespace)}`;
  item.iconPath = new vscode.ThemeIcon("symbol-namespace");
  item.contextValue = "namespace";
  return item;
}

function itemItem(node: ItemNode, defaultConfig: string | undefined): vscode.TreeItem {
  const { item: storeItem } = node;
  // The value says what a memory is; its key (often a UUID) is what the document is named after.
  const item = new vscode.TreeItem(preview(storeItem.value), vscode.TreeItemCollapsibleState.None);
  item.id = `item:${node.configFile}:${JSON.stringify(storeItem.namespace)}:${storeItem.key}:${storeItem.score ?? ""}`;
  item.description = storeItem.score !== undefined ? `${storeItem.score.toFixed(2)} · ${storeItem.key}` : storeItem.key;
  const writer = storeItem.writtenBy;
  item.tooltip = new vscode.MarkdownString(
    [
      `**key** ${inlineCode(storeItem.key)}`,
      codeBlock(JSON.stringify(storeItem.value, null, 2), "json"),
      `updated ${new Date(storeItem.updatedAt).toLocaleString()}` +
        (writer
          ? ` by ${writer.node ? inlineCode(writer.node) : "a node"} on thread ${inlineCode(writer.threadId)}${writer.step !== undefined ? ` at step ${writer.step}` : ""}`
          : ""),
    ].join("\n\n"),
  );
  item.iconPath = new vscode.ThemeIcon("note");
  item.contextValue = "storeItem";
  item.command = {
    title: "Edit Item",
    command: "vscode.open",
    arguments: [storeItemDocumentUri(node.configFile, defaultConfig, storeItem.namespace, storeItem.key), { preview: true }],
  };
  return item;
}

/** The first string in the value (a memory's `data`, usually), else the JSON, cut short. */
function preview(value: Record<string, unknown>): string {
  const text = Object.values(value).find((entry): entry is string => typeof entry === "string") ?? JSON.stringify(value);
  return shorten(text, maxInlineValueLength());
}
