// Users' apps import the database as `langgraph-debugger/persistence`, from ESM or CommonJS.
// Runs the built bundles in a separate Node process, as an app would load them.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "..");

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });
}

describe("the ./persistence subpath export", () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), "lg-exports-")), "db.json");
  // Also folds the journal in the bundle's worker thread (dist/compaction-worker.js, found beside
  // the bundle): the journal is moved aside for it at once, and db.json then holds the item.
  const script = (load: (specifier: string) => string) => `
    const { openWorkspaceDb } = ${load("langgraph-debugger/persistence")};
    const fs = ${load("node:fs")};
    const db = await openWorkspaceDb({ path: ${JSON.stringify(dbPath)} });
    await db.store.put(["memories", "1"], "k", { data: "hello" });
    const item = await db.store.get(["memories", "1"], "k");
    const folded = db.compactInBackground();
    const inWorker = fs.existsSync(${JSON.stringify(`${dbPath}.journal.folding`)});
    await folded;
    const inFile = fs.readFileSync(${JSON.stringify(dbPath)}, "utf8").includes("hello");
    await db.close();
    console.log(item.value.data, inWorker, inFile);`;

  it("loads from ESM", () => {
    const output = runNode(["--input-type=module", "-e", script((specifier) => `await import("${specifier}")`)]);
    expect(output.trim()).toBe("hello true true");
  });

  it("loads from CommonJS", () => {
    const output = runNode(["-e", `(async () => { ${script((specifier) => `require("${specifier}")`)} })()`]);
    expect(output.trim()).toBe("hello true true");
  });
});
