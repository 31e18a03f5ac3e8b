// Engine errors as the FileSystemErrors VS Code shows for a document ("Failed to save …: <why>").

import * as vscode from "vscode";
import type { EngineRequestError } from "../../engineClient/engineClient";

export function toFileSystemError(error: unknown, uri: vscode.Uri): vscode.FileSystemError {
  if (error instanceof vscode.FileSystemError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // Identified by name, not instanceof: the error may come from another bundle's copy of the client.
  const code = (error as Partial<EngineRequestError> | undefined)?.name === "EngineRequestError" ? (error as EngineRequestError).code : undefined;
  switch (code) {
    case "conflict":
      return new vscode.FileSystemError(
        `${message} It changed in the workspace database since this document was read (a running graph may have written it): reopen it to see the new value, or save again to overwrite it.`,
      );
    case "checkpointNotFound":
      return vscode.FileSystemError.FileNotFound(`${uri.path}: ${message}`);
    default:
      return vscode.FileSystemError.Unavailable(message);
  }
}
