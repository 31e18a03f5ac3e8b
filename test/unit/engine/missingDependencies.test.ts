// Which folder lacks an install, and which package manager installs it, from the files a
// project really has: package.json and its lockfile (here, or in a workspace root above).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { missingDependencyOf } from "../../../src/engine/missingDependencies";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), "missing-deps-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const notFound = (specifier: string) => Object.assign(new Error(`Cannot find module '${specifier}'\nRequire stack:\n- /x.ts`), { code: "MODULE_NOT_FOUND" });
const manifest = JSON.stringify({ dependencies: { "@langchain/langgraph": "1.4.18" }, devDependencies: { zod: "4" } });

describe("missingDependencyOf", () => {
  it("names npm install in the folder when package.json lists the package and package-lock.json is there", () => {
    const dir = project({ "package.json": manifest, "package-lock.json": "{}", "src/agent.ts": "" });
    expect(missingDependencyOf(notFound("@langchain/langgraph/prebuilt"), join(dir, "src", "agent.ts"))).toEqual({
      packageName: "@langchain/langgraph",
      packageFolder: dir,
      listed: true,
      installFolder: dir,
      command: "npm install",
    });
  });

  it("uses the workspace root's lockfile and package manager in a monorepo", () => {
    const dir = project({ "pnpm-lock.yaml": "", "package.json": "{}", "apps/agent/package.json": manifest, "apps/agent/src/graph.ts": "" });
    const missing = missingDependencyOf(notFound("zod"), join(dir, "apps", "agent", "src", "graph.ts"));
    expect(missing).toMatchObject({ packageName: "zod", packageFolder: join(dir, "apps", "agent"), listed: true, installFolder: dir, command: "pnpm install" });
  });

  it("says how to add a package that package.json does not list", () => {
    const dir = project({ "package.json": manifest, "yarn.lock": "", "graph.js": "" });
    expect(missingDependencyOf(notFound("lodash/merge"), join(dir, "graph.js"))).toMatchObject({
      packageName: "lodash",
      listed: false,
      installFolder: dir,
      command: "yarn add lodash",
    });
  });

  it("leaves a wrong relative import and other errors alone", () => {
    const dir = project({ "package.json": manifest, "graph.ts": "" });
    expect(missingDependencyOf(notFound("./tools"), join(dir, "graph.ts"))).toBeUndefined();
    expect(missingDependencyOf(new Error("boom"), join(dir, "graph.ts"))).toBeUndefined();
    expect(missingDependencyOf("Cannot find module 'zod'", join(dir, "graph.ts"))).toBeUndefined();
  });
});
