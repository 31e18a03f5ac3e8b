// The views on a running LangGraph server (issue 17), in a real VS Code: `langgraph.dbPath` set to
// the URL of a real `langgraphjs dev` serving examples/memory-agent (test/support/langgraphServer.ts),
// whose threads and memories come from runs on the server itself, through its SDK, as a client app
// would make them.
import * as assert from "node:assert/strict";
import { Client } from "@langchain/langgraph-sdk";
import * as vscode from "vscode";
import { unique, until } from "./agentRuns";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";
import type { RenderedItem } from "../../../src/ui/views/registerViews";

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
  });

  after(async () => {
    await settings().update("dbPath", undefined, vscode.ConfigurationTarget.Global);
    await server?.stop();
  });

  it("shows the server's threads and memories with the server named beside the titles, live", async () => {
    const first = await runOnServer("Hi! Remember: my name is Bob");
    await settings().update("dbPath", server!.url, vscode.ConfigurationTarget.Global);
    const thread = await until("the Threads view to list the server's thread", async () => (await contents()).threads.find((item) => item.label === first));
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
});
