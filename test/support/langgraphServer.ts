// A throwaway LangGraph server for tests: `langgraphjs dev` (@langchain/langgraph-cli, a dev
// dependency) serving a copy of examples/memory-agent in a temporary directory (the CLI writes
// .gitignore and .langgraph_api/ into the project), on 127.0.0.1 and a free port, in memory and
// offline. The copy resolves packages through a link to this repository's node_modules.

import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./freePort";

export interface LangGraphServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const root = join(__dirname, "..", "..");
const cli = join(root, "node_modules", ".bin", "langgraphjs");
/** How long the server may take to answer (it starts in ~12 s on a quiet machine). */
const START_TIMEOUT_MS = 120_000;

/** Starts `langgraphjs dev` on a copy of `project` (examples/memory-agent by default) and waits until it answers. */
export async function startLangGraphServer(project = join(root, "examples", "memory-agent")): Promise<LangGraphServer> {
  if (!existsSync(cli))
    throw new Error(
      `The LangGraph CLI is not installed (${cli} is missing), so the LangGraph server tests cannot start a server. ` +
        "Install the dev dependencies with `npm ci` (@langchain/langgraph-cli is one of them).",
    );
  const dir = mkdtempSync(join(tmpdir(), "lg-server-"));
  cpSync(project, dir, { recursive: true, filter: (source) => !source.includes("node_modules") && !source.includes(".langgraph") });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(cli, ["dev", "--host", "127.0.0.1", "--port", String(port), "--no-browser", "--no-reload"], {
    cwd: dir,
    env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: "1" },
    // Its own process group: stop() ends the CLI and the server it starts.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/ok`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`\`langgraphjs dev\` did not start a server at ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
}
