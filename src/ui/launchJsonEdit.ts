// Appending a launch configuration to .vscode/launch.json as text edits (jsonc-parser), so the
// user's comments and formatting survive, inside the "configurations" array too (VS Code's
// settings API rewrites that array as a whole). Without vscode: the wizard applies the edits.

import { modify, parse, printParseErrorCode, type Edit, type ParseError } from "jsonc-parser";
import { withLaunchAppended, type LaunchEntry } from "./debugGraphChoices";

/** What a new launch.json holds before the first configuration is appended. */
export const EMPTY_LAUNCH_JSON = '{\n  "version": "0.2.0",\n  "configurations": []\n}\n';

export type LaunchAppend = { ok: true; edits: Edit[]; name: string } | { ok: false; problem: string };

/** The edits that append `launch` to launch.json's text (renamed "… (2)" when its name is taken). */
export function appendLaunch(text: string, launch: { name: string }): LaunchAppend {
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors[0]) {
    const line = text.slice(0, errors[0].offset).split("\n").length;
    return { ok: false, problem: `it does not parse (${printParseErrorCode(errors[0].error)} at line ${line}): fix it, then save the launch again` };
  }
  if (typeof root !== "object" || root === null || Array.isArray(root))
    return { ok: false, problem: "it is not a JSON object: fix it, then save the launch again" };
  const configurations = (root as { configurations?: unknown }).configurations;
  if (configurations !== undefined && !Array.isArray(configurations)) {
    return { ok: false, problem: '"configurations" is not an array: fix it, then save the launch again' };
  }
  const existing = ((configurations ?? []) as unknown[]).filter((entry): entry is LaunchEntry => typeof (entry as LaunchEntry | null)?.name === "string");
  const appended = withLaunchAppended(existing, launch).at(-1)!;
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
  const formattingOptions = {
    insertSpaces: !indent.startsWith("\t"),
    tabSize: indent.startsWith("\t") ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
  // Index -1 appends to the array (and creates "configurations" when it is missing).
  const edits = modify(text, ["configurations", configurations === undefined ? 0 : -1], appended, { formattingOptions, isArrayInsertion: true });
  return { ok: true, edits, name: appended.name };
}
