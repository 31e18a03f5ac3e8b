// The README's figures (package size, first-run times) come from scripts/readme-numbers.json
// through scripts/readme-numbers.mjs: a figure edited by hand makes this test fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "..");
const readme = join(root, "README.md");
const work = mkdtempSync(join(tmpdir(), "lg-readme-numbers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function numbers(...args: string[]) {
  return spawnSync(process.execPath, [join(root, "scripts", "readme-numbers.mjs"), ...args], { cwd: root, encoding: "utf8" });
}

describe("scripts/readme-numbers.mjs", () => {
  it("finds the README's marked figures in step with scripts/readme-numbers.json", () => {
    const check = numbers("--check");
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("refuses a figure edited by hand, naming it, and --render writes it back", () => {
    const copy = join(work, "README.md");
    const original = readFileSync(readme, "utf8");
    const edited = original.replace(/(<!-- numbers:vsix-size -->\*\*)[\d.]+( MB\*\*)/, "$11.00$2");
    expect(edited).not.toBe(original);
    writeFileSync(copy, edited);

    const check = numbers("--check", "--readme", copy);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('"vsix-size" reads "**1.00 MB** (limit 5 MB)');

    expect(numbers("--render", "--readme", copy).status).toBe(0);
    expect(readFileSync(copy, "utf8")).toBe(original);
  });

  it("refuses a README that lost a marked block", () => {
    const copy = join(work, "README-without.md");
    writeFileSync(copy, readFileSync(readme, "utf8").replace(/<!-- numbers:screenshots-size -->.*?<!-- \/numbers -->/, "689 KB"));
    const check = numbers("--check", "--readme", copy);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("lacks the block(s) screenshots-size");
  });
});
