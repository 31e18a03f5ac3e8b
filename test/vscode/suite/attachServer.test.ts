// `"request": "attach"` in the real VS Code: a launch configuration that attaches to a real
// `langgraphjs dev` serving examples/memory-agent. VS Code accepts the configuration (package.json's
// configurationAttributes.attach), the inline adapter attaches, stops on entry, steps on the
// server, and the thread it ran is on the server afterwards.
import * as assert from "node:assert/strict";
import { Client } from "@langchain/langgraph-sdk";
import * as vscode from "vscode";
import { ended, nextPosition, unique } from "./agentRuns";
import { startLangGraphServer, type LangGraphServer } from "../../support/langgraphServer";

describe("Attach to a LangGraph server", function () {
  let server: LangGraphServer | undefined;

  before(async function () {
    this.timeout(150_000);
    server = await startLangGraphServer();
  });

  after(async () => {
    await vscode.debug.stopDebugging();
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

    const finished = ended(name);
    await vscode.debug.stopDebugging(session);
    await finished;
  });
});
