// What the Memory Store view's items do: add an item (then edit it as a document), edit,
// delete (confirmed), and search by key/text or by meaning. Writes go through the store
// documents' file system (documents/storeDocuments.ts), so an open document follows.

import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { storeItemDocumentUri } from "../documents/storeDocuments";
import type { WorkspaceDbService } from "../workspaceDb";
import { ConfigFiles } from "../configFiles";
import type { ItemNode, StoreSearch, StoreTreeNode, StoreTreeProvider } from "./storeView";
import { registerReporting } from "./treeNodes";

export class StoreCommands {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly configs: ConfigFiles,
    private readonly provider: StoreTreeProvider,
    private readonly view: vscode.TreeView<StoreTreeNode>,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerReporting("langgraph.store.addItem", (node?: StoreTreeNode) => this.addItem(node)),
      registerReporting("langgraph.store.editItem", (node: ItemNode) => this.editItem(node)),
      registerReporting("langgraph.store.deleteItem", (node: ItemNode) => this.deleteItem(node)),
      registerReporting("langgraph.store.search", (search?: StoreSearch) => this.search(search)),
      vscode.commands.registerCommand("langgraph.store.clearSearch", () => this.setSearch(undefined)),
    );
  }

  /** Creates `{}` under a new key and opens it, so the value is written in the JSON editor. */
  async addItem(node?: StoreTreeNode): Promise<vscode.Uri | undefined> {
    const configFile = node && node.kind !== "message" ? node.configFile : await this.pickConfig();
    if (!configFile) return undefined;
    const namespace = node?.kind === "namespace" ? node.namespace : node?.kind === "item" ? node.item.namespace : await askNamespace();
    if (!namespace) return undefined;
    const key = await vscode.window.showInputBox({
      title: `New item in ${namespace.join(" › ")}`,
      prompt: "Key of the item",
      value: randomUUID(),
      validateInput: (value) => (value.trim().length === 0 ? "A key cannot be empty." : undefined),
    });
    if (!key) return undefined;
    const uri = storeItemDocumentUri(configFile, this.configs.defaultConfig, namespace, key.trim());
    if (await exists(uri)) {
      void vscode.window.showErrorMessage(`The namespace ${namespace.join(" › ")} already has an item "${key.trim()}": edit that one, or choose another key.`);
      return undefined;
    }
    // Through the documents' file system, so an open document and the views follow.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("{}\n"));
    await vscode.commands.executeCommand("vscode.open", uri, { preview: false });
    return uri;
  }

  async editItem(node: ItemNode): Promise<void> {
    await vscode.commands.executeCommand("vscode.open", this.uriOf(node), { preview: false });
  }

  async deleteItem(node: ItemNode): Promise<boolean> {
    const remove = "Delete Item";
    const choice = await vscode.window.showWarningMessage(
      `Delete the item "${node.item.key}" from namespace ${node.item.namespace.join(" › ")}?`,
      { modal: true, detail: "This cannot be undone." },
      remove,
    );
    if (choice !== remove) return false;
    await vscode.workspace.fs.delete(this.uriOf(node));
    return true;
  }

  /** Asks for a search (semantic only when a database has `store.index`), unless given one. */
  async search(given?: StoreSearch): Promise<void> {
    if (given) return this.setSearch(given);
    let mode: StoreSearch["mode"] = "text";
    const configFiles = await this.configs.list();
    const infos = await Promise.all(configFiles.map((configFile) => this.databases.info(configFile).catch(() => undefined)));
    if (infos.some((info) => info?.semanticSearch)) {
      const picked = await vscode.window.showQuickPick(
        [
          { label: "By key or text", description: "items whose key or value contains the words", mode: "text" as const },
          { label: "By meaning", description: "semantic search with langgraph.json's store.index", mode: "semantic" as const },
        ],
        { title: "Search the Memory Store" },
      );
      if (!picked) return;
      mode = picked.mode;
    }
    const query = await vscode.window.showInputBox({
      title: "Search the Memory Store",
      prompt: mode === "semantic" ? "What the memories should be about" : "Text in the key or the value",
      value: this.provider.search?.query,
    });
    if (!query) return;
    this.setSearch({ mode, query });
  }

  private setSearch(search: StoreSearch | undefined): void {
    this.provider.search = search;
    this.view.description = search ? `${search.mode === "semantic" ? "meaning" : "text"}: "${search.query}"` : undefined;
  }

  private uriOf(node: ItemNode): vscode.Uri {
    return storeItemDocumentUri(node.configFile, this.configs.defaultConfig, node.item.namespace, node.item.key);
  }

  private async pickConfig(): Promise<string | undefined> {
    const configFiles = await this.configs.list();
    if (configFiles.length <= 1) return configFiles[0];
    const picked = await vscode.window.showQuickPick(
      configFiles.map((configFile) => ({ label: ConfigFiles.label(configFile), description: configFile, configFile })),
      { title: "Which workspace database?" },
    );
    return picked?.configFile;
  }
}

async function askNamespace(): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: "New store item",
    prompt: 'Namespace, labels separated by "/" (e.g. memories/1)',
    validateInput: (value) => (value.split("/").some((label) => label.trim().length === 0) ? "Each label needs at least one character." : undefined),
  });
  return text?.split("/").map((label) => label.trim());
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if ((error as vscode.FileSystemError).code === "FileNotFound") return false;
    throw error;
  }
}
