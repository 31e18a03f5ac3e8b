// A database another process has open for writing (another window, a window still closing, the
// user's own app): the Memory Store view says so in its message, naming the process and what to
// do, and turns writable by itself once that process is gone, as after a window reload.
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { until } from "./agentRuns";
import { repoRoot } from "./paths";

const contents = () => vscode.commands.executeCommand<{ storeMessage?: string }>("langgraph.views.contents");

/** A process that opens `dbPath` for writing with the extension's own persistence bundle and keeps it. */
async function holdDatabase(dbPath: string): Promise<ChildProcess> {
  const script = `require(${JSON.stringify(path.join(repoRoot, "dist", "persistence.cjs"))})
    .openWorkspaceDb({ path: ${JSON.stringify(dbPath)} })
    .then(() => { console.log("held"); setInterval(() => undefined, 1000); });`;
  const holder = spawn(process.execPath, ["-e", script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    holder.once("exit", (code) => reject(new Error(`the process holding ${dbPath} ended (exit code ${code})`)));
  });
  return holder;
}

describe("A database another process holds", () => {
  it("shows why the Memory Store is read-only, and becomes writable once that process is gone", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "langgraph-held-"));
    const dbPath = path.join(dir, "db.json");
    const settings = vscode.workspace.getConfiguration("langgraph");
    const holder = await holdDatabase(dbPath);
    try {
      await settings.update("dbPath", dbPath, vscode.ConfigurationTarget.Global);
      const message = await until("the Memory Store to say why it is read-only", async () => (await contents()).storeMessage);
      assert.match(message, new RegExp(`another process \\(pid ${holder.pid}`));
      assert.match(message, /becomes writable here by itself/);

      // As when a reloaded window's old engine is gone: killed, it never released the lock itself.
      holder.kill("SIGKILL");
      await until("the Memory Store to be writable", async () => ((await contents()).storeMessage === undefined ? true : undefined), 30_000);
      const item = vscode.Uri.parse("langgraph-store:/lifecycle/after-holder.json");
      await vscode.workspace.fs.writeFile(item, new TextEncoder().encode('{ "written": true }'));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(item))), { written: true });
    } finally {
      holder.kill("SIGKILL");
      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
