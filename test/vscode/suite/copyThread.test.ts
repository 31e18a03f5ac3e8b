// Copy Thread to Workspace Database: the Threads view shows another database (langgraph.dbPath:
// a JSON file, e.g. a copy of production's, or the real PostgreSQL server test/vscode/run.mjs
// starts), and a thread of it is copied into the workspace JSON database, with the memories of
// the user its checkpoints name or the user types.
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
import { asTheApp, postgresUrl } from "./postgresApp";

const contents = () => vscode.commands.executeCommand<{ threads: Array<{ label: string }>; store: Array<{ label: string }> }>("langgraph.views.contents");

/** Writes a thread (as a LangGraph server records it: user_id in its metadata) and that user's memory, then lets go of the file. */
async function writeProductionDb(dbPath: string, threadId: string, userId: string): Promise<void> {
  const checkpoint = {
    v: 4,
    id: "1f0d1c2e-0000-6000-8000-000000000001",
    ts: new Date().toISOString(),
    channel_values: { messages: [] },
    channel_versions: { messages: 1 },
    versions_seen: {},
  };
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

/** Answers the input boxes and warnings the command shows, in order, recording their titles and texts. */
async function answering<T>(answers: { inputs: string[]; warnings?: string[] }, run: () => Thenable<T>): Promise<{ result: T; asked: string[] }> {
  const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox; showWarningMessage: typeof vscode.window.showWarningMessage };
  const original = { showInputBox: window.showInputBox, showWarningMessage: window.showWarningMessage };
  const asked: string[] = [];
  window.showInputBox = async (options) => {
    asked.push(options?.title ?? "");
    return answers.inputs.shift();
  };
  window.showWarningMessage = (async (message: string) => {
    asked.push(message);
    return answers.warnings?.shift();
  }) as typeof vscode.window.showWarningMessage;
  try {
    return { result: await run(), asked };
  } finally {
    Object.assign(window, original);
  }
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
      await until(
        "the Threads view to show the other database's thread",
        async () => (await contents()).threads.some((item) => item.label === threadId) || undefined,
        30_000,
      );

      const node = { kind: "thread", configFile: configFile(), thread: { threadId, checkpointCount: 1, step: -1, next: [] } };
      let copied: CopiedThread | undefined;
      const copying = vscode.commands
        .executeCommand<CopiedThread | undefined>("langgraph.threads.copyToWorkspaceDb", node)
        .then((result) => (copied = result ?? undefined));
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
      await until(
        "the workspace database's Threads view to show the copy",
        async () => (await contents()).threads.some((item) => item.label === threadId) || undefined,
        30_000,
      );
      assert.ok((await contents()).store.some((item) => item.label === `memories › ${userId}`));
    } finally {
      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
      // The example's store keeps no test memories (the copied thread stays: deleting one asks the user).
      await vscode.workspace.fs.delete(vscode.Uri.parse(`langgraph-store:/memories/${userId}/from-production.json`)).then(undefined, () => undefined);
    }
  });

  (postgresUrl ? it : it.skip)("copies a thread of a Postgres database, with the memories of the user typed; again under a new id", async () => {
    const schema = unique("copy").replace(/-/g, "_");
    const threadId = unique("pg-copied-thread");
    const userId = unique("pg-copied-user");
    // A LangGraph.js app's thread: its user is not in the checkpoints, so the developer names it.
    const checkpoint = {
      v: 4,
      id: "1f0d1c2e-0000-6000-8000-000000000002",
      ts: new Date().toISOString(),
      channel_values: { messages: [] },
      channel_versions: { messages: 1 },
      versions_seen: {},
    };
    await asTheApp(
      schema,
      `await saver.put({ configurable: { thread_id: ${JSON.stringify(threadId)}, checkpoint_ns: "" } }, ${JSON.stringify(checkpoint)}, { source: "input", step: -1, parents: {} }, { messages: 1 });
       await store.put(["memories", ${JSON.stringify(userId)}], "from-postgres", { text: "likes sencha" });
       await store.put(["memories", "someone-else"], "not-copied", { text: "not theirs" });`,
    );
    const url = new URL(postgresUrl!);
    url.searchParams.set("schema", schema);
    const settings = vscode.workspace.getConfiguration("langgraph");
    try {
      await settings.update("dbPath", url.toString().replace("postgres@", "postgres:${env:LANGGRAPH_TEST_PGPASSWORD}@"), vscode.ConfigurationTarget.Global);
      await until(
        "the Threads view to show the Postgres thread",
        async () => (await contents()).threads.some((item) => item.label === threadId) || undefined,
        30_000,
      );
      const node = { kind: "thread", configFile: configFile(), thread: { threadId, checkpointCount: 1, step: -1, next: [] } };
      const copy = () => vscode.commands.executeCommand<CopiedThread | undefined>("langgraph.threads.copyToWorkspaceDb", node);

      const first = await answering({ inputs: [userId] }, copy);
      assert.deepEqual(first.asked, [`Copy Thread "${threadId}" to Workspace Database`]);
      assert.deepEqual(
        { threadId: first.result?.threadId, checkpoints: first.result?.checkpoints, items: first.result?.items, labels: first.result?.labels },
        { threadId, checkpoints: 1, items: 1, labels: [threadId, userId] },
      );

      // The workspace database has it now: offered under another id.
      const again = await answering({ inputs: [userId, `${threadId}-again`], warnings: ["Copy Under Another Id"] }, copy);
      assert.match(again.asked[1] ?? "", new RegExp(`already has a thread "${threadId}"`));
      assert.equal(again.result?.threadId, `${threadId}-again`);

      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      const shown = await until(
        "the workspace database's Threads view to show both copies",
        async () => {
          const labels = (await contents()).threads.map((item) => item.label);
          return labels.includes(threadId) && labels.includes(`${threadId}-again`) ? labels : undefined;
        },
        30_000,
      );
      assert.ok(shown);
      const store = (await contents()).store.map((item) => item.label);
      assert.ok(store.includes(`memories › ${userId}`), store.join(", "));
      assert.ok(!store.includes("memories › someone-else"), store.join(", "));
    } finally {
      await settings.update("dbPath", undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(vscode.Uri.parse(`langgraph-store:/memories/${userId}/from-postgres.json`)).then(undefined, () => undefined);
    }
  });
});
