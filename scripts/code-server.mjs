// Starts and stops a local code-server (a real VS Code served to a browser) for the
// real-VS-Code tests and for `npm start`. It listens on 127.0.0.1 only, without auth, with its
// own profile, and keeps every file it writes (config, IPC sockets, temp files) in the cache.
// It runs in a process group of its own: stopping kills the group, so the extension host
// cannot outlive it for code-server's reconnection grace period.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureCodeServer } from "./setup-code-server.mjs";

/** Settings that keep the workbench quiet and predictable (no welcome page, no trust prompt). */
export const quietUserSettings = {
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
};

// Process groups still running. They live in sessions of their own, so a Ctrl+C or an early
// process.exit() of ours never reaches them: kill them when this process exits, however.
const running = new Set();
process.once("exit", () => {
  for (const pid of running) killGroup(pid, "SIGKILL");
});

/**
 * Starts code-server and waits until it answers /healthz.
 * - `profileDir`: holds its user-data and extensions folders (fresh for tests, kept for start).
 * - `developmentPayload`: makes the workbench honour the URL payload of workbenchUrl()
 *   (extension from source, extension tests). It only does so with VS Code's smoke-test
 *   driver on, which also gives pages window.codeAutomationExit and window.driver.
 * - `env`: extra environment for code-server and so for the extension host.
 * - `restrictedMode`: keep workspace trust on; folders open untrusted (Restricted Mode).
 * Returns `{ url, port, pid, logFile, stop, exited }`: `stop()` is safe to call more than once,
 * `exited` resolves to `{ code, signal }` when code-server ends.
 */
export async function startCodeServer({
  profileDir,
  developmentPayload = false,
  env = {},
  log = console.log,
  startTimeoutMs = 30_000,
  restrictedMode = false,
} = {}) {
  const { codeServerBin, nodeBin, cacheDir } = ensureCodeServer({ log });
  const profile = profileDir ?? join(cacheDir, "profiles", "default");
  const userDataDir = join(profile, "user-data");
  const extensionsDir = join(profile, "extensions");
  const xdgDir = join(cacheDir, "xdg");
  // Per profile: the extension host leaves IPC sockets there, and test profiles are thrown away.
  const tmpDir = join(profile, "tmp");
  for (const dir of [userDataDir, extensionsDir, join(xdgDir, "config"), join(xdgDir, "data"), tmpDir]) {
    mkdirSync(dir, { recursive: true });
  }
  writeUserSettings(userDataDir, restrictedMode ? restrictedModeSettings : {});

  const port = await freePort();
  const args = [
    codeServerBin,
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
    "--disable-telemetry",
    "--disable-update-check",
    "--ignore-last-opened",
  ];
  // Workspace trust stays on only for tests of Restricted Mode; elsewhere it would ask at every start.
  if (!restrictedMode) args.push("--disable-workspace-trust");
  if (developmentPayload) args.push("--vscode-option", "enable-smoke-test-driver");

  const logFile = join(profile, "code-server.log");
  const logFd = openSync(logFile, "w");
  const child = spawn(nodeBin, args, {
    // detached: a new session and process group (setsid), killed as a whole by stop().
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: {
      ...process.env,
      ...env,
      PATH: [dirname(nodeBin), process.env.PATH].join(delimiter),
      XDG_CONFIG_HOME: join(xdgDir, "config"),
      XDG_DATA_HOME: join(xdgDir, "data"),
      TMPDIR: tmpDir,
    },
  });
  closeSync(logFd);
  let exited = false;
  running.add(child.pid);
  const exitedPromise = new Promise((resolveExit) =>
    child.once("exit", (code, signal) => {
      exited = true;
      running.delete(child.pid);
      resolveExit({ code, signal });
    }),
  );

  const stop = async () => {
    if (exited) return;
    killGroup(child.pid, "SIGTERM");
    for (let waited = 0; !exited && waited < 5_000; waited += 100) await sleep(100);
    if (!exited) killGroup(child.pid, "SIGKILL");
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, startTimeoutMs, () => exited);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
  return { url, port, pid: child.pid, logFile, stop, exited: exitedPromise };
}

/**
 * The workbench URL that opens `folder`, optionally loading an extension from source
 * (`extensionDevelopmentPath`) and running its tests (`extensionTestsPath`). code-server's CLI
 * cannot take these flags, but the workbench reads the same options from the `payload` query
 * parameter when code-server runs with `developmentPayload`. `remote` is code-server's fixed
 * remote authority.
 */
export function workbenchUrl(baseUrl, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const params = new URLSearchParams();
  if (folder) params.set("folder", folder);
  const payload = [];
  if (extensionDevelopmentPath) {
    payload.push(["extensionDevelopmentPath", `vscode-remote://remote${extensionDevelopmentPath}`]);
  }
  if (extensionTestsPath) {
    payload.push(["extensionTestsPath", `vscode-remote://remote${extensionTestsPath}`]);
  }
  if (payload.length > 0) params.set("payload", JSON.stringify(payload));
  return `${baseUrl}/?${params.toString()}`;
}

/**
 * Workspace trust on, without the start-up prompt: every folder opens in Restricted Mode
 * until the user trusts it (as after answering "No, I don't trust the authors").
 */
const restrictedModeSettings = {
  "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.emptyWindow": false,
};

function writeUserSettings(userDataDir, extraSettings) {
  const file = join(userDataDir, "User", "settings.json");
  mkdirSync(dirname(file), { recursive: true });
  let current = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // A hand-edited file with comments: keep the user's file as it is.
      return;
    }
  }
  writeFileSync(file, JSON.stringify({ ...current, ...quietUserSettings, ...extraSettings }, null, 2) + "\n");
}

/** A port the OS says is free now; code-server binds it a moment later. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url, timeoutMs, hasExited) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("code-server exited while starting.");
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s.`);
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
