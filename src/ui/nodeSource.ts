// "Open the node's source": finds where a node is added to its graph (addNode("name", ...))
// in the graph's module and reveals that line. Good enough until the engine reports locations.

import * as vscode from "vscode";
import type { GraphShape } from "../protocol/engine";
import type { EngineRegistry } from "./engines";
import { findNodeLine } from "./sourceSearch";

export async function openNodeSource(configFile: string, graph: GraphShape, nodeId: string, engines: EngineRegistry): Promise<void> {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node || node.kind !== "node") return;
  const { graphs } = await engines.forFile(configFile).request("graphs/list", { configFile });
  const summary = graphs.find((candidate) => candidate.graphId === graph.graphId);
  if (!summary) return;

  const document = await vscode.workspace.openTextDocument(summary.file);
  const line = findNodeLine(document.getText(), node.name);
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    selection: new vscode.Range(position, position),
  });
}
