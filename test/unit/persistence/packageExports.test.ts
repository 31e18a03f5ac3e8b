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
  const script = (load: string) => `
    const { openWorkspaceDb } = ${load};
    const db = await openWorkspaceDb({ path: ${JSON.stringify(dbPath)} });
    await db.store.put(["memories", "1"], "k", { data: "hello" });
    const item = await db.store.get(["memories", "1"], "k");
    await db.close();
    console.log(item.value.data);`;

  it("loads from ESM", () => {
    const output = runNode(["--input-type=module", "-e", script('await import("langgraph-debugger/persistence")')]);
    expect(output.trim()).toBe("hello");
  });

  it("loads from CommonJS", () => {
    const output = runNode(["-e", `(async () => { ${script('require("langgraph-debugger/persistence")')} })()`]);
    expect(output.trim()).toBe("hello");
  });
});
