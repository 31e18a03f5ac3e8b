// A store item's history (issue 18): Show History… on an item of the Memory Store view lists its
// versions (db/storeHistory, newest first); any two open in VS Code's diff editor, earlier
// versions as read-only `?version=` documents (documents/uris.ts); an old version is restored
// as a new write (db/putItem with ifUpdatedAt), so nothing is lost and the restore is itself a
// version. compareVersions and restoreVersion take one plain argument object, so the debugger
// view's Store tab runs the same commands.

import * as vscode from "vscode";
import type { StoreVersionView } from "../../protocol/engine";
import { storeItemDocumentUri } from "../documents/storeDocuments";
import type { ConfigFiles } from "../configFiles";
import { maxInlineValueLength, shorten } from "../statusBar";
import type { WorkspaceDbService } from "../workspaceDb";
import type { ItemNode } from "./storeView";
import { registerReporting } from "./treeNodes";

/** An item of a store, as the commands' argument names it. */
export interface StoreItemRef {
  /** The langgraph.json whose database holds the item. */
  configFile: string;
  namespace: string[];
  key: string;
}

/** `langgraph.store.compareVersions`: left and right are versions' ISO `time`, or the item as it is now. */
export interface CompareVersionsArgs extends StoreItemRef {
  left: string;
  right: string | "current";
}

/** `langgraph.store.restoreVersion`: the version, by its ISO `time`, to write again as the item's value. */
export interface RestoreVersionArgs extends StoreItemRef {
  time: string;
}

interface VersionPick extends vscode.QuickPickItem {
  version: StoreVersionView;
}

const COMPARE_WITH = { iconPath: new vscode.ThemeIcon("diff"), tooltip: "Compare with Another Version…" };
const RESTORE = { iconPath: new vscode.ThemeIcon("discard"), tooltip: "Restore This Version" };

export class StoreHistoryCommands {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly configs: ConfigFiles,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerReporting("langgraph.store.showHistory", (node: ItemNode) => this.showHistory(refOf(node))),
      registerReporting("langgraph.store.compareVersions", (args: CompareVersionsArgs) => this.compareVersions(args)),
      registerReporting("langgraph.store.restoreVersion", (args: RestoreVersionArgs) => this.restoreVersion(args)),
    );
  }

  /**
   * Lists the item's versions: picking one compares it with the item now; its buttons compare it
   * with another version or restore it. Resolves once the pick is closed and its action done.
   */
  async showHistory(item: StoreItemRef): Promise<void> {
    const versions = await this.versions(item);
    if (!versions) return;
    const quickPick = vscode.window.createQuickPick<VersionPick>();
    quickPick.title = `History of ${item.key} in ${item.namespace.join(" › ")}`;
    quickPick.placeholder = "Pick a version to compare with the current value";
    quickPick.matchOnDetail = true;
    quickPick.items = versions.map((version, index) => ({
      label: versionLabel(version),
      description: index === 0 && !version.deleted ? "current" : undefined,
      detail: version.deleted ? "deleted" : shorten(JSON.stringify(version.value), maxInlineValueLength()),
      version,
      // The newest version is the item now: comparing it with itself, or restoring it, does nothing.
      buttons: index === 0 ? [] : [COMPARE_WITH, RESTORE],
    }));
    const done = new Promise<() => Promise<unknown>>((resolve) => {
      quickPick.onDidAccept(() => {
        const picked = quickPick.selectedItems[0]?.version;
        resolve(async () => {
          if (!picked) return;
          if (picked === versions[0]) return versions[1] ? this.compareVersions({ ...item, left: versions[1].time, right: "current" }) : undefined;
          return this.compareVersions({ ...item, left: picked.time, right: "current" });
        });
      });
      quickPick.onDidTriggerItemButton(({ item: { version }, button }) =>
        resolve(async () => {
          if (button === RESTORE) return this.restoreVersion({ ...item, time: version.time });
          const other = await this.pickOther(versions, version);
          if (!other) return;
          // The older one on the left, as in a file's timeline.
          const [left, right] = Date.parse(other.time) < Date.parse(version.time) ? [other, version] : [version, other];
          return this.compareVersions({ ...item, left: left.time, right: right === versions[0] ? "current" : right.time });
        }),
      );
      quickPick.onDidHide(() => resolve(async () => undefined));
    });
    quickPick.show();
    const action = await done;
    quickPick.dispose();
    await action();
  }

  /** Opens VS Code's diff editor: the `left` version ↔ the `right` one (or the item now). */
  async compareVersions(args: CompareVersionsArgs): Promise<void> {
    const item = checkRef(args, "langgraph.store.compareVersions");
    if (typeof args.left !== "string" || typeof args.right !== "string") {
      throw new Error(
        `langgraph.store.compareVersions needs "left" and "right": versions' ISO times (or "current" on the right), got ${JSON.stringify({ left: args.left, right: args.right })}.`,
      );
    }
    const versions = await this.versions(item);
    if (!versions) return;
    const find = (time: string) => {
      const found = versions.find((version) => version.time === time);
      if (!found)
        throw new Error(
          `The item "${item.key}" in ${item.namespace.join(" › ")} has no version written at ${time}: it may have been dropped (langgraph.storeHistory).`,
        );
      return found;
    };
    const left = find(args.left);
    const right = args.right === "current" ? undefined : find(args.right);
    const now = versions[0];
    const title = `${item.key}.json (${versionLabel(left)} ↔ ${right ? versionLabel(right) : `now · ${now.writer || "unknown writer"}`})`;
    await vscode.commands.executeCommand("vscode.diff", this.uriOf(item, left), right ? this.uriOf(item, right) : this.currentUri(item, now), title);
  }

  /**
   * Writes the version's value as the item's new value, refused if the item changed meanwhile;
   * restoring a deletion deletes the item, once the user agrees.
   */
  async restoreVersion(args: RestoreVersionArgs): Promise<boolean> {
    const item = checkRef(args, "langgraph.store.restoreVersion");
    const versions = await this.versions(item);
    if (!versions) return false;
    const version = versions.find((candidate) => candidate.time === args.time);
    if (!version)
      throw new Error(
        `The item "${item.key}" in ${item.namespace.join(" › ")} has no version written at ${String(args.time)}: it may have been dropped (langgraph.storeHistory).`,
      );
    const configFile = item.configFile;
    const { item: current } = await this.databases.request(configFile, "db/item", { namespace: item.namespace, key: item.key });
    if (version.deleted) {
      if (!current) {
        void vscode.window.showInformationMessage(`LangGraph: "${item.key}" is deleted already; nothing to restore.`);
        return false;
      }
      const remove = "Delete Item";
      const choice = await vscode.window.showWarningMessage(
        `Restore the deletion of "${item.key}" from ${item.namespace.join(" › ")}? The item is deleted; its value now stays in its history.`,
        { modal: true },
        remove,
      );
      if (choice !== remove) return false;
      await this.databases.request(configFile, "db/deleteItem", { namespace: item.namespace, key: item.key });
      return true;
    }
    try {
      await this.databases.request(configFile, "db/putItem", {
        namespace: item.namespace,
        key: item.key,
        value: version.value ?? {},
        ...(current ? { ifUpdatedAt: current.updatedAt } : {}),
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "conflict") throw error;
      throw new Error(
        `"${item.key}" changed while it was being restored (a running graph may have written it); nothing was restored. Show its history again to see the new version.`,
      );
    }
    return true;
  }

  /** The item's versions, newest first; undefined (after saying why) when its store keeps none or it has none. */
  private async versions(item: StoreItemRef): Promise<StoreVersionView[] | undefined> {
    const info = await this.databases.info(item.configFile);
    if (info.noStoreHistoryReason) {
      void vscode.window.showInformationMessage(`LangGraph: ${info.noStoreHistoryReason}`);
      return undefined;
    }
    const { versions } = await this.databases.request(item.configFile, "db/storeHistory", { namespace: item.namespace, key: item.key });
    if (versions.length === 0) {
      void vscode.window.showInformationMessage(`LangGraph: the item "${item.key}" in ${item.namespace.join(" › ")} has no versions.`);
      return undefined;
    }
    return versions;
  }

  private async pickOther(versions: StoreVersionView[], version: StoreVersionView): Promise<StoreVersionView | undefined> {
    const picked = await vscode.window.showQuickPick(
      versions
        .filter((other) => other !== version)
        .map((other) => ({
          label: versionLabel(other),
          detail: other.deleted ? "deleted" : shorten(JSON.stringify(other.value), maxInlineValueLength()),
          other,
        })),
      { title: `Compare ${versionLabel(version)} with…`, matchOnDetail: true },
    );
    return picked?.other;
  }

  /** An earlier version's read-only document. */
  private uriOf(item: StoreItemRef, version: StoreVersionView): vscode.Uri {
    return storeItemDocumentUri(item.configFile, this.configs.defaultConfig, item.namespace, item.key, version.time);
  }

  /** The item's own (editable) document, or, when it is deleted now, the deletion's. */
  private currentUri(item: StoreItemRef, newest: StoreVersionView): vscode.Uri {
    if (newest.deleted) return this.uriOf(item, newest);
    return storeItemDocumentUri(item.configFile, this.configs.defaultConfig, item.namespace, item.key);
  }
}

/** `time · writer`, the time as the user's clock shows it. */
function versionLabel(version: StoreVersionView): string {
  const time = new Date(version.time).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
  return `${time} · ${version.writer || "unknown writer"}`;
}

function refOf(node: ItemNode): StoreItemRef {
  return { configFile: node.configFile, namespace: node.item.namespace, key: node.item.key };
}

/** The argument object as the debugger view (or a keybinding) gives it, checked. */
function checkRef(args: StoreItemRef | undefined, command: string): StoreItemRef {
  const valid =
    typeof args?.configFile === "string" &&
    Array.isArray(args.namespace) &&
    args.namespace.every((label) => typeof label === "string") &&
    typeof args.key === "string";
  if (!valid) {
    throw new Error(`${command} needs one argument { configFile, namespace: string[], key, … }, got ${JSON.stringify(args)}.`);
  }
  return { configFile: args.configFile, namespace: args.namespace, key: args.key };
}
