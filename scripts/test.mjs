// `npm test`: every layer of the test pyramid, one after another, then one closing line
// "N passed, N failed[, N skipped]" totalling them all.
//   1. build, type check, lint and format check (each counts as one check)
//   2. vitest: unit tests (no VS Code) and webview tests (real headless Chromium, real engine)
//   3. test/vscode/run.mjs: integration suite and end-to-end UI tests in a real VS Code
// Set-up that tests need (Chromium, PostgreSQL, code-server) is installed by the project's own scripts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { recordRunTime } from "./run-times.mjs";

const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync("test-results", { recursive: true });

function run(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  return result.status === 0;
}

function check(name, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
}

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

check("set-up: Chromium", run(process.execPath, ["scripts/setup-chromium.mjs"]));
check("set-up: PostgreSQL", run(process.execPath, ["scripts/setup-postgres.mjs"]));
const built = run(process.execPath, ["esbuild.mjs"]);
check("build", built);
// The layers below would each build again otherwise.
const afterBuild = { env: { ...process.env, LANGGRAPH_DEBUGGER_BUILT: "1" } };
check("typecheck", run("npm", ["run", "--silent", "typecheck"]));
check("lint", run("npm", ["run", "--silent", "lint"]));
check("format (prettier --check; npm run format fixes it)", run("npm", ["run", "--silent", "format:check"]));

if (built) {
  rmSync("test-results/vitest.json", { force: true });
  const vitestOk = run(
    process.execPath,
    ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"],
    afterBuild,
  );
  const vitest = readReport("test-results/vitest.json");
  if (vitest) {
    totals.passed += vitest.numPassedTests;
    totals.failed += vitest.numFailedTests;
    totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
    if (vitest.numFailedTests > 0) failures.push(`${vitest.numFailedTests} vitest test(s)`);
    // A suite that failed to load has no tests to count: still a failure.
    if (!vitestOk && vitest.numFailedTests === 0) check("vitest suites", false);
  } else {
    check("vitest (no report written)", false);
  }

  rmSync("test-results/vscode.json", { force: true });
  const vscodeOk = run(process.execPath, ["test/vscode/run.mjs", "--skip-build"], afterBuild);
  const vscodeReport = existsSync("test-results/vscode.json") ? readReport("test-results/vscode.json") : undefined;
  if (vscodeReport) {
    totals.passed += vscodeReport.passed;
    totals.failed += vscodeReport.failed;
    totals.skipped += vscodeReport.skipped ?? 0;
    if (vscodeReport.failed > 0) failures.push(`${vscodeReport.failed} real VS Code test(s)`);
    if (!vscodeOk && vscodeReport.failed === 0) check("real VS Code run", false);
  } else {
    check("real VS Code tests (no report written)", false);
  }
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join("; ")}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : "";
recordRunTime("npm test", (Date.now() - started) / 1000);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);
