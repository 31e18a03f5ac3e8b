// "Open the node's source": the engine reports where each node's function is defined
// (GraphNode.source), so this only opens that file beside the graph at that line.

import * as vscode from "vscode";
import type { GraphShape } from "../protocol/engine";

export async function openNodeSource(graph: GraphShape, nodeId: string): Promise<void> {
  const source = graph.nodes.find((candidate) => candidate.id === nodeId)?.source;
  if (!source) return;
  const document = await vscode.workspace.openTextDocument(source.file);
  const position = new vscode.Position(source.line - 1, 0);
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    selection: new vscode.Range(position, position),
  });
}
