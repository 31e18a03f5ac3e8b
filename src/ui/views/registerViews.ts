// Creates the Threads and Memory Store views in Run and Debug and registers their commands.
// Nothing is read until a view is shown: a tree asks for its items only when visible.

import * as vscode from "vscode";
import type { DebugPositionTracker } from "../debugPosition";
import type { WorkspaceDbService } from "../workspaceDb";
import type { ConfigFiles } from "../configFiles";
import { StoreCommands } from "./storeCommands";
import { StoreHistoryCommands } from "./storeHistoryCommands";
import { STORE_VIEW, StoreTreeProvider, type StoreTreeNode } from "./storeView";
import { RegressionTestCommand } from "./regressionTestCommand";
import { ThreadCommands } from "./threadCommands";
import { THREADS_VIEW, ThreadsTreeProvider, type MoreNode, type ThreadsTreeNode } from "./threadsView";

export function registerViews(databases: WorkspaceDbService, positions: DebugPositionTracker, configs: ConfigFiles): vscode.Disposable {
  const threads = new ThreadsTreeProvider(databases, positions, configs);
  // The view's message says why the store cannot be edited, when it cannot.
  const store = new StoreTreeProvider(databases, configs, (text) => (storeView.message = text));
  const threadsView = vscode.window.createTreeView<ThreadsTreeNode>(THREADS_VIEW, { treeDataProvider: threads, showCollapseAll: true });
  const storeView = vscode.window.createTreeView<StoreTreeNode>(STORE_VIEW, { treeDataProvider: store, showCollapseAll: true });
  // Beside the titles: which Postgres database or server the views show, live (nothing for the workspace file).
  const describe = async () => {
    const description = await databases.remoteDescription(await configs.list()).catch(() => undefined);
    threadsView.description = description;
    storeView.description = description;
  };

  return vscode.Disposable.from(
    threads,
    store,
    threadsView,
    storeView,
    threads.onDidChangeTreeData(() => void describe()),
    threadsView.onDidChangeVisibility(({ visible }) => visible && void describe()),
    storeView.onDidChangeVisibility(({ visible }) => visible && void describe()),
    new ThreadCommands(databases, positions, configs, () => threadsView.selection).register(),
    new RegressionTestCommand(databases, positions).register(),
    new StoreCommands(databases, configs, store, storeView).register(),
    new StoreHistoryCommands(databases, configs).register(),
    vscode.commands.registerCommand("langgraph.threads.refresh", () => threads.refresh()),
    vscode.commands.registerCommand("langgraph.threads.showMore", (node: MoreNode) => threads.showMore(node)),
    vscode.commands.registerCommand("langgraph.store.refresh", () => store.refresh()),
    // Not contributed (so not in the palette): what each view shows, for the integration tests.
    vscode.commands.registerCommand("langgraph.views.contents", async () => ({
      threads: await render(threads, undefined, 3),
      store: await render(store, undefined, 3),
      storeMessage: storeView.message,
      description: threadsView.description,
    })),
  );
}

export interface RenderedItem {
  label: string;
  description?: string;
  contextValue?: string;
  icon?: string;
  /** The tooltip's Markdown source (or plain text), with whether VS Code may run its command links. */
  tooltip?: { text: string; trusted: boolean; html: boolean };
  children?: RenderedItem[];
}

/** The tree as a user would see it fully expanded, down to `depth` levels. */
async function render<T>(provider: vscode.TreeDataProvider<T>, parent: T | undefined, depth: number): Promise<RenderedItem[]> {
  const children = (await provider.getChildren(parent)) ?? [];
  return Promise.all(
    children.map(async (child) => {
      const item = await provider.getTreeItem(child);
      const label = typeof item.label === "string" ? item.label : (item.label?.label ?? "");
      const rendered: RenderedItem = {
        label,
        description: typeof item.description === "string" ? item.description : undefined,
        contextValue: item.contextValue,
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
        tooltip: tooltipOf(item.tooltip),
      };
      if (depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None) rendered.children = await render(provider, child, depth - 1);
      return rendered;
    }),
  );
}

function tooltipOf(tooltip: vscode.TreeItem["tooltip"]): RenderedItem["tooltip"] {
  if (tooltip === undefined) return undefined;
  if (typeof tooltip === "string") return { text: tooltip, trusted: false, html: false };
  return { text: tooltip.value, trusted: Boolean(tooltip.isTrusted), html: Boolean(tooltip.supportHtml) };
}
