// The real-VS-Code layer of `npm test`: builds the extension and the integration suite, runs the
// suite inside VS Code (desktop through @vscode/test-electron where it can be downloaded, else
// code-server in headless Chromium), then the end-to-end UI tests in e2e/ against code-server.
// Writes test-results/vscode.json ({ passed, failed, skipped, failures }) and exits non-zero on
// any failure, including a run that could not start.
// Usage: node test/vscode/run.mjs [--skip-build] [integration | e2e]
//   --skip-build: use dist/ as it is (while debugging a build by hand);
//   integration / e2e: run only that part.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startCodeServer, workbenchUrl } from "../../scripts/code-server.mjs";
import { ensureChromium } from "../../scripts/setup-chromium.mjs";
import { ensureCodeServer } from "../../scripts/setup-code-server.mjs";
import { buildSuite } from "./build-suite.mjs";
import { openBrowser } from "./browser.mjs";
import { downloadVSCode, runSuiteInCodeServer, runSuiteInDesktopVSCode } from "./launchers.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const resultsFile = join(repoRoot, "test-results", "vscode.json");
const exampleWorkspace = join(repoRoot, "examples", "memory-agent");
/**
 * Time limits are for hangs, and a loaded 2-core CI machine is several times slower than an idle
 * 8-core laptop: they grow with fewer cores and with the load when the run starts (up to 4×).
 * LANGGRAPH_TEST_TIME_SCALE overrides the factor. The integration suite's mocha gets it too.
 */
function machineTimeScale() {
  const set = Number(process.env.LANGGRAPH_TEST_TIME_SCALE);
  if (set > 0) return set;
  const cores = availableParallelism();
  // At most 4×: the whole run must still end well inside CI's 90 minutes.
  return Math.min(4, Math.max(1, 4 / cores) * Math.max(1, loadavg()[0] / cores));
}
const timeScale = machineTimeScale();
// The end-to-end tests run in this process: they read the factor from here too.
process.env.LANGGRAPH_TEST_TIME_SCALE = String(timeScale);
const suiteTimeoutMs = Math.round(120_000 * timeScale);
const e2eTimeoutMs = Math.round(120_000 * timeScale);
// Everything together, installs excluded; past it the run is failed and everything stopped.
const overallTimeoutMs = Math.round(12 * 60_000 * timeScale);

const args = process.argv.slice(2);
const skipBuild = args.includes("--skip-build");
const parts = args.filter((arg) => arg === "integration" || arg === "e2e");
const runs = (part) => parts.length === 0 || parts.includes(part);

// Environment of every VS Code the tests start, and so of the extension host and the engine.
// jiti's transpile cache (node_modules/.cache/jiti) left by any earlier run could hide a broken
// loader: the tests load user code from scratch, as on a new machine.
const testEnv = { JITI_FS_CACHE: "false", LANGGRAPH_TEST_TIME_SCALE: String(timeScale) };

const results = { passed: 0, failed: 0, skipped: 0, failures: [] };
/** End-to-end test files not started yet: failures if the run is stopped before them. */
const pendingE2e = [];
const log = (line) => console.log(line);

/** Records a failure; `count` > 1 for tests that never ran because of it. */
function fail(title, message, count = 1) {
  results.failed += count;
  results.failures.push({ title, message });
  log(`  ✗ ${title}: ${message}`);
}

function finish() {
  if (results.passed + results.failed === 0) fail("vscode tests", "no test ran.");
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
  log("");
  for (const failure of results.failures) log(`FAILED ${failure.title}\n  ${failure.message.replace(/\n/g, "\n  ")}`);
  log(`vscode: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped (${resultsFile})`);
  process.exit(results.failed > 0 ? 1 : 0);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    fail("vscode tests", `interrupted by ${signal}`);
    finish();
  });
}

async function main() {
  const started = Date.now();
  const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

  log(`## setup (time limits ×${timeScale.toFixed(2)}: ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)})`);
  ensureChromium();
  const { cacheDir } = ensureCodeServer();

  log("## build");
  if (!skipBuild) {
    const build = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "inherit" });
    if (build.status !== 0) return fail("build", `\`node esbuild.mjs\` failed (exit code ${build.status}).`);
  }
  const suiteDir = await buildSuite(repoRoot);

  // Failure screenshots of an earlier run would only mislead.
  const resultsDir = dirname(resultsFile);
  if (existsSync(resultsDir)) {
    for (const file of readdirSync(resultsDir)) {
      if (file.endsWith(".e2e-failure.png")) rmSync(join(resultsDir, file));
    }
  }

  // Scratch space for profiles and reports of this run only.
  const workDir = join(cacheDir, "vscode-test-run");
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const watchdog = setTimeout(() => {
    fail("vscode tests", `the run took longer than ${(overallTimeoutMs / 60_000).toFixed(1)} minutes and was stopped.`);
    // Tests that never ran count as failed, not as nothing.
    if (pendingE2e.length > 0) fail("end-to-end", `${pendingE2e.length} test(s) never ran: ${pendingE2e.join(", ")}`, pendingE2e.length);
    finish();
  }, overallTimeoutMs);

  // The views on a Postgres database (suite/postgresViews.test.ts): a real server for this run,
  // its password handed over as an environment variable the tests name with ${env:…}.
  let postgres;
  if (runs("integration")) {
    const { createJiti } = await import("jiti");
    const { startPostgresServer } = await createJiti(import.meta.url).import("../support/postgresServer.ts");
    postgres = await startPostgresServer();
    const url = new URL(postgres.url);
    url.password = "";
    Object.assign(testEnv, { LANGGRAPH_TEST_POSTGRES_URL: url.toString(), LANGGRAPH_TEST_PGPASSWORD: postgres.password });
    // stop() runs pg_ctl synchronously: it also works in "exit", when the watchdog ends the run.
    process.on("exit", () => void postgres?.stop());
  }

  try {
    if (runs("integration")) {
      const phase = Date.now();
      log("## integration suite");
      await runIntegrationSuite({ cacheDir, suiteDir, workDir });
      log(`integration suite took ${seconds(phase)}`);
    }
    if (runs("e2e")) {
      const phase = Date.now();
      log("## end-to-end");
      await runEndToEnd({ workDir });
      log(`end-to-end took ${seconds(phase)}`);
    }
  } finally {
    clearTimeout(watchdog);
    await postgres?.stop();
    postgres = undefined;
  }
  log(`total ${seconds(started)}`);
}

async function runIntegrationSuite({ cacheDir, suiteDir, workDir }) {
  const reportFile = join(workDir, "integration-report.json");
  const env = { ...testEnv, LANGGRAPH_VSCODE_REPORT: reportFile };
  let exitCode;
  let runError;
  try {
    const vscodeExecutablePath = await downloadVSCode(cacheDir, log);
    if (vscodeExecutablePath) {
      log(`running in desktop VS Code (${vscodeExecutablePath})`);
      exitCode = await runSuiteInDesktopVSCode({
        vscodeExecutablePath,
        repoRoot,
        workspace: exampleWorkspace,
        suiteDir,
        env,
        workDir,
      });
    } else {
      log("running in code-server");
      exitCode = await runSuiteInCodeServer({
        repoRoot,
        workspace: exampleWorkspace,
        suiteDir,
        env,
        workDir,
        consoleLog: join(repoRoot, "test-results", "vscode-integration-console.log"),
        timeoutMs: suiteTimeoutMs,
        log,
      });
    }
  } catch (error) {
    // A suite that timed out still wrote how far it got: read that before failing it.
    runError = error;
  }

  if (!existsSync(reportFile)) {
    return fail("integration suite", runError ? `could not run: ${runError.message}` : `ended with exit code ${exitCode} and wrote no report (${reportFile}).`);
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  results.passed += report.passed;
  results.skipped += report.skipped;
  for (const failure of report.failures) fail(`integration: ${failure.title}`, failure.message);
  // The report is written after every test: what it planned but never reached counts as failed.
  const neverRan = (report.planned ?? 0) - report.passed - report.failed - report.skipped;
  const stopped = runError ? runError.message : `the suite ended with exit code ${exitCode}`;
  if (neverRan > 0) fail("integration suite", `${neverRan} test(s) never ran: ${stopped}.`, neverRan);
  else if (runError) fail("integration suite", `could not finish: ${runError.message}`);
  else if (exitCode !== 0 && report.failed === 0) fail("integration suite", `ended with exit code ${exitCode}.`);
}

async function runEndToEnd({ workDir }) {
  const e2eDir = join(repoRoot, "test", "vscode", "e2e");
  // LANGGRAPH_E2E=<part of a file name>: only those tests (while working on one).
  const only = process.env.LANGGRAPH_E2E;
  const files = readdirSync(e2eDir)
    .filter((file) => file.endsWith(".e2e.mjs") && (!only || file.includes(only)))
    .sort();
  pendingE2e.push(...files);
  for (const [index, file] of files.entries()) {
    pendingE2e.splice(pendingE2e.indexOf(file), 1);
    const test = await import(pathToFileURL(join(e2eDir, file)).href);
    const testStarted = Date.now();
    let server;
    let browser;
    let timer;
    try {
      const profileDir = join(workDir, `code-server-e2e-${index}`);
      // A test may prepare the profile first, e.g. install a .vsix into its extensions folder.
      await test.beforeStart?.({ repoRoot, extensionsDir: join(profileDir, "extensions") });
      server = await startCodeServer({
        profileDir,
        developmentPayload: true,
        env: testEnv,
        log: () => {},
        // e.g. { restrictedMode: true } for a test of an untrusted workspace.
        ...test.serverOptions,
      });
      browser = await openBrowser(workDir);
      const { page } = browser;
      // By default the extension loads from source; `installed: true` uses the profile's extensions only.
      const openWorkbench = (folder, { installed = false } = {}) =>
        page.goto(workbenchUrl(server.url, { folder, ...(installed ? {} : { extensionDevelopmentPath: repoRoot }) }));
      const timedOut = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${e2eTimeoutMs / 1000} s`)), e2eTimeoutMs);
      });
      try {
        await Promise.race([test.run({ page, openWorkbench, repoRoot }), timedOut]);
      } catch (error) {
        // What the user would have seen when it failed.
        const shot = join(repoRoot, "test-results", `${file.replace(/\.mjs$/, "")}-failure.png`);
        mkdirSync(dirname(shot), { recursive: true });
        await page.screenshot({ path: shot }).catch(() => {});
        throw new Error(`${error.message.split("\n")[0]} (screenshot: ${shot})`);
      }
      results.passed++;
      log(`  ✓ ${test.name} (${((Date.now() - testStarted) / 1000).toFixed(1)} s)`);
    } catch (error) {
      fail(test.name ?? file, error.message);
    } finally {
      clearTimeout(timer);
      await browser?.close();
      await server?.stop();
    }
  }
}

main().then(finish, (error) => {
  fail("vscode tests", `could not run: ${error.message}`);
  finish();
});
