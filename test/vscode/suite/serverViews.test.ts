// The views on a running LangGraph server (issue 17), in a real VS Code: `langgraph.dbPath` set to
// the URL of a real `langgraphjs dev` serving examples/memory-agent (test/support/langgraphServer.ts),
// whose threads and memories come from runs on the server itself, through its SDK, as a client app
// would make them. Then the same server added beside the workspace database with "Connect to
// Server…" (no setting, no debug session), and taken away with "Disconnect".
import * as assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { Client } from "@langchain/langgraph-sdk";
import * as vscode from "vscode";
import { unique, until } from "./agentRuns";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";
import type { RenderedItem } from "../../../src/ui/views/registerViews";
import type { ConnectResult } from "../../../src/ui/views/serverCommands";

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[]; store: RenderedItem[]; description?: string }>("langgraph.views.contents");

describe("Views on a running LangGraph server", function () {
  const settings = () => vscode.workspace.getConfiguration("langgraph");
  const userId = unique("server-user");
  let server: LangGraphServer | undefined;
  let client: Client;

  /** Runs the memory agent on the server, on a new thread; returns its id. */
  const runOnServer = async (text: string): Promise<string> => {
    const { thread_id: threadId } = await client.threads.create();
    await client.runs.wait(threadId, "agent", { input: { messages: [{ role: "human", content: text }] }, context: { userId } });
    return threadId;
  };

  before(async function () {
    this.timeout(150_000);
    server = await startLangGraphServer();
    client = new Client({ apiUrl: server.url, apiKey: null });
    // On a loaded machine activation (workspaceContains) can still be under way: the commands come with it.
    await vscode.extensions.getExtension("langgraph-debugger.langgraph-debugger")?.activate();
  });

  after(async () => {
    await settings().update("dbPath", undefined, vscode.ConfigurationTarget.Global);
    await server?.stop();
  });

  it("shows the server's threads and memories with the server named beside the titles, live", async () => {
    const first = await runOnServer("Hi! Remember: my name is Bob");
    await settings().update("dbPath", server!.url, vscode.ConfigurationTarget.Global);
    const thread = await until("the Threads view to list the server's thread", async () => (await contents()).threads.find((item) => item.label === first));
    // The listing is one search: the thread's graph and status, no step or checkpoint count.
    assert.equal(thread.description, "agent · idle");
    assert.match(thread.children?.[0]?.label ?? "", /^step \d+ · call_model$/);
    const namespace = await until("the Memory Store to show the run's memory", async () =>
      (await contents()).store.find((item) => item.label === `memories › ${userId}`),
    );
    assert.ok(JSON.stringify(namespace.children).includes("my name is Bob"), JSON.stringify(namespace.children));
    const { description } = await contents();
    assert.equal(description, `LangGraph server ${new URL(server!.url).host} · live`);

    // Another client runs the agent: the views follow without a refresh.
    const second = await runOnServer("Remember: I like green tea");
    await until(
      "the Threads view to follow the server's new thread",
      async () => (await contents()).threads.some((item) => item.label === second) || undefined,
    );
  });
  it("Connect to Server adds the server beside the workspace database; Disconnect removes it", async () => {
    await settings().update("dbPath", undefined, vscode.ConfigurationTarget.Global);
    const threadId = await runOnServer("Hi! Remember: my name is Ada");
    const host = new URL(server!.url).host;
    const serverRoot = (items: RenderedItem[]) => items.find((item) => item.contextValue === "server");

    const result = await vscode.commands.executeCommand<ConnectResult>("langgraph.connectServer", { url: `${server!.url}/` });
    assert.deepEqual(result, { connected: server!.url });
    const threadsRoot = await until("the Threads view to show the server as a root", async () => {
      const root = serverRoot((await contents()).threads);
      return root?.children?.some((thread) => thread.label === threadId) ? root : undefined;
    });
    assert.equal(threadsRoot.label, `LangGraph server ${host}`);
    assert.equal(threadsRoot.description, "live");
    const { threads, store } = await contents();
    assert.deepEqual(
      threads.map((item) => item.contextValue),
      ["config", "server"],
      "the workspace database stays, as the first root",
    );
    const thread = threadsRoot.children!.find((item) => item.label === threadId)!;
    assert.equal(thread.contextValue, "thread.server");
    assert.match(thread.children?.[0]?.label ?? "", /^step \d+ · call_model$/);
    assert.deepEqual(
      store.map((item) => item.contextValue),
      ["config", "server"],
    );
    const namespace = serverRoot(store)!.children?.find((item) => item.label === `memories › ${userId}`);
    assert.ok(JSON.stringify(namespace?.children).includes("my name is Ada"), JSON.stringify(serverRoot(store)));

    // Its records open as documents, addressed by the server's URL.
    const config = `?config=${encodeURIComponent(server!.url)}`;
    const memory = namespace!.children!.find((item) => item.label.includes("my name is Ada"))!;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(`langgraph-store:/memories/${userId}/${memory.description}.json${config}`));
    assert.match(document.getText(), /my name is Ada/);
    const checkpoints = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}${config}`));
    assert.equal(checkpoints.length, thread.children!.length);

    await vscode.commands.executeCommand("langgraph.disconnectServer", server!.url);
    await until("Disconnect to take the server away", async () => {
      const after = await contents();
      return serverRoot(after.threads) === undefined && serverRoot(after.store) === undefined ? true : undefined;
    });
    const after = await contents();
    assert.ok(!after.threads.some((item) => item.label === threadId || item.contextValue === "config"), "one database again: its threads at the top");
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}${config}`))),
      /is not connected: connect it with "LangGraph: Connect to Server…"/,
    );
  });

  it("Connect refuses a bad URL, a server that is down, a refused key and a web server that is no LangGraph server", async () => {
    const stands: Server[] = [];
    /** An HTTP server on a free port answering every request with `status`. */
    const standIn = async (status: number): Promise<string> => {
      const stand = createServer((_request, response) => response.writeHead(status, { "content-type": "application/json" }).end('{"detail":"no"}'));
      stands.push(stand);
      await new Promise<void>((resolve) => stand.listen(0, "127.0.0.1", resolve));
      const address = stand.address();
      return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    };
    const connect = (url: string, apiKey?: string) => vscode.commands.executeCommand<ConnectResult>("langgraph.connectServer", { url, apiKey });
    try {
      assert.match((await connect("ftp://127.0.0.1:2024")).error ?? "", /"ftp:\/\/127\.0\.0\.1:2024" is not an http:\/\/ or https:\/\/ URL/);
      const down = await standIn(404);
      await new Promise<void>((resolve) => stands.pop()!.close(() => resolve()));
      assert.match((await connect(down)).error ?? "", new RegExp(`^Cannot reach the LangGraph server ${down}: nothing answers`));
      const locked = await standIn(401);
      assert.match((await connect(locked, "wrong-key")).error ?? "", new RegExp(`^The LangGraph server ${locked} refused the request \\(HTTP 401\\)`));
      const other = await standIn(404);
      assert.equal((await connect(other)).error, `${other} answers, but not as a LangGraph server: it does not serve POST /threads/count (HTTP 404).`);
      assert.ok(!(await contents()).threads.some((item) => item.contextValue === "server"), "no server was added");
    } finally {
      for (const stand of stands) stand.close();
    }
  });
});
