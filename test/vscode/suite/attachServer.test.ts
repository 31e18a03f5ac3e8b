// `"request": "attach"` in the real VS Code: a launch configuration that attaches to a real
// `langgraphjs dev` serving examples/memory-agent. VS Code accepts the configuration (package.json's
// configurationAttributes.attach), the inline adapter attaches, stops on entry, steps on the
// server, and the thread it ran is on the server afterwards; the views follow it there.
import * as assert from "node:assert/strict";
import { Client } from "@langchain/langgraph-sdk";
import * as vscode from "vscode";
import { ended, nextPosition, unique, until } from "./agentRuns";
import type { RenderedItem } from "../../../src/ui/views/registerViews";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[] }>("langgraph.views.contents");

describe("Attach to a LangGraph server", function () {
  let server: LangGraphServer | undefined;

  before(async function () {
    this.timeout(150_000);
    server = await startLangGraphServer();
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    if (server) await vscode.commands.executeCommand("langgraph.disconnectServer", server.url);
    await server?.stop();
  });

  it("attaches from a launch configuration, stops on entry and steps a superstep on the server", async () => {
    const name = unique("attach");
    const config: vscode.DebugConfiguration = {
      type: "langgraph",
      request: "attach",
      name,
      url: server!.url,
      graph: "agent",
      context: { userId: unique("attach-user") },
      input: { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
      stopOnEntry: true,
    };
    const entry = nextPosition((body) => body.status === "stopped" && body.reason === "entry");
    assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config), "VS Code refused the attach configuration");
    const { session, body } = await entry;
    assert.equal(session.name, name);

    const step = nextPosition((position) => position.status === "stopped" && position.reason === "end");
    await session.customRequest("next", { threadId: 1 });
    assert.equal((await step).body.name, "step 1 · call_model");

    const client = new Client({ apiUrl: server!.url, apiKey: null });
    const state = await client.threads.getState<{ messages: Array<{ content: string }> }>(body.threadId);
    assert.match(state.values.messages.at(-1)?.content ?? "", /Got it/);

    // The views follow the session onto the server: it is added beside the workspace database,
    // the Threads view marks the position on the server's thread, and the debugger view draws the
    // graph the server serves (its graph API), not a langgraph.json of the workspace.
    assert.equal(body.configFile, server!.url, "the position names the server the session runs on");
    const serverRoot = await until("the Threads view to show the attached server", async () => {
      const root = (await contents()).threads.find((item) => item.contextValue === "server");
      return root?.children?.some((thread) => thread.label === body.threadId) ? root : undefined;
    });
    const thread = serverRoot.children!.find((item) => item.label === body.threadId)!;
    assert.ok(
      thread.children?.some((checkpoint) => checkpoint.label === "step 1 · call_model" && checkpoint.icon === "debug-stackframe"),
      `the position is not marked on the server's thread: ${JSON.stringify(thread.children)}`,
    );
    const shown = await vscode.commands.executeCommand<{ graphId?: string; nodeIds?: string[]; error?: { message: string } }>("langgraph.openDebugger");
    assert.deepEqual(shown.error, undefined, shown.error?.message);
    assert.equal(shown.graphId, "agent");
    assert.deepEqual([...(shown.nodeIds ?? [])].sort(), ["__end__", "__start__", "call_model"]);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");

    const finished = ended(name);
    await vscode.debug.stopDebugging(session);
    await finished;
  });
});
