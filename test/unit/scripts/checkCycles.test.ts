import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const script = join(__dirname, "../../../scripts/check-cycles.mjs");
let root: string | undefined;

function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), "cycles-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function check(dir: string) {
  const result = spawnSync(process.execPath, [script, dir], { encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe("scripts/check-cycles.mjs", () => {
  it("fails on a cycle made only of type imports", () => {
    const dir = project({
      "a.ts": 'import type { B } from "./b";\nexport type A = B[];\n',
      "b.ts": 'import { type A } from "./a";\nexport type B = { a?: A };\n',
    });
    const { status, output } = check(dir);
    expect(status).toBe(1);
    expect(output).toMatch(/Import cycle between files: .*a\.ts -> .*b\.ts -> .*a\.ts/);
  });

  it("fails when two sibling folders import each other, through any files", () => {
    const dir = project({
      "session/run.ts": 'import { open } from "../db/open";\nexport const run = open;\n',
      "session/plain.ts": "export const plain = 1;\n",
      "db/open.ts": "export const open = 1;\n",
      "db/views.ts": 'export { plain } from "../session/plain";\n',
    });
    const { status, output } = check(dir);
    expect(status).toBe(1);
    expect(output).toContain("Folders depend on each other");
    expect(output).toContain("db/views.ts imports");
  });

  it("passes a graph where folders import their parent and one another one way", () => {
    const dir = project({
      "errors.ts": "export const error = 1;\n",
      "session/run.ts": 'import { error } from "../errors";\nexport const run = error;\n',
      "db/views.ts": 'import { run } from "../session/run";\nexport const views = import("./lazy").then(() => run);\n',
      "db/lazy.ts": "export {};\n",
    });
    expect(check(dir)).toMatchObject({ status: 0 });
  });
});
