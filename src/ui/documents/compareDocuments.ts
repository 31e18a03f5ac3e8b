// One side of a comparison as a read-only text document (`langgraph-compare:` URIs, see uris.ts):
// the engine writes the text (db/comparisonSide: the path of nodes, the state, the store as of
// the checkpoint), and two such documents open side by side in VS Code's diff editor.

import type * as vscode from "vscode";
import type { ConfigFiles } from "../configFiles";
import type { WorkspaceDbService } from "../workspaceDb";
import { compareUri, parseCompareUri } from "./uris";

export class CompareDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly configs: ConfigFiles,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = parseCompareUri(uri);
    if (!address) throw new Error(`${uri.toString()} names no checkpoint: expected langgraph-compare:/<thread_id>/<step>-<checkpoint_id>.txt`);
    const config = await this.configs.resolve(address.configFile);
    const { text } = await this.databases.request(config, "db/comparisonSide", { threadId: address.threadId, checkpointId: address.checkpointId });
    return text;
  }
}

export function compareDocumentUri(
  configFile: string,
  defaultConfig: string | undefined,
  threadId: string,
  checkpoint: { checkpointId: string; step: number },
): vscode.Uri {
  return compareUri({ configFile: configFile === defaultConfig ? undefined : configFile, threadId, ...checkpoint });
}
