// "LangGraph: Re-run with Store as It Was", "Apply Store Overlay" and "Discard Store Overlay":
// the palette's way to the adapter's langgraph/rerunStore, langgraph/applyOverlay and
// langgraph/discardOverlay requests (src/protocol/debugEvents.ts) on the active LangGraph session.

import * as vscode from "vscode";
import type { OverlayWriteView } from "../protocol/engine";
import { DEBUG_TYPE } from "./debugAdapter";
import { DebugPositionTracker } from "./debugPosition";

export const RERUN_AS_IT_WAS_COMMAND = "langgraph.rerunStoreAsItWas";
export const APPLY_OVERLAY_COMMAND = "langgraph.applyStoreOverlay";
export const DISCARD_OVERLAY_COMMAND = "langgraph.discardStoreOverlay";

const item = (write: OverlayWriteView) => `${write.namespace.join("/")} · ${write.key}`;

function activeSession(): vscode.DebugSession | undefined {
  const session = vscode.debug.activeDebugSession;
  if (session?.type === DEBUG_TYPE) return session;
  void vscode.window.showErrorMessage("No LangGraph debug session is active: start one (Run and Debug) and select it in the Call Stack, then try again.");
  return undefined;
}

/** Runs a request, showing its error (the adapter's message says what to do) instead of throwing. */
async function attempt(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}

async function rerunAsItWas(): Promise<void> {
  const session = activeSession();
  if (!session) return;
  await attempt(async () => {
    await DebugPositionTracker.request(session, "langgraph/rerunStore", { mode: "asItWas" });
    void vscode.window.showInformationMessage(
      "Re-runs from a past checkpoint now read the store as it was then, and write to an overlay: Restart Frame on a checkpoint, then Continue or Step.",
    );
  });
}

async function applyOverlay(overwrite = false): Promise<void> {
  const session = activeSession();
  if (!session) return;
  await attempt(async () => {
    const { applied, conflicts } = await DebugPositionTracker.request(session, "langgraph/applyOverlay", { overwrite });
    if (conflicts.length === 0) {
      void vscode.window.showInformationMessage(
        applied.length === 0
          ? "The store overlay holds no writes."
          : `Applied ${applied.length} overlay write(s) to the store: ${applied.map(item).join(", ")}.`,
      );
      return;
    }
    const overwriteChoice = "Overwrite Them";
    const choice = await vscode.window.showWarningMessage(
      `Applied ${applied.length} overlay write(s). Not applied, changed in the store since: ${conflicts.map((conflict) => `${item(conflict)} (${conflict.reason})`).join("; ")}.`,
      overwriteChoice,
    );
    if (choice === overwriteChoice) await applyOverlay(true);
  });
}

async function discardOverlay(): Promise<void> {
  const session = activeSession();
  if (!session) return;
  await attempt(async () => {
    const { discarded } = await DebugPositionTracker.request(session, "langgraph/discardOverlay", {});
    void vscode.window.showInformationMessage(
      discarded.length === 0 ? "The store overlay holds no writes." : `Discarded ${discarded.length} overlay write(s): ${discarded.map(item).join(", ")}.`,
    );
  });
}

export function registerStoreOverlayCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(RERUN_AS_IT_WAS_COMMAND, rerunAsItWas),
    vscode.commands.registerCommand(APPLY_OVERLAY_COMMAND, () => applyOverlay()),
    vscode.commands.registerCommand(DISCARD_OVERLAY_COMMAND, discardOverlay),
  ];
}
