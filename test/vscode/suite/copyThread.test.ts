// Copy Thread to Workspace Database: the Threads view shows another database (langgraph.dbPath,
// e.g. a copy of production's), and a thread of it is copied into the workspace JSON database,
// with the memories of the user its checkpoints name.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import type { CopiedThread } from "../../../src/protocol/engine";
import { configFile, dbFile, unique, until } from "./agentRuns";
import { repoRoot } from "./paths";

const contents = () => vscode.commands.executeCommand<{ threads: Array<{ label: string }>; store: Array<{ label: string }> }>("langgraph.views.contents");

/** Writes a thread (as a LangGraph server records it: user_id in its metadata) and that user's memory, then lets go of the file. */
async function writeProductionDb(dbPath: string, threadId: string, userId: string): Promise<void> {
  const checkpoint = { v: 4, id: "1f0d1c2e-0000-6000-8000-000000000001", ts: new Date().toISOString(), channel_values: { messages: [] }, channel_versions: { messages: 1 }, versions_seen: {} };
  const script = `const { openWorkspaceDb } = require(${JSON.stringify(path.join(repoRoot, "dist", "persistence.cjs"))});
    (async () => {
      const db = await openWorkspaceDb({ path: ${JSON.stringify(dbPath)} });
      await db.checkpointer.put({ configurable: { thread_id: ${JSON.stringify(threadId)}, checkpoint_ns: "" } }, ${JSON.stringify(checkpoint)},
        { source: "input", step: -1, parents: {}, user_id: ${JSON.stringify(userId)} }, { messages: 1 });
      await db.store.put(["memories", ${JSON.stringify(userId)}], "from-production", { text: "likes oolong" });
      await db.close();
    })().then(() => console.log("written"), (error) => { console.error(error); process.exit(1); });`;
  const writer = spawn(process.execPath, ["-e", script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    writer.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("written") && resolve());
    writer.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writing ${dbPath} failed (exit code ${code})`))));
  });
}

describe("Copy Thread to Workspace Database", () => {
  it("copies a thread of the database the view shows into the workspace's, with its user's memories", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "langgraph-production-"));
    const productionDb = path.join(dir, "production.json");
    const threadId = unique("copied-thread");
    const userId = unique("copied-user");
    await writeProductionDb(productionDb, threadId, userId);
    const settings = vscode.workspace.getConfiguration("langgraph");
    try {
      await settings.update("dbPath", productionDb, vscode.ConfigurationTarget.Global);
      await until("the Threads view to show the other database's thread", async () => (await contents()).threads.some((item) => item.label === threadId) || undefined, 30_000);

      const node = { kind: "thread", configFile: configFile(), thread: { threadId, checkpointCount: 1, step: -1, next: [] } };
      let copied: CopiedThread | undefined;
      const copying = vscode.commands.executeCommand<CopiedThread | undefined>("langgraph.threads.copyToWorkspaceDb", node).then((result) => (copied = result ?? undefined));
      // The input box for more labels: accepted empty (the checkpoint's metadata names the user).
      for (let tries = 0; copied === undefined && tries < 60; tries++) {
        await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
        await Promise.race([copying, sleep(500)]);
      }
      assert.ok(copied, "the copy did not finish");
      assert.deepEqual(
        { threadId: copied.threadId, dbPath: copied.dbPath, checkpoints: copied.checkpoints, items: copied.items, labels: copied.labels },
        { threadId, dbPath: dbFile(), checkpoints: 1, items: 1, labels: [threadId, userId] },
      );

      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      await until("the workspace database's Threads view to show the copy", async () => (await contents()).threads.some((item) => item.label === threadId) || undefined, 30_000);
      assert.ok((await contents()).store.some((item) => item.label === `memories › ${userId}`));
    } finally {
      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
      // The example's store keeps no test memories (the copied thread stays: deleting one asks the user).
      await vscode.workspace.fs.delete(vscode.Uri.parse(`langgraph-store:/memories/${userId}/from-production.json`)).then(undefined, () => undefined);
    }
  });
});
