// Offers the command that fixes an engine error (today: installing a folder's dependencies) as a
// button that runs it in a terminal, where the user sees its output and can answer its prompts.
// Debug sessions carry the fix in their DAP error's variables (any DAP client can read them);
// a tracker picks it up here, so an inline and a standalone adapter say it the same way.

import * as vscode from "vscode";
import type { DebugProtocol } from "@vscode/debugprotocol";

export interface Fix {
  command: string;
  folder: string;
}

export async function offerFix(message: string, fix: Fix): Promise<void> {
  const run = `Run "${fix.command}"`;
  const choice = await vscode.window.showErrorMessage(message, run);
  if (choice !== run) return;
  const terminal = vscode.window.createTerminal({ name: `LangGraph: ${fix.command}`, cwd: fix.folder });
  terminal.show();
  terminal.sendText(fix.command);
}

/** Offers the fix of any failed request of a `debugType` session whose error names one. */
export function offerFixesOfDebugErrors(debugType: string): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
        if (message.type !== "response") return;
        const variables = (message as DebugProtocol.ErrorResponse).body?.error?.variables;
        if (variables?._fixCommand && variables._fixFolder)
          void offerFix(variables._message ?? "", { command: variables._fixCommand, folder: variables._fixFolder });
      },
    }),
  });
}
