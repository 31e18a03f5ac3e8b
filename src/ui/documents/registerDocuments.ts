// Registers the providers behind store-item, checkpoint and comparison documents (see uris.ts).

import * as vscode from "vscode";
import type { WorkspaceDbService } from "../workspaceDb";
import { CheckpointFileSystem } from "./checkpointDocuments";
import { CompareDocuments } from "./compareDocuments";
import { StoreFileSystem } from "./storeDocuments";
import { CHECKPOINT_SCHEME, COMPARE_SCHEME, STORE_SCHEME } from "./uris";

export function registerDocuments(databases: WorkspaceDbService): vscode.Disposable {
  const store = new StoreFileSystem(databases);
  return vscode.Disposable.from(
    store,
    vscode.workspace.registerFileSystemProvider(STORE_SCHEME, store, { isCaseSensitive: true }),
    vscode.workspace.registerFileSystemProvider(CHECKPOINT_SCHEME, new CheckpointFileSystem(databases), { isCaseSensitive: true, isReadonly: true }),
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, new CompareDocuments(databases)),
  );
}
