// Where each node is added and where its function is defined, found by reading source text (no
// inspector needed): the graph module's `.addNode("name", fn)` (or `.addNode({ name: fn })`), then
// `fn`'s declaration in that module or in the local module it is imported from. An inline function
// is defined where it is added; a subgraph node's definition is the subgraph's declaration.
// Library code (a graph shipped in a package under node_modules, the engine's own bundle) is
// never a location: the Call Stack and the graph link only to the user's own code.

import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { NodeInfo, SourceLocation } from "../protocol/engine";

export interface NodeSource {
  name: string;
  /** The `.addNode(…)` call (for the object form, the line of the node's key). */
  addedAt?: SourceLocation;
  /** The function (or compiled subgraph) the node runs; the addNode line when it is inline. */
  definedAt?: SourceLocation;
}

export function findNodeSources(graphFile: string, nodeNames: readonly string[]): NodeSource[] {
  const text = readText(graphFile);
  return nodeNames.map((name) => (text === undefined ? { name } : userCodeOnly(locate(graphFile, text, name))));
}

function userCodeOnly({ name, addedAt, definedAt }: NodeSource): NodeSource {
  return {
    name,
    ...(addedAt && !isLibraryCode(addedAt.file) ? { addedAt } : {}),
    ...(definedAt && !isLibraryCode(definedAt.file) ? { definedAt } : {}),
  };
}

/** Under a node_modules folder, or the engine's own files (dist/ beside this bundle). */
function isLibraryCode(file: string): boolean {
  return file.split(/[\\/]/).includes("node_modules") || file.startsWith(__dirname + sep);
}

/** What the debug adapter's frames point at: the node's function, else its addNode line. */
export function toNodeInfo({ name, addedAt, definedAt }: NodeSource): NodeInfo {
  const at = definedAt ?? addedAt;
  return at ? { name, file: at.file, line: at.line } : { name };
}

const IDENTIFIER = "[A-Za-z_$][\\w$]*";

function locate(graphFile: string, text: string, name: string): NodeSource {
  const added = addNodeCall(text, name);
  if (!added) return { name };
  const addedAt = { file: graphFile, line: lineOf(text, added.index) };
  const expression = added.expression;
  // `async (s) => …`, `(s) => …`, `s => …`, `function (…) {…}`, `new RunnableLambda(…)`: defined right there.
  const inline = new RegExp(`^(?:async\\b|function\\b|new\\b|\\(|${IDENTIFIER}\\s*=>)`).exec(expression.text);
  if (inline) return { name, addedAt, definedAt: { file: graphFile, line: lineOf(text, expression.index) } };
  // `fn`, `makeSubgraph()`, `subgraph.compile()`, `nodes.fn` (a namespace import).
  const reference = new RegExp(`^(${IDENTIFIER})(?:\\s*\\.\\s*(${IDENTIFIER}))?`).exec(expression.text);
  const definedAt = reference ? declarationOf(graphFile, text, reference[1]!, reference[2]) : undefined;
  return definedAt ? { name, addedAt, definedAt } : { name, addedAt };
}

interface Found {
  /** Offset of the text that names the node (the string argument, or the object key). */
  index: number;
  /** The node's action: its source text from there on, and the offset where it starts. */
  expression: { text: string; index: number };
}

function addNodeCall(text: string, name: string): Found | undefined {
  const quoted = `["'\`]${escape(name)}["'\`]`;
  const stringForm = new RegExp(`addNode\\(\\s*(${quoted})\\s*,\\s*`).exec(text);
  if (stringForm) {
    const start = stringForm.index + stringForm[0].length;
    return { index: stringForm.index + stringForm[0].indexOf(stringForm[1]!), expression: { text: text.slice(start), index: start } };
  }
  // `.addNode({ a: fnA, b })`: the key (quoted or not) inside the object argument.
  for (const call of text.matchAll(/addNode\(\s*\{/g)) {
    const open = call.index + call[0].length - 1;
    const body = text.slice(open, closingBrace(text, open));
    const key = new RegExp(`[{,]\\s*(?:${quoted}|${escape(name)}\\b)\\s*(:\\s*|(?=[,}]))`).exec(body);
    if (!key) continue;
    const keyIndex = open + key.index + 1 + key[0].slice(1).search(/\S/);
    const start = open + key.index + key[0].length;
    // Shorthand `{ fnA }`: the key is the function's name.
    const expression = key[1] ? { text: text.slice(start), index: start } : { text: name, index: keyIndex };
    return { index: keyIndex, expression };
  }
  return undefined;
}

/** Offset just past the `}` matching the `{` at `open` (strings and comments are not special: good enough here). */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === "{") depth++;
    else if (text[index] === "}" && --depth === 0) return index + 1;
  }
  return text.length;
}

/** `identifier` declared in `file`, or in the local module it is imported from (`member` of a namespace import). */
function declarationOf(file: string, text: string, identifier: string, member?: string): SourceLocation | undefined {
  const local = declarationLine(text, identifier);
  if (local !== undefined) return { file, line: local };
  const imported = importOf(file, text, identifier, member);
  if (!imported) return undefined;
  const importedText = readText(imported.file);
  if (importedText === undefined) return undefined;
  const line = imported.exported === "default" ? defaultExportLine(importedText) : declarationLine(importedText, imported.exported);
  return line === undefined ? undefined : { file: imported.file, line };
}

function declarationLine(text: string, identifier: string): number | undefined {
  const name = escape(identifier);
  const declaration = new RegExp(`^[ \\t]*(?:export\\s+)?(?:async\\s+)?(?:function\\*?\\s+${name}\\b|(?:const|let|var|class)\\s+${name}\\b)`, "m");
  const match = declaration.exec(text);
  return match ? lineOf(text, match.index + (match[0].length - match[0].trimStart().length)) : undefined;
}

function defaultExportLine(text: string): number | undefined {
  const match = /^[ \t]*export\s+default\b/m.exec(text);
  return match ? lineOf(text, match.index + (match[0].length - match[0].trimStart().length)) : undefined;
}

/**
 * The local module `identifier` comes from and its name there: `import { a as b } from "./x.js"`
 * (b → a), `import fn from "./x.js"` (default), `import * as nodes from "./x.js"` with `nodes.fn` (fn).
 */
function importOf(file: string, text: string, identifier: string, member?: string): { file: string; exported: string } | undefined {
  const from = `\\s*from\\s*["'](\\.{1,2}\\/[^"']+)["']`;
  for (const match of text.matchAll(new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}${from}`, "g"))) {
    for (const part of match[1]!.split(",")) {
      const [exported, local = exported] = part
        .trim()
        .split(/\s+as\s+/)
        .map((word) => word.trim());
      if (local === identifier && exported) return withFile(file, match[2]!, exported);
    }
  }
  const namedDefault = new RegExp(`import\\s+${escape(identifier)}\\s*(?:,\\s*\\{[^}]*\\})?${from}`).exec(text);
  if (namedDefault) return withFile(file, namedDefault[1]!, "default");
  const namespace = new RegExp(`import\\s+\\*\\s+as\\s+${escape(identifier)}${from}`).exec(text);
  if (namespace && member) return withFile(file, namespace[1]!, member);
  return undefined;
}

/** `./call-model.js` → the .ts (or .js) file beside the importing module. */
function withFile(importer: string, specifier: string, exported: string): { file: string; exported: string } | undefined {
  const base = resolve(dirname(importer), specifier);
  const candidates = [base, base.replace(/\.[cm]?js$/, ".ts"), base.replace(/\.[cm]?js$/, ".mts"), `${base}.ts`, `${base}.js`, `${base}/index.ts`];
  const found = candidates.find((candidate) => /\.[cm]?[jt]sx?$/.test(candidate) && existsSync(candidate));
  return found ? { file: found, exported } : undefined;
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
