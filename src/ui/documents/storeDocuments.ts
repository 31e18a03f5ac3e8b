// Store items as JSON documents (`langgraph-store:` URIs, see uris.ts), so a memory is read and
// edited in VS Code's own editor: undo, redo, dirty state, save and save conflicts are VS Code's.
// Reads and writes go through the folder engine (db/item, db/putItem), the database's single
// writer. VS Code detects a conflict on save by the file's mtime (our item's updatedAt); the
// write then carries `ifUpdatedAt`, so an item a running graph changed between that check and
// the write is refused as well instead of being overwritten. An earlier version of an item
// (`?version=<time>`, db/storeHistory) is a read-only document: its value, or nothing if deleted.

import * as vscode from "vscode";
import type { DbInfo, StoreItemView, StoreVersionView } from "../../protocol/engine";
import type { WorkspaceDbService } from "../workspaceDb";
import { STORE_SCHEME, parseStoreUri, storeItemUri } from "./uris";
import { toFileSystemError } from "./fileErrors";

export class StoreFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  /** updatedAt of each item as VS Code last saw it (stat or read): the `ifUpdatedAt` of a save. */
  private readonly seen = new Map<string, string>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("LangGraph store");
  /** On a read-only item's document: why it cannot be saved (the editor itself only says "read-only"). */
  private readonly readOnlyNotes = vscode.languages.createDiagnosticCollection("LangGraph store access");
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics, this.readOnlyNotes];

  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly databases: WorkspaceDbService) {
    this.disposables.push(
      databases.onDidChange((change) => {
        if (!change.kinds.includes("store") && !change.kinds.includes("external")) return;
        const touched = (namespace: string[]) =>
          change.kinds.includes("external") || !change.namespaces || change.namespaces.some((changed) => sameNamespace(changed, namespace));
        void this.notifyOpenDocuments(change.configFile, touched);
      }),
      databases.onDidReset(() => void this.notifyOpenDocuments(undefined, () => true)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme !== STORE_SCHEME) return;
        this.diagnostics.delete(document.uri);
        this.readOnlyNotes.delete(document.uri);
        this.seen.delete(document.uri.toString());
      }),
    );
  }

  watch(): vscode.Disposable {
    // Changes are announced for open documents from the engine's db/changed notifications.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const address = parseStoreUri(uri);
    if (address.key === undefined) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    if (address.version !== undefined) {
      const version = await this.readVersion(uri);
      const time = Date.parse(version.time);
      return { type: vscode.FileType.File, ctime: time, mtime: time, size: versionContent(version).byteLength, permissions: vscode.FilePermission.Readonly };
    }
    const { item, readOnly } = await this.read(uri);
    return {
      type: vscode.FileType.File,
      ctime: Date.parse(item.createdAt),
      mtime: Date.parse(item.updatedAt),
      size: itemContent(item).byteLength,
      // An untrusted workspace, or a database another process holds: the editor opens it read-only.
      permissions: readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    if (parseStoreUri(uri).version !== undefined) return versionContent(await this.readVersion(uri));
    return itemContent((await this.read(uri)).item);
  }

  /** Sub-namespaces as folders, the namespace's own items as `<key>.json`. */
  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { configFile, namespace } = parseStoreUri(uri);
    const config = await this.databases.resolve(configFile);
    try {
      const entries = new Map<string, vscode.FileType>();
      const { namespaces } = await this.databases.request(config, "db/namespaces", { prefix: namespace.length > 0 ? namespace : undefined });
      for (const summary of namespaces) {
        if (summary.namespace.length > namespace.length) entries.set(summary.namespace[namespace.length], vscode.FileType.Directory);
      }
      if (namespace.length > 0) {
        const { items } = await this.databases.request(config, "db/items", { namespace, limit: 1000 });
        for (const item of items) {
          if (sameNamespace(item.namespace, namespace)) entries.set(`${item.key}.json`, vscode.FileType.File);
        }
      }
      return [...entries];
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { readonly create: boolean; readonly overwrite: boolean }): Promise<void> {
    const { configFile, namespace, key, version } = parseStoreUri(uri);
    if (key === undefined) throw vscode.FileSystemError.NoPermissions("Only store items (<namespace>/<key>.json) can be written.");
    if (version !== undefined) throw vscode.FileSystemError.NoPermissions(EARLIER_VERSION_READ_ONLY);
    const value = this.parseValue(uri, content);
    const config = await this.databases.resolve(configFile);
    try {
      if (!options.create || !options.overwrite) {
        const { item: existing } = await this.databases.request(config, "db/item", { namespace, key });
        if (!existing && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
        if (existing && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
      }
      const { item } = await this.databases.request(config, "db/putItem", { namespace, key, value, ifUpdatedAt: this.seen.get(uri.toString()) });
      this.seen.set(uri.toString(), item.updatedAt);
      this.diagnostics.delete(uri);
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async delete(uri: vscode.Uri): Promise<void> {
    const { configFile, namespace, key, version } = parseStoreUri(uri);
    if (key === undefined) throw vscode.FileSystemError.NoPermissions("A namespace goes away with its last item: delete the items.");
    if (version !== undefined) throw vscode.FileSystemError.NoPermissions(EARLIER_VERSION_READ_ONLY);
    try {
      await this.databases.request(await this.databases.resolve(configFile), "db/deleteItem", { namespace, key });
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
    this.seen.delete(uri.toString());
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions("A namespace exists once it holds an item: create the item instead.");
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions("Store items cannot be renamed: create one under the new key and delete the old one.");
  }

  private async read(uri: vscode.Uri): Promise<{ item: StoreItemView; readOnly: boolean }> {
    const { configFile, namespace, key } = parseStoreUri(uri);
    let item: StoreItemView | null;
    let info: DbInfo;
    try {
      const config = await this.databases.resolve(configFile);
      ({ item } = await this.databases.request(config, "db/item", { namespace, key: key ?? "" }));
      info = await this.databases.info(config);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
    if (!item) throw vscode.FileSystemError.FileNotFound(uri);
    this.seen.set(uri.toString(), item.updatedAt);
    if (info.readOnly) {
      const note = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 1),
        info.readOnlyReason ?? `${info.dbPath} is read-only.`,
        vscode.DiagnosticSeverity.Information,
      );
      note.source = "LangGraph store";
      this.readOnlyNotes.set(uri, [note]);
    } else {
      this.readOnlyNotes.delete(uri);
    }
    return { item, readOnly: info.readOnly };
  }

  /** The version a `?version=` URI names, from the item's history. */
  private async readVersion(uri: vscode.Uri): Promise<StoreVersionView> {
    const { configFile, namespace, key = "", version: time } = parseStoreUri(uri);
    let versions: StoreVersionView[];
    try {
      ({ versions } = await this.databases.request(await this.databases.resolve(configFile), "db/storeHistory", { namespace, key }));
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
    const version = versions.find((candidate) => candidate.time === time);
    if (!version) {
      throw vscode.FileSystemError.FileNotFound(
        `${uri.path}: the item has no version written at ${time}; the store keeps langgraph.storeHistory versions per item, so it may have been dropped.`,
      );
    }
    return version;
  }

  /** The document as a store value (a JSON object), or a refusal shown on the document too. */
  private parseValue(uri: vscode.Uri, content: Uint8Array): Record<string, unknown> {
    const text = new TextDecoder().decode(content);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = `Not saved: the document is not valid JSON (${(error as Error).message}). The store item is unchanged.`;
      this.refuse(uri, message, rangeOfParseError(text, error as Error));
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
      this.refuse(
        uri,
        `Not saved: a store item's value must be a JSON object ({ … }), this document holds ${kind}. The store item is unchanged.`,
        firstLine(text),
      );
    }
    return value as Record<string, unknown>;
  }

  private refuse(uri: vscode.Uri, message: string, range: vscode.Range): never {
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = "LangGraph store";
    this.diagnostics.set(uri, [diagnostic]);
    throw new vscode.FileSystemError(message);
  }

  private async notifyOpenDocuments(configFile: string | undefined, touched: (namespace: string[]) => boolean): Promise<void> {
    const events: vscode.FileChangeEvent[] = [];
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== STORE_SCHEME) continue;
      const address = parseStoreUri(document.uri);
      // An earlier version never changes.
      if (address.key === undefined || address.version !== undefined || !touched(address.namespace)) continue;
      if (configFile && (await this.databases.resolve(address.configFile).catch(() => undefined)) !== configFile) continue;
      events.push({ type: vscode.FileChangeType.Changed, uri: document.uri });
    }
    if (events.length > 0) this.changed.fire(events);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * The URI of an item as the views and commands open it (no `?config=` for the workspace's first
 * langgraph.json), or of one of its earlier versions, by the ISO time it was written.
 */
export function storeItemDocumentUri(configFile: string, defaultConfig: string | undefined, namespace: string[], key: string, version?: string): vscode.Uri {
  return storeItemUri({ configFile: configFile === defaultConfig ? undefined : configFile, namespace, key, version });
}

function itemContent(item: StoreItemView): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(item.value, null, 2)}\n`);
}

/** A version's value as its document holds it; a deletion is an empty document. */
function versionContent(version: StoreVersionView): Uint8Array {
  return new TextEncoder().encode(version.deleted ? "" : `${JSON.stringify(version.value, null, 2)}\n`);
}

const EARLIER_VERSION_READ_ONLY = "An earlier version of a store item cannot be changed: restore it (Show History…) to make it the current value.";

function sameNamespace(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label, index) => label === b[index]);
}

function firstLine(text: string): vscode.Range {
  return new vscode.Range(0, 0, 0, Math.max(1, text.split("\n", 1)[0].length));
}

/** Where JSON.parse stopped: V8 says "at position N" (and "line L column C" in newer versions). */
function rangeOfParseError(text: string, error: Error): vscode.Range {
  const position = /at position (\d+)/.exec(error.message);
  if (!position) return firstLine(text);
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset).split("\n");
  const line = before.length - 1;
  const character = before[line].length;
  return new vscode.Range(line, character, line, character + 1);
}
