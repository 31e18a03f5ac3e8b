// `npm start`: builds the extension and opens examples/memory-agent in a real VS Code with the
// extension loaded from source. In order of preference:
//   1. desktop VS Code, when `code` is on PATH;
//   2. a desktop VS Code downloaded by @vscode/test-electron (fails fast when offline);
//   3. a local code-server on 127.0.0.1: prints the URL to open, runs until Ctrl+C.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startCodeServer, workbenchUrl } from "./code-server.mjs";
import { cacheDirectory } from "./setup-code-server.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const example = join(repoRoot, "examples", "memory-agent");

function build() {
  console.log("Building the extension (node esbuild.mjs)");
  const result = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("The build failed: fix the errors above and run `npm start` again.");
    process.exit(1);
  }
}

/** The `code` command on PATH, if any (desktop VS Code's shell command). */
function codeOnPath() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, process.platform === "win32" ? "code.cmd" : "code");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** Desktop VS Code from @vscode/test-electron's download, cached; undefined when not possible. */
async function downloadedVSCode() {
  if (process.platform === "linux" && !process.env.DISPLAY) {
    console.log("No DISPLAY: a desktop VS Code could not show a window here.");
    return undefined;
  }
  try {
    const { downloadAndUnzipVSCode } = await import("@vscode/test-electron");
    return await downloadAndUnzipVSCode({ cachePath: join(cacheDirectory(), "vscode-test"), timeout: 30_000 });
  } catch (error) {
    console.log(`Could not download VS Code (${error.message}).`);
    return undefined;
  }
}

function launchDesktop(executable) {
  console.log(`Opening ${example} in ${executable}`);
  const child = spawn(executable, [`--extensionDevelopmentPath=${repoRoot}`, "--new-window", example], {
    stdio: "inherit",
  });
  child.once("error", (error) => {
    console.error(`Could not start ${executable}: ${error.message}`);
    process.exit(1);
  });
  child.once("exit", (code) => process.exit(code ?? 0));
}

async function serveCodeServer() {
  console.log("Starting a local code-server instead (the first run installs it: about 3 minutes).");
  const server = await startCodeServer({
    profileDir: join(cacheDirectory(), "profiles", "start"),
    developmentPayload: true,
  });
  const url = workbenchUrl(server.url, { folder: example, extensionDevelopmentPath: repoRoot });
  console.log(`
VS Code (code-server) is running with the extension loaded from source. Open:

  ${url}

It listens on 127.0.0.1 only: from another machine, forward port ${server.port} first
(e.g. ssh -L ${server.port}:127.0.0.1:${server.port} this-host). Press Ctrl+C to stop it.
Run "LangGraph: Show Graph" from the command palette (F1). After rebuilding, reload the window.
`);
  let stopping = false;
  const stop = async (signal) => {
    stopping = true;
    console.log(`\n${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  const { code, signal } = await server.exited;
  if (stopping) return;
  console.error(`code-server stopped by itself (${signal ?? `exit code ${code}`}); its log: ${server.logFile}`);
  process.exit(1);
}

build();
const code = codeOnPath();
if (code) {
  launchDesktop(code);
} else {
  const downloaded = await downloadedVSCode();
  if (downloaded) launchDesktop(downloaded);
  else
    await serveCodeServer().catch((error) => {
      console.error(`Could not start code-server: ${error.message}`);
      process.exit(1);
    });
}
