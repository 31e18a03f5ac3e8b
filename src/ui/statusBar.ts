// The status bar item of a LangGraph debug session: where it stands (graph, thread, step, the
// nodes the next superstep runs) and whether it runs or is stopped. It follows the position
// events the adapter sends (DebugPositionTracker) and hides when no LangGraph session is live.
// Clicking it runs "LangGraph: Show Debug Position".

import * as vscode from "vscode";
import { nextText, shortCheckpointId } from "../protocol/checkpointNames";
import type { DebugPositionTracker, SessionPosition } from "./debugPosition";
import { inlineCode, plainText } from "./userMarkdown";

export const SHOW_POSITION_COMMAND = "langgraph.showPosition";
/** The debugger webview's command, when another part of the extension contributes it. */
const OPEN_DEBUGGER_COMMAND = "langgraph.openDebugger";

export class PositionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Whether the item is shown (StatusBarItem does not say). */
  visible = false;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly positions: DebugPositionTracker) {
    this.item = vscode.window.createStatusBarItem("langgraph.position", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "LangGraph Debug Position";
    this.item.command = SHOW_POSITION_COMMAND;
    this.disposables = [
      this.item,
      positions.onDidChange(() => this.update()),
      // With two sessions, the item follows the one the debug toolbar drives.
      vscode.debug.onDidChangeActiveDebugSession(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("langgraph.maxInlineValueLength")) this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const position = this.positions.current;
    if (!position || position.status === "ended") {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = statusText(position, maxInlineValueLength());
    this.item.tooltip = tooltip(position);
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** "LangGraph: Show Debug Position": the debugger view when there is one, else the Call Stack. */
export async function showPosition(): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  await vscode.commands.executeCommand(commands.includes(OPEN_DEBUGGER_COMMAND) ? OPEN_DEBUGGER_COMMAND : "workbench.debug.action.focusCallStackView");
}

/** The setting `langgraph.maxInlineValueLength`: the longest text shown on one line. */
export function maxInlineValueLength(): number {
  const value = vscode.workspace.getConfiguration("langgraph").get<number>("maxInlineValueLength") ?? 120;
  return Number.isFinite(value) && value >= 20 ? Math.floor(value) : 120;
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function statusText(position: SessionPosition, max: number): string {
  const where = `${position.graphId} · thread ${position.threadId}`;
  if (position.status === "running") return `$(sync~spin) ${shorten(`${where} · running`, max)}`;
  const name = position.name ?? (position.step !== undefined ? `step ${position.step}` : undefined);
  const step = name ? ` · ${name}` : "";
  const next = position.next?.length ? ` · ${nextText(position.next)}` : position.reason === "end" ? " · end" : "";
  return `$(debug-pause) ${shorten(`${where}${step}${next}`, max)}`;
}

function tooltip(position: SessionPosition): vscode.MarkdownString {
  const lines = [
    `**LangGraph** — graph ${inlineCode(position.graphId)}, thread ${inlineCode(position.threadId)}: ${position.status}`,
    position.step !== undefined ? `${position.name ?? `step ${position.step}`}${position.reason ? ` (${position.reason})` : ""}` : "",
    position.next?.length ? `next: ${position.next.map(inlineCode).join(", ")}` : "",
    position.checkpointId ? `checkpoint ${inlineCode(shortCheckpointId(position.checkpointId))} (${inlineCode(position.checkpointId)})` : "",
    position.description ? plainText(position.description) : "",
    "Click to show the position.",
  ];
  return new vscode.MarkdownString(lines.filter(Boolean).join("\n\n"));
}
