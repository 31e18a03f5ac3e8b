// Bundles the integration suite for the extension host: index.ts and each *.test.ts become
// dist/vscode-suite/*.js (cjs, like the extension). `vscode` comes from the extension host and
// `mocha` from the repository's node_modules (dist/ lives inside the repository). dist/ is
// already ignored by git and the linter, and .vscodeignore ships only the extension's bundles.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";

export async function buildSuite(repoRoot) {
  const sourceDir = join(repoRoot, "test", "vscode", "suite");
  const outdir = join(repoRoot, "dist", "vscode-suite");
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = readdirSync(sourceDir)
    .filter((file) => file === "index.ts" || file.endsWith(".test.ts"))
    .map((file) => join(sourceDir, file));
  await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: true,
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  return outdir;
}
