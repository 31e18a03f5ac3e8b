// Checkpoints as read-only JSON documents (`langgraph-checkpoint:` URIs, see uris.ts): the
// state a thread had at one step, as db/checkpoint gives it, pretty-printed so two checkpoints
// compare line by line in VS Code's diff editor. A checkpoint never changes once written.

import * as vscode from "vscode";
import { checkpointName, shortCheckpointId } from "../../protocol/checkpointNames";
import type { CheckpointDetail } from "../../protocol/engine";
import type { WorkspaceDbService } from "../workspaceDb";
import { toFileSystemError } from "./fileErrors";
import { checkpointUri, parseCheckpointUri } from "./uris";

export class CheckpointFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly databases: WorkspaceDbService) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (!parseCheckpointUri(uri)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    const detail = await this.read(uri);
    const time = detail.createdAt ? Date.parse(detail.createdAt) : 0;
    return { type: vscode.FileType.File, ctime: time, mtime: time, size: checkpointContent(detail).byteLength, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return checkpointContent(await this.read(uri));
  }

  /** The root lists threads; a thread lists its checkpoints as `<step>-<checkpoint_id>.json`. */
  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const config = await this.databases.resolve(new URLSearchParams(uri.query).get("config") || undefined);
    const threadId = uri.path.split("/").filter(Boolean).map(decodeURIComponent)[0];
    try {
      if (threadId === undefined) {
        const { threads } = await this.databases.request(config, "db/threads", {});
        return threads.map((thread) => [thread.threadId, vscode.FileType.Directory]);
      }
      const { checkpoints } = await this.databases.request(config, "db/checkpoints", { threadId });
      return checkpoints.map((checkpoint) => [`${checkpoint.step}-${checkpoint.checkpointId}.json`, vscode.FileType.File]);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  writeFile(): never {
    throw vscode.FileSystemError.NoPermissions(
      "Checkpoints are read-only: to change the state, time-travel to the checkpoint and edit a State value in the Variables view (this forks the thread).",
    );
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions("Checkpoints are deleted with their thread (Threads view: Delete Thread).");
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions("Checkpoints cannot be renamed.");
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions("Threads are created by running a graph.");
  }

  private async read(uri: vscode.Uri): Promise<CheckpointDetail> {
    const address = parseCheckpointUri(uri);
    if (!address) throw vscode.FileSystemError.FileNotFound(uri);
    try {
      const config = await this.databases.resolve(address.configFile);
      return await this.databases.request(config, "db/checkpoint", { threadId: address.threadId, checkpointId: address.checkpointId });
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }
}

export function checkpointDocumentUri(
  configFile: string,
  defaultConfig: string | undefined,
  threadId: string,
  checkpoint: { checkpointId: string; step: number },
): vscode.Uri {
  return checkpointUri({ configFile: configFile === defaultConfig ? undefined : configFile, threadId, ...checkpoint });
}

/**
 * The checkpoint's name (as every view names it) first, then the state (what a diff of two
 * checkpoints is about), then what runs next and who wrote it, then the identifiers, which
 * differ between any two checkpoints.
 */
function checkpointContent(detail: CheckpointDetail): Uint8Array {
  const document = {
    checkpoint: `${checkpointName(detail)} · ${shortCheckpointId(detail.checkpointId)}`,
    step: detail.step,
    values: detail.values,
    next: detail.next,
    writers: detail.writers,
    pendingWrites: detail.pendingWrites,
    source: detail.source,
    threadId: detail.threadId,
    checkpointId: detail.checkpointId,
    parentCheckpointId: detail.parentCheckpointId ?? null,
    createdAt: detail.createdAt ?? null,
    metadata: detail.metadata,
  };
  return new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
}
