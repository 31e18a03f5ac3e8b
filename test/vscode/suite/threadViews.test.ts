// The Threads and Memory Store views after a real run of the memory agent, the checkpoint
// documents (read-only) and the diff of two checkpoints, and the debug position marked in the
// Threads view as the session time-travels.
import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import { configFile, ended, isGraphPanel, launch, nextPosition, openTabs, runAgent, unique, until } from "./agentRuns";

interface RenderedItem {
  label: string;
  description?: string;
  tooltip?: { text: string };
  contextValue?: string;
  icon?: string;
  children?: RenderedItem[];
}

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[]; store: RenderedItem[] }>("langgraph.views.contents");

describe("Threads and Memory Store views", () => {
  const threadId = unique("views-thread");
  const userId = unique("views-user");

  before(async () => {
    await runAgent(threadId, userId, `Hi! Remember: I like green tea (${userId})`);
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    // The example's store keeps no test memories (the test's thread stays: deleting one asks the user).
    const namespace = vscode.Uri.parse(`langgraph-store:/memories/${userId}`);
    for (const [name] of await vscode.workspace.fs.readDirectory(namespace)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(namespace, name));
  });

  it("lists the run's thread with its checkpoints, newest first", async () => {
    const { threads } = await contents();
    const thread = threads.find((item) => item.label === threadId);
    assert.ok(thread, `no thread ${threadId} among ${threads.map((item) => item.label).join(", ")}`);
    assert.equal(thread.contextValue, "thread");
    const steps = (thread.children ?? []).map((item) => item.label);
    assert.ok(steps.length >= 3, `expected the input, call_model and end checkpoints: ${steps.join(" | ")}`);
    // Named by the node whose writes made each checkpoint; the input checkpoint is `input`.
    assert.match(steps[0], /^step \d+ · call_model$/);
    assert.equal(steps.at(-1), "step -1 · input");
    assert.ok(thread.children?.every((item) => item.contextValue === "checkpoint"));
  });

  it("shows the run's recorded model call in the thread's description and tooltip", async () => {
    // The example's OfflineChatModel is recorded like any chat model; it reports no tokens, so no cost.
    const thread = await until("the thread with its recorded call", async () =>
      (await contents()).threads.find((item) => item.label === threadId && item.description?.includes("call")),
    );
    assert.match(thread.description ?? "", / · 1 call(?: · |$)/, thread.description);
    assert.match(thread.tooltip?.text ?? "", /recorded model, tool and HTTP calls: 1 call(?: · [\d.]+ (?:ms|s))?(?:\n|$)/, thread.tooltip?.text);
  });

  it("lists the memory the run stored under its namespace", async () => {
    const { store } = await contents();
    const namespace = store.find((item) => item.label === `memories › ${userId}`);
    assert.ok(namespace, `no namespace memories › ${userId} among ${store.map((item) => item.label).join(", ")}`);
    assert.equal(namespace.description, "1 item");
    assert.equal(namespace.children?.[0].label, `I like green tea (${userId})`);
  });

  it("narrows the Memory Store to a search", async () => {
    await vscode.commands.executeCommand("langgraph.store.search", { mode: "text", query: "green tea" });
    try {
      const { store } = await contents();
      assert.ok(store.some((item) => item.label === `memories › ${userId}`));
      assert.ok(
        store.every((item) => item.children?.every((child) => JSON.stringify(child).toLowerCase().includes("green tea"))),
        JSON.stringify(store),
      );
    } finally {
      await vscode.commands.executeCommand("langgraph.store.clearSearch");
    }
  });

  it("ranks memories by meaning when langgraph.json has a store index", async () => {
    await vscode.commands.executeCommand("langgraph.store.search", { mode: "semantic", query: `green tea ${userId}` });
    try {
      const { store } = await contents();
      const namespace = store.find((item) => item.label === `memories › ${userId}`);
      assert.ok(namespace, `the semantic search did not find memories › ${userId}: ${JSON.stringify(store).slice(0, 500)}`);
      assert.match(namespace.children?.[0].description ?? "", /^-?\d\.\d\d · /, "a ranked item shows its score");
    } finally {
      await vscode.commands.executeCommand("langgraph.store.clearSearch");
    }
  });

  it("opens a checkpoint read-only, as JSON with its state", async () => {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}`));
    const newest = entries.map(([name]) => name).find((name) => /^\d+-/.test(name) && !name.startsWith("-"));
    assert.ok(newest, JSON.stringify(entries));
    const uri = vscode.Uri.parse(`langgraph-checkpoint:/${threadId}/${newest}`);
    const document = await vscode.workspace.openTextDocument(uri);
    const shown = JSON.parse(document.getText());
    assert.equal(shown.threadId, threadId);
    assert.ok(Array.isArray(shown.values.messages) && shown.values.messages.length === 2, document.getText().slice(0, 400));
    assert.equal(vscode.workspace.fs.isWritableFileSystem("langgraph-checkpoint"), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode("{}"))));
  });

  it("compares a checkpoint with its parent in the diff editor (two comparison documents)", async () => {
    const { threads } = await contents();
    const { checkpoints } = await checkpointsOf(threadId);
    const newest = checkpoints[0];
    assert.ok(threads.length > 0 && newest.parentCheckpointId);
    await vscode.commands.executeCommand("langgraph.threads.compareWithParent", { configFile: configFile(), threadId, checkpoint: newest });
    const diff = await until("a diff editor of two checkpoints", () =>
      openTabs()
        .map((tab) => tab.input)
        .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === "langgraph-compare"),
    );
    assert.equal(diff.original.scheme, "langgraph-compare");
    assert.ok(diff.original.path.includes(newest.parentCheckpointId ?? "?"), diff.original.path);
    assert.ok(diff.modified.path.includes(newest.checkpointId), diff.modified.path);
  });

  it("compares a checkpoint with another one picked from the thread", async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const { checkpoints } = await checkpointsOf(threadId);
    const newest = checkpoints.reduce((a, b) => (a.step >= b.step ? a : b));
    // The command waits on its quick picks: answer them as a user would, with the first entries
    // (the same thread, then its newest other checkpoint).
    const compared = vscode.commands.executeCommand("langgraph.threads.compareWith", { configFile: configFile(), threadId, checkpoint: newest });
    await sleep(1_000);
    await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
    await sleep(1_000);
    await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
    await compared;
    const diff = await until("a diff editor to open", () =>
      openTabs()
        .map((tab) => tab.input)
        .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff),
    );
    assert.equal(diff.modified.scheme, "langgraph-compare");
    assert.ok(diff.modified.path.includes(newest.checkpointId), `the newer checkpoint belongs on the right: ${diff.modified.path}`);
    assert.ok(!diff.original.path.includes(newest.checkpointId), diff.original.path);
  });

  it("adds a store item under a namespace and opens it for editing", async () => {
    const namespaceNode = { kind: "namespace", configFile: configFile(), namespace: ["memories", userId], count: 1 };
    const added = vscode.commands.executeCommand<vscode.Uri | undefined>("langgraph.store.addItem", namespaceNode);
    await sleep(1_000);
    await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem"); // the proposed key
    const uri = await added;
    assert.ok(uri, "no item was added");
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.deepEqual(JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? ""), {});
    const { store } = await contents();
    assert.equal(store.find((item) => item.label === `memories › ${userId}`)?.description, "2 items");
  });

  it("forks without a debug session: opens the debugger view on the checkpoint, to edit its State", async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const { checkpoints } = await checkpointsOf(threadId);
    const newest = checkpoints.reduce((a, b) => (a.step >= b.step ? a : b));
    await vscode.commands.executeCommand("langgraph.threads.fork", { configFile: configFile(), threadId, checkpoint: newest });
    // The extension host learns of the new tab a moment after the panel is created.
    const panel = await until("the debugger view to open", () => openTabs().find(isGraphPanel));
    assert.equal(panel.label, "Graph: agent");
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("Debug from Here opens the thread at a checkpoint without running anything", async () => {
    const { checkpoints: before } = await checkpointsOf(threadId);
    const target = before.find((checkpoint) => checkpoint.step === 0);
    assert.ok(target, JSON.stringify(before));
    const name = `LangGraph: agent · thread ${threadId} at step 0`;
    const done = ended(name);
    const stopped = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    const node = { kind: "checkpoint", configFile: configFile(), threadId, graphId: "agent", checkpoint: target };
    assert.equal(await vscode.commands.executeCommand("langgraph.threads.debugFromHere", node), true);
    const { session, body } = await stopped;
    try {
      assert.equal(session.name, name);
      assert.equal(body.checkpointId, target.checkpointId);
      assert.equal(body.reason, "entry");
      const marked = await until("the checkpoint marked as the debug position", () =>
        contents().then(({ threads }) =>
          threads.find((item) => item.label === threadId)?.children?.find((item) => item.description?.includes("debug position")),
        ),
      );
      assert.match(marked.label, /^step 0 /);
      assert.equal((await checkpointsOf(threadId)).checkpoints.length, before.length, "opening the thread wrote checkpoints");
    } finally {
      await vscode.debug.stopDebugging(session);
      await done;
    }
  });

  it("names the debug position as the Call Stack does, the run's final checkpoint at its end", async () => {
    const name = unique("views-names");
    const done = ended(name);
    const entry = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], launch(name, threadId, userId, "Green or black?", true)));
    const { session } = await entry;
    try {
      const atEnd = nextPosition((body) => body.threadId === threadId && body.reason === "end");
      await session.customRequest("continue", { threadId: 1 });
      const { body } = await atEnd;
      const { stackFrames } = (await session.customRequest("stackTrace", { threadId: 1 })) as { stackFrames: Array<{ name: string }> };
      const marked = await until("the final checkpoint marked as the debug position", () =>
        contents().then(({ threads }) =>
          threads.find((item) => item.label === threadId)?.children?.find((item) => item.description?.includes("debug position")),
        ),
      );
      assert.match(stackFrames[0]!.name, /^step \d+ · call_model$/);
      assert.equal(marked.label, stackFrames[0]!.name);
      assert.equal(body.name, stackFrames[0]!.name);
    } finally {
      await vscode.debug.stopDebugging(session);
      await done;
    }
  });

  it("marks the debug position and follows a time travel and a fork", async () => {
    const name = unique("views-debug");
    const done = ended(name);
    const entry = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], launch(name, threadId, userId, "Hello again", true)));
    const { session } = await entry;
    try {
      const marked = () =>
        contents().then(({ threads }) =>
          threads.find((item) => item.label === threadId)?.children?.find((item) => item.description?.includes("debug position")),
        );
      const first = await until("a checkpoint marked as the debug position", marked);
      assert.equal(first.contextValue, "checkpoint.session");

      const { checkpoints } = await checkpointsOf(threadId);
      const target = checkpoints.at(-1);
      assert.ok(target);
      const moved = nextPosition((body) => body.reason === "goto" && body.checkpointId === target.checkpointId);
      await vscode.commands.executeCommand("langgraph.threads.timeTravel", { configFile: configFile(), threadId, checkpoint: target });
      await moved;
      await until("the mark to move to the time-travel target", async () => (await marked())?.label.startsWith(`step ${target.step} `));

      // Fork travels too; the edit that forks is the user's, in Variables.
      const newest = checkpoints.reduce((a, b) => (a.step >= b.step ? a : b));
      const forkedFrom = nextPosition((body) => body.reason === "goto" && body.checkpointId === newest.checkpointId);
      await vscode.commands.executeCommand("langgraph.threads.fork", { configFile: configFile(), threadId, checkpoint: newest });
      await forkedFrom;
    } finally {
      await vscode.debug.stopDebugging(session);
      await done;
    }
  });
});

/** The thread's checkpoints as the documents' file system lists them (newest first). */
async function checkpointsOf(threadId: string): Promise<{ checkpoints: Array<{ checkpointId: string; step: number; parentCheckpointId?: string }> }> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}`));
  const checkpoints = [];
  for (const [name] of entries) {
    const document = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}/${name}`))));
    checkpoints.push({ checkpointId: document.checkpointId, step: document.step, parentCheckpointId: document.parentCheckpointId ?? undefined });
  }
  return { checkpoints };
}
