// One build script for every bundle: `--production` minifies, `--watch` rebuilds on change.
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: "warning",
  legalComments: "none",
};

/** Node bundles. `vscode` is provided by the extension host; better-sqlite3 is native and never shipped. */
const nodeBundles = {
  ...common,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["vscode", "better-sqlite3"],
  // jiti's ESM entry finds its TypeScript transform through `import.meta.url`, which is empty in a
  // CommonJS bundle: every module not yet in jiti's cache failed to load. Its CJS entry requires
  // the transform statically, so esbuild bundles it.
  // jsonc-parser's `main` is a UMD build whose `require("./impl/…")` calls esbuild cannot follow:
  // the extension failed to activate ("command not found"). Its ESM build bundles.
  alias: { jiti: "./node_modules/jiti/lib/jiti.cjs", "jsonc-parser": "./node_modules/jsonc-parser/lib/esm/main.js" },
  outdir: "dist",
  entryPoints: {
    extension: "src/extension.ts",
    engine: "src/engine/main.ts",
    debugAdapter: "src/debug/standalone.ts",
    // The worker thread of the workspace database's background compaction, beside every bundle
    // that holds the database (src/persistence/backgroundCompaction.ts finds it there).
    "compaction-worker": "src/persistence/compactionWorker.ts",
  },
};

const webviewBundle = {
  ...common,
  platform: "browser",
  target: "es2022",
  format: "iife",
  outdir: "dist/webview",
  entryPoints: { main: "webview/main.ts" },
  loader: { ".ttf": "file" },
};

/**
 * `langgraph-debugger/persistence` for users' own apps, as ESM and CJS. LangGraph packages stay
 * external so the app's own copies are used (one serializer, one set of classes).
 */
const persistenceBundles = ["esm", "cjs"].map((format) => ({
  ...common,
  platform: "node",
  target: "node20",
  format,
  external: ["@langchain/*"],
  entryPoints: ["src/persistence/index.ts"],
  outfile: `dist/persistence.${format === "esm" ? "mjs" : "cjs"}`,
  // The database finds its compaction worker beside its own file, through __dirname.
  ...(format === "esm"
    ? { banner: { js: 'import { fileURLToPath as __lgFileURLToPath } from "node:url"; const __dirname = __lgFileURLToPath(new URL(".", import.meta.url));' } }
    : {}),
}));

/**
 * `langgraph-debugger/testing`, which the regression tests made from a thread import: ESM, as
 * test runners load it. It reaches the project's LangChain at run time (src/testing/userCore.ts).
 */
const testingBundle = {
  ...common,
  platform: "node",
  target: "node20",
  format: "esm",
  external: ["@langchain/*"],
  entryPoints: ["src/testing/index.ts"],
  outfile: "dist/testing.mjs",
};

const configs = [nodeBundles, webviewBundle, ...persistenceBundles, testingBundle];

// A production build starts clean, so no stale source maps end up in the .vsix.
if (production) rmSync("dist", { recursive: true, force: true });

// Codicons are a stylesheet plus a font: copied as they are, next to the webview bundle.
mkdirSync("dist/webview", { recursive: true });
for (const file of ["codicon.css", "codicon.ttf"]) {
  copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}

if (watch) {
  for (const config of configs) {
    const context = await esbuild.context(config);
    await context.watch();
  }
  console.log("esbuild: watching for changes");
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
}
