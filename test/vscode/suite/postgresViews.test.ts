// The views and a debug session on a Postgres database (issue 16), in a real VS Code against the
// real PostgreSQL server the runner starts (test/vscode/run.mjs). A plain script using
// LangGraph's PostgresSaver/PostgresStore plays the production app: the debugger shows what it
// wrote, and it reads what the debugger wrote. The password reaches the extension as
// ${env:LANGGRAPH_TEST_PGPASSWORD} in the setting, or typed once into the password box.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { runAgent, unique, until } from "./agentRuns";
import { asTheApp, postgresUrl } from "./postgresApp";
import type { RenderedItem } from "../../../src/ui/views/registerViews";

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[]; store: RenderedItem[]; description?: string }>("langgraph.views.contents");

(postgresUrl ? describe : describe.skip)("Views and debugging on a Postgres database", function () {
  const settings = () => vscode.workspace.getConfiguration("langgraph");
  const schema = unique("views").replace(/-/g, "_");
  const userId = unique("pg-user");

  after(async () => {
    await settings().update("dbPath", undefined, vscode.ConfigurationTarget.Global);
  });

  it("shows the app's threads and memories with the database named beside the titles, live", async () => {
    await asTheApp(schema, `await store.put(["memories", ${JSON.stringify(userId)}], "from-app", { text: "likes jasmine tea" });`);
    const withEnv = new URL(postgresUrl!);
    withEnv.searchParams.set("schema", schema);
    await settings().update("dbPath", withEnv.toString().replace("postgres@", "postgres:${env:LANGGRAPH_TEST_PGPASSWORD}@"), vscode.ConfigurationTarget.Global);
    const namespace = await until("the Memory Store to show the app's memory", async () =>
      (await contents()).store.find((item) => item.label === `memories › ${userId}`),
    );
    assert.equal(namespace.children?.[0]?.label, "likes jasmine tea");
    // The views' description follows the Threads view's refresh, which may come after the store's.
    const expected = new RegExp(`^Postgres 127\\.0\\.0\\.1:${new URL(postgresUrl!).port}/postgres · live$`);
    const description = await until("the views to name the database", async () => (await contents()).description || undefined);
    assert.match(description, expected);

    // Another write by the app: the view follows without a refresh.
    await asTheApp(schema, `await store.put(["memories", ${JSON.stringify(userId)}], "later", { text: "moved to Lisbon" });`);
    await until("the Memory Store to follow the app's later write", async () =>
      (await contents()).store.find((item) => item.label === `memories › ${userId}`)?.children?.some((child) => child.label === "moved to Lisbon"),
    );
  });

  it("debugs the memory agent on it, and the app reads the memory the run stored", async () => {
    const threadId = unique("pg-thread");
    await runAgent(threadId, userId, "Hi! Remember: my name is Bob");
    const thread = await until("the Threads view to list the run", async () => (await contents()).threads.find((item) => item.label === threadId));
    assert.match(thread.children?.[0]?.label ?? "", /^step \d+ · call_model$/);
    const found = JSON.parse(
      await asTheApp(schema, `return (await store.search(["memories", ${JSON.stringify(userId)}])).map((item) => item.value);`),
    ) as unknown[];
    assert.ok(
      found.some((value) => JSON.stringify(value).includes("my name is Bob")),
      `the app did not find the run's memory: ${JSON.stringify(found)}`,
    );
    // A memory edited as a document, as on the workspace database: the app reads the edit.
    const document = vscode.Uri.parse(`langgraph-store:/memories/${userId}/from-vscode.json`);
    await vscode.workspace.fs.writeFile(document, new TextEncoder().encode('{ "text": "prefers oolong" }'));
    const edited = JSON.parse(await asTheApp(schema, `return (await store.get(["memories", ${JSON.stringify(userId)}], "from-vscode"))?.value;`)) as unknown;
    assert.deepEqual(edited, { text: "prefers oolong" });
    const history = JSON.parse(
      await asTheApp(
        schema,
        `const out = []; for await (const t of saver.list({ configurable: { thread_id: ${JSON.stringify(threadId)} } })) out.push(t.metadata.step); return out;`,
      ),
    ) as number[];
    assert.ok(history.length >= 3, `the app sees ${history.length} checkpoints of the run`);
  });

  it("asks for a password the URL leaves out once, and keeps it in VS Code's secret storage", async () => {
    // A schema of its own: the engine would reuse the database already open for the other one.
    const ownSchema = `${schema}_asked`;
    await asTheApp(ownSchema, `await store.put(["memories", ${JSON.stringify(userId)}], "asked", { text: "opened with a typed password" });`);
    const withoutSecret = new URL(postgresUrl!);
    withoutSecret.searchParams.set("schema", ownSchema);
    const asked: string[] = [];
    const original = vscode.window.showInputBox;
    (vscode.window as { showInputBox: typeof vscode.window.showInputBox }).showInputBox = async (options) => {
      asked.push(options?.title ?? "");
      return process.env.LANGGRAPH_TEST_PGPASSWORD;
    };
    const opened = async () =>
      (await contents()).store.find((item) => item.label === `memories › ${userId}`)?.children?.some((child) => child.label === "opened with a typed password");
    try {
      await settings().update("dbPath", withoutSecret.toString(), vscode.ConfigurationTarget.Global);
      await until("the Memory Store to open with the typed password", opened);
      assert.deepEqual(asked, [`Password for ${withoutSecret.toString()}`]);
      // Opened afresh by a restarted engine: the kept password is used, nobody is asked again.
      await vscode.commands.executeCommand("langgraph.restartEngine");
      await until("the Memory Store to open again after the restart", opened, 30_000);
      assert.equal(asked.length, 1);
    } finally {
      (vscode.window as { showInputBox: typeof vscode.window.showInputBox }).showInputBox = original;
    }
  });
});
