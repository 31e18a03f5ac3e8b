// vitest globalSetup: tests that spawn the engine or load the webview need dist/ built from
// the current sources, so build once before any test file runs (unless `npm test` just did).
import { execFileSync } from "node:child_process";

export function setup(): void {
  if (process.env.LANGGRAPH_DEBUGGER_BUILT === "1") return;
  execFileSync(process.execPath, ["esbuild.mjs"], { stdio: "inherit", cwd: `${__dirname}/..` });
}
