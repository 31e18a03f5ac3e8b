// `npm run lint` part: fails when the import graph of src/ or webview/ has a cycle.
//   1. between files (type-only imports count: a type cycle still ties two files together);
//   2. between sibling folders (e.g. src/engine/session and src/engine/db must not import each
//      other both ways); a folder importing its parent's files (engine/session -> engine/errors.ts)
//      is not a sibling edge and is allowed.
// Imports are read with TypeScript's own parser (ts.preProcessFile), so `import type`,
// `export ... from` and dynamic `import()` of relative paths are all seen.
// Usage: node scripts/check-cycles.mjs [root ...]   (default: src webview)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src", "webview"];
const cwd = process.cwd();

function sourceFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(m|c)?tsx?$/.test(name) && !name.endsWith(".d.ts")) files.push(full);
  }
  return files;
}

/** A relative specifier resolved as TypeScript's bundler resolution would, or undefined. */
function resolveImport(from, specifier) {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, base.replace(/\.js$/, ".ts"), base.replace(/\.mjs$/, ".mts"), join(base, "index.ts")];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

const files = roots.flatMap((root) => sourceFiles(resolve(cwd, root)));
/** file -> files it imports */
const graph = new Map();
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const targets = new Set();
  for (const { fileName } of info.importedFiles) {
    const target = resolveImport(file, fileName);
    if (target !== undefined && target !== file) targets.add(target);
  }
  graph.set(file, targets);
}

/** Strongly connected components with more than one node (Tarjan's algorithm). */
function cycles(nodes, edgesOf) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edgesOf(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found;
}

/** One concrete loop inside a component, for the message: a -> b -> ... -> a. */
function loopIn(component, edgesOf) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of edgesOf(node)) {
      if (next === start) {
        const path = [node];
        for (let at = previous.get(node); at !== undefined; at = previous.get(at)) path.unshift(at);
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

const show = (file) => relative(cwd, file).split(sep).join("/");
const problems = [];

const fileEdges = (file) => graph.get(file) ?? [];
for (const component of cycles([...graph.keys()], fileEdges)) {
  problems.push(`Import cycle between files: ${loopIn(component, fileEdges).map(show).join(" -> ")}`);
}

// Folder level: an edge between two folders neither of which contains the other.
const folderEdges = new Map();
const contains = (outer, inner) => inner === outer || inner.startsWith(outer + sep);
for (const [file, targets] of graph) {
  const from = dirname(file);
  for (const target of targets) {
    const to = dirname(target);
    if (contains(from, to) || contains(to, from)) continue;
    // Compare the two folders just below their common ancestor: engine/session/x vs engine/db.
    const common = from.split(sep).filter((part, i) => to.split(sep)[i] === part).length;
    const fromTop = from
      .split(sep)
      .slice(0, common + 1)
      .join(sep);
    const toTop = to
      .split(sep)
      .slice(0, common + 1)
      .join(sep);
    if (!folderEdges.has(fromTop)) folderEdges.set(fromTop, new Map());
    const byTarget = folderEdges.get(fromTop);
    if (!byTarget.has(toTop)) byTarget.set(toTop, `${show(file)} imports ${show(target)}`);
  }
}
const folderEdgesOf = (folder) => folderEdges.get(folder)?.keys() ?? [];
for (const component of cycles([...folderEdges.keys()], folderEdgesOf)) {
  const loop = loopIn(component, folderEdgesOf);
  const because = loop.slice(0, -1).map((folder, i) => `  ${folderEdges.get(folder).get(loop[i + 1])}`);
  problems.push(`Folders depend on each other: ${loop.map(show).join(" -> ")}\n${because.join("\n")}`);
}

if (problems.length > 0) {
  console.error(problems.join("\n") + "\nBreak the cycle: move the shared code (often types) into a file both can import.");
  process.exit(1);
}
console.log(`No import cycles in ${roots.join(", ")} (${files.length} files).`);
