// One factory per error the debug adapter itself reports (engine errors arrive with their own
// codes). Each has a stable DAP error id and a message for the user: what, which value, what to do.

import type { DebugProtocol } from "@vscode/debugprotocol";
import { EngineRequestError } from "../engineClient/engineClient";

export interface DebugError {
  id: number;
  code: string;
  message: string;
  /** A command that fixes it (e.g. "npm install" in a folder), for the client to offer. */
  fix?: { command: string; folder: string };
}

export function isDebugError(value: unknown): value is DebugError {
  return typeof value === "object" && value !== null && typeof (value as DebugError).id === "number" && typeof (value as DebugError).code === "string";
}

export const debugErrors = {
  launchAttribute: (attribute: string, problem: string): DebugError => ({
    id: 4001,
    code: "launchAttribute",
    message: `The launch configuration's "${attribute}" ${problem}.`,
  }),
  engine: (message: string, hint?: string, file?: string, fix?: DebugError["fix"]): DebugError => ({
    id: 4002,
    code: "engine",
    message: [message, file && !message.includes(file) ? `(${file})` : "", hint ?? ""].filter(Boolean).join(" "),
    fix,
  }),
  noSession: (): DebugError => ({
    id: 4003,
    code: "noSession",
    message: "The LangGraph session is not running (it has not started or has already ended).",
  }),
  unknownReference: (what: string): DebugError => ({
    id: 4004,
    code: "unknownReference",
    message: `That ${what} is no longer valid: the run moved on. Look again in the current stop.`,
  }),
} as const;

/** DAP's message for an error response. The text goes in a variable: DAP formats expand `{name}`, and ours may contain JSON. */
export function toDapMessage(error: DebugError): DebugProtocol.Message {
  // A fix travels as variables too (DAP has no field for it): VS Code's side reads them to offer a button.
  const fix: Record<string, string> = error.fix ? { _fixCommand: error.fix.command, _fixFolder: error.fix.folder } : {};
  return { id: error.id, format: "{_message}", variables: { _message: error.message, ...fix }, showUser: true };
}

/** Any failure of a request, as the error the user reads: an engine error keeps its hint, file and fix. */
export function toDebugError(error: unknown): DebugError {
  if (isDebugError(error)) return error;
  if (error instanceof EngineRequestError) return debugErrors.engine(error.message, error.hint, error.file, error.fix);
  return debugErrors.engine(error instanceof Error ? error.message : String(error));
}
