// The two ways to run the integration suite inside a real VS Code:
// - desktop VS Code through @vscode/test-electron, where it can be downloaded (users, public CI);
// - code-server in headless Chromium, where it cannot (machines that reach only npm and Debian).
// Both load the extension from source and call the suite's run(); both return its exit code.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "node:util";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";
import { startCodeServer, workbenchUrl } from "../../scripts/code-server.mjs";
import { openBrowser } from "./browser.mjs";

/** The suite's first console line (suite/index.ts): where the interesting output starts. */
const suiteStartLine = "Integration suite:";

/** Downloads desktop VS Code into the cache; undefined (with the reason logged) when it cannot. */
export async function downloadVSCode(cacheDir, log) {
  if (process.platform === "linux" && !process.env.DISPLAY) {
    log("desktop VS Code: skipped (no DISPLAY to show it on)");
    return undefined;
  }
  try {
    return await downloadAndUnzipVSCode({ cachePath: join(cacheDir, "vscode-test"), timeout: 30_000 });
  } catch (error) {
    log(`desktop VS Code: cannot be downloaded here (${error.message})`);
    return undefined;
  }
}

export async function runSuiteInDesktopVSCode({ vscodeExecutablePath, repoRoot, workspace, suiteDir, env, workDir }) {
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suiteDir, "index.js"),
      extensionTestsEnv: env,
      // A fresh profile of this run's own (the default is .vscode-test/ in the current folder).
      launchArgs: [
        workspace,
        "--disable-extensions",
        `--user-data-dir=${join(workDir, "vscode-user-data")}`,
        `--extensions-dir=${join(workDir, "vscode-extensions")}`,
      ],
    });
  } catch (error) {
    // runTests rejects when the suite fails; the report file says which tests.
    return typeof error.code === "number" ? error.code : 1;
  }
}

/**
 * code-server with the smoke-test driver: the URL payload names the extension and the tests,
 * the workbench runs them in its extension host and calls window.codeAutomationExit(code).
 */
export async function runSuiteInCodeServer({ repoRoot, workspace, suiteDir, env, workDir, consoleLog, timeoutMs, log }) {
  mkdirSync(workDir, { recursive: true });
  const server = await startCodeServer({
    profileDir: join(workDir, "code-server-integration"),
    developmentPayload: true,
    env,
    log: () => {},
  });
  let browser;
  let timer;
  const consoleLines = [];
  try {
    browser = await openBrowser(workDir);
    const { page } = browser;
    let settle;
    const exited = new Promise((resolve) => (settle = resolve));
    await page.exposeFunction("codeAutomationExit", (code) => settle(code));
    // Console calls of the workbench and the extension host arrive as (level, [arguments]).
    // All of them go to consoleLog; from the suite's first line on they are echoed too (before
    // it, the workbench complains about the missing network at length).
    let echo = false;
    await page.exposeFunction("codeAutomationLog", (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      for (const line of text.split("\n")) {
        consoleLines.push(`[${level}] ${line}`);
        if (line.startsWith(suiteStartLine)) echo = true;
        if (echo) log(`  │ ${line}`);
      }
    });
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `the suite did not finish within ${timeoutMs / 1000} s ` + `(workbench console: ${consoleLog ?? "not kept"}, code-server log: ${server.logFile})`,
            ),
          ),
        timeoutMs,
      );
    });
    await page.goto(
      workbenchUrl(server.url, {
        folder: workspace,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suiteDir,
      }),
    );
    return await Promise.race([exited, timedOut]);
  } finally {
    clearTimeout(timer);
    if (consoleLog) writeFileSync(consoleLog, consoleLines.join("\n") + "\n");
    await browser?.close();
    await server.stop();
  }
}
