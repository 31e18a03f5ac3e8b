// Where each node's function is defined, found by reading source text (no inspector needed):
// the graph module's `addNode("name", fn)`, then `fn`'s declaration in that module or in the
// local module it is imported from. Falls back to the addNode line; absent when neither is found,
// and absent for library code (a graph shipped in a package under node_modules, the engine's own
// bundle): the Call Stack and the graph link only to the user's own code, never into a library.

import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { NodeInfo } from "../protocol/engine";

export function findNodeSources(graphFile: string, nodeNames: readonly string[]): NodeInfo[] {
  const text = readText(graphFile);
  return nodeNames.map((name) => {
    const found = text === undefined ? { name } : locate(graphFile, text, name);
    return found.file !== undefined && isLibraryCode(found.file) ? { name } : found;
  });
}

/** Under a node_modules folder, or the engine's own files (dist/ beside this bundle). */
function isLibraryCode(file: string): boolean {
  return file.split(/[\\/]/).includes("node_modules") || file.startsWith(__dirname + sep);
}

function locate(graphFile: string, text: string, name: string): NodeInfo {
  // The function is named when it is an identifier; an inline function leaves the group empty.
  const addNode = new RegExp(`addNode\\(\\s*["'\`]${escape(name)}["'\`]\\s*,\\s*(?:([A-Za-z_$][\\w$]*)\\s*[,)])?`);
  const match = addNode.exec(text);
  if (!match) return { name };
  const identifier = match[1];
  if (identifier === undefined) return { name, file: graphFile, line: lineOf(text, match.index) };
  const local = declarationLine(text, identifier);
  if (local !== undefined) return { name, file: graphFile, line: local };
  const imported = importedFrom(graphFile, text, identifier);
  if (imported) {
    const importedText = readText(imported);
    const line = importedText === undefined ? undefined : declarationLine(importedText, identifier);
    if (line !== undefined) return { name, file: imported, line };
  }
  return { name, file: graphFile, line: lineOf(text, match.index) };
}

function declarationLine(text: string, identifier: string): number | undefined {
  const declaration = new RegExp(`^\\s*(?:export\\s+)?(?:async\\s+)?(?:function\\*?\\s+${escape(identifier)}\\b|(?:const|let|var)\\s+${escape(identifier)}\\b)`, "m");
  const match = declaration.exec(text);
  return match ? lineOf(text, match.index + (match[0].length - match[0].trimStart().length)) : undefined;
}

/** `import { callModel } from "./call-model.js"` → the .ts (or .js) file beside the graph module. */
function importedFrom(graphFile: string, text: string, identifier: string): string | undefined {
  const imports = /import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (const match of text.matchAll(imports)) {
    const names = match[1]!.split(",").map((part) => part.trim().split(/\s+as\s+/).pop()?.trim());
    if (!names.includes(identifier)) continue;
    const base = resolve(dirname(graphFile), match[2]!);
    const candidates = [base, base.replace(/\.[cm]?js$/, ".ts"), base.replace(/\.[cm]?js$/, ".mts"), `${base}.ts`, `${base}.js`, `${base}/index.ts`];
    return candidates.find((candidate) => /\.[cm]?[jt]sx?$/.test(candidate) && existsSync(candidate));
  }
  return undefined;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
