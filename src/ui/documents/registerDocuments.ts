// Registers the file systems behind store-item and checkpoint documents (see uris.ts).

import * as vscode from "vscode";
import type { WorkspaceDbService } from "../workspaceDb";
import { CheckpointFileSystem } from "./checkpointDocuments";
import { StoreFileSystem } from "./storeDocuments";
import { CHECKPOINT_SCHEME, STORE_SCHEME } from "./uris";

export function registerDocuments(databases: WorkspaceDbService): vscode.Disposable {
  const store = new StoreFileSystem(databases);
  return vscode.Disposable.from(
    store,
    vscode.workspace.registerFileSystemProvider(STORE_SCHEME, store, { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(CHECKPOINT_SCHEME, new CheckpointFileSystem(databases), { isCaseSensitive: true, isReadonly: true }),
  );
}
