// One side of a comparison as a read-only text document (`langgraph-compare:` URIs, see uris.ts):
// the engine writes the text (db/comparisonSide: the path of nodes, the state, the store as of
// the checkpoint), and two such documents open side by side in VS Code's diff editor.

import * as vscode from "vscode";
import { checkpointName } from "../../protocol/checkpointNames";
import type { WorkspaceDbService } from "../workspaceDb";
import { compareUri, parseCompareUri } from "./uris";

export class CompareDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly databases: WorkspaceDbService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = parseCompareUri(uri);
    if (!address) throw new Error(`${uri.toString()} names no checkpoint: expected langgraph-compare:/<thread_id>/<step>-<checkpoint_id>.txt`);
    const config = await this.databases.resolve(address.configFile);
    const { text } = await this.databases.request(config, "db/comparisonSide", { threadId: address.threadId, checkpointId: address.checkpointId });
    return text;
  }
}

/** A checkpoint to compare; `source` and `writers`, when known, name it as every view does. */
export interface ComparedCheckpoint {
  /** The database that holds it (a langgraph.json or a connected server's URL); undefined = the workspace's default one. */
  configFile?: string;
  threadId: string;
  checkpoint: { checkpointId: string; step: number; source?: string; writers?: readonly string[] };
}

/** The one way two checkpoints are compared: their comparison documents in VS Code's diff editor. */
export async function openComparison(left: ComparedCheckpoint, right: ComparedCheckpoint): Promise<void> {
  const title =
    left.threadId === right.threadId
      ? `${left.threadId}: ${checkpointLabel(left.checkpoint)} ↔ ${checkpointLabel(right.checkpoint)}`
      : `${left.threadId} ${checkpointLabel(left.checkpoint)} ↔ ${right.threadId} ${checkpointLabel(right.checkpoint)}`;
  const side = ({ configFile, threadId, checkpoint: { checkpointId, step } }: ComparedCheckpoint) => compareUri({ configFile, threadId, checkpointId, step });
  await vscode.commands.executeCommand("vscode.diff", side(left), side(right), title);
}

/** checkpointName() when the checkpoint carries what it needs (a Threads view item does), else `step N`. */
export function checkpointLabel(checkpoint: ComparedCheckpoint["checkpoint"]): string {
  const { source, writers } = checkpoint;
  return source !== undefined && writers !== undefined ? checkpointName({ step: checkpoint.step, source, writers }) : `step ${checkpoint.step}`;
}
