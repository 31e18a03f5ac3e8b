// Entry point of the integration suite, in @vscode/test-electron's `run()` format: VS Code's
// extension host (desktop, or code-server through the smoke-test payload) loads this file and
// awaits run(). The runner bundles it and each *.test.ts beside it into dist/vscode-suite/.
// console.* cannot be redirected inside the extension host, so the outcome is also written
// as JSON to $LANGGRAPH_VSCODE_REPORT for the runner to read.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

interface SuiteReport {
  /** Tests mocha is about to run: the runner counts those the report never reached as failed. */
  planned: number;
  passed: number;
  failed: number;
  skipped: number;
  failures: { title: string; message: string }[];
}

export function run(): Promise<void> {
  // The runner scales its limits to the machine (test/vscode/run.mjs): a test's limit grows alike.
  const timeScale = Number(process.env.LANGGRAPH_TEST_TIME_SCALE) || 1;
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: Math.round(60_000 * timeScale), reporter: "spec" });
  // Only the tests whose title matches, e.g. `npm run bench` runs just "activation time".
  if (process.env.LANGGRAPH_VSCODE_GREP) mocha.grep(process.env.LANGGRAPH_VSCODE_GREP);
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith(".test.js"))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  // The code-server launcher echoes the workbench console from this line on (launchers.mjs).
  console.log(`Integration suite: ${files.length} test files in ${__dirname}`);

  const report: SuiteReport = { planned: 0, passed: 0, failed: 0, skipped: 0, failures: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        writeReport(report);
        if (report.failed > 0) reject(new Error(`${report.failed} integration test(s) failed.`));
        else resolve();
      });
      runner.on("start", () => {
        report.planned = runner.total;
        writeReport(report);
      });
      runner.on("pass", () => report.passed++);
      runner.on("pending", () => report.skipped++);
      runner.on("fail", (test, error: Error) => {
        report.failed++;
        report.failures.push({ title: test.fullTitle(), message: error?.message ?? String(error) });
      });
      // After every test: a run that dies midway still says how far it got.
      runner.on("test end", () => writeReport(report));
    } catch (error) {
      report.failed++;
      report.failures.push({ title: "loading the suite", message: (error as Error).message });
      writeReport(report);
      reject(error);
    }
  });
}

function writeReport(report: SuiteReport): void {
  const file = process.env.LANGGRAPH_VSCODE_REPORT;
  if (!file) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
}
