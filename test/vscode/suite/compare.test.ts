// Branches and comparison in real VS Code: a replay from a past checkpoint shows in the Threads
// view nested under that checkpoint, and Compare Threads… / Compare Checkpoint with… open one
// diff editor whose two sides (langgraph-compare: documents the engine writes) name each path.
import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import { configFile, ended, nextPosition, openTabs, runAgent, unique, until } from "./agentRuns";

interface RenderedItem {
  label: string;
  description?: string;
  icon?: string;
  children?: RenderedItem[];
}

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[] }>("langgraph.views.contents");

/** The thread's checkpoints as the documents' file system lists them. */
async function checkpointsOf(threadId: string): Promise<Array<{ checkpointId: string; step: number }>> {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/${threadId}`));
  return entries.map(([name]) => {
    const match = /^(-?\d+)-(.+)\.json$/.exec(name);
    assert.ok(match, name);
    return { step: Number(match[1]), checkpointId: match[2]! };
  });
}

/** The diff editor of two comparison documents, once open, with both sides' text. */
async function comparison(): Promise<{ left: string; right: string; label: string }> {
  const tab = await until("a diff editor of two comparison documents", () =>
    openTabs().find((each) => each.input instanceof vscode.TabInputTextDiff && each.input.modified.scheme === "langgraph-compare"),
  );
  const input = tab.input as vscode.TabInputTextDiff;
  assert.equal(input.original.scheme, "langgraph-compare");
  const text = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();
  return { left: await text(input.original), right: await text(input.modified), label: tab.label };
}

/** Answers the command's next quick pick as a user would: `down` entries down, then Enter. */
async function pick(down = 0): Promise<void> {
  await sleep(1_000);
  for (let index = 0; index < down; index++) await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
  await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
}

describe("Branches and comparison", () => {
  const forked = unique("compare-forked");
  const other = unique("compare-other");
  const userId = unique("compare-user");

  before(async () => {
    await runAgent(forked, userId, "Hi! I like green tea");
    // Replay from step 0 (Debug from Here, then Continue): a branch off step 0.
    const stepZero = (await checkpointsOf(forked)).find((checkpoint) => checkpoint.step === 0);
    assert.ok(stepZero);
    const name = `LangGraph: agent · thread ${forked} at step 0`;
    const done = ended(name);
    const entry = nextPosition((body) => body.threadId === forked && body.status === "stopped");
    const node = { kind: "checkpoint", configFile: configFile(), threadId: forked, graphId: "agent", checkpoint: stepZero };
    assert.equal(await vscode.commands.executeCommand("langgraph.threads.debugFromHere", node), true);
    const { session } = await entry;
    const atEnd = nextPosition((body) => body.threadId === forked && body.reason === "end");
    await session.customRequest("continue", { threadId: 1 });
    await atEnd;
    await vscode.debug.stopDebugging(session);
    await done;
    // Ran last, so the first other thread a picker offers.
    await runAgent(other, userId, "Hi! I like black coffee");
  });

  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("nests the replay under the checkpoint it branched from in the Threads view", async () => {
    const thread = await until("the thread with its branch", () =>
      contents().then(({ threads }) => threads.find((item) => item.label === forked && item.children?.some((child) => child.children?.length))),
    );
    const lineage = (thread.children ?? []).map((item) => item.label);
    assert.deepEqual(lineage.slice(-3), ["step 1 · call_model", "step 0 · __start__", "step -1 · input"], lineage.join(" | "));
    const origin = thread.children?.find((item) => item.label === "step 0 · __start__");
    const branch = origin?.children ?? [];
    assert.ok(branch.length > 0, `nothing nested under step 0: ${JSON.stringify(thread.children)}`);
    const start = branch.at(-1)!;
    assert.match(start.description ?? "", /forked from step 0 · __start__/);
    assert.equal(start.icon, "git-branch");
    assert.ok(
      branch.some((item) => / · call_model$/.test(item.label)),
      branch.map((item) => item.label).join(" | "),
    );
  });

  it("Compare Threads… diffs the newest checkpoints of two threads, each side naming its path", async () => {
    const threadNode = { kind: "thread", configFile: configFile(), thread: { threadId: forked, checkpointCount: 0, step: 0, next: [] } };
    const compared = vscode.commands.executeCommand("langgraph.threads.compareThreads", threadNode);
    await pick();
    await compared;
    const { left, right, label } = await comparison();
    assert.match(label, new RegExp(`^${forked} step \\d+ · call_model ↔ ${other} step 1 · call_model$`));
    assert.match(left, new RegExp(`^thread ${forked} · step \\d+ · call_model · checkpoint `));
    assert.match(right, new RegExp(`^thread ${other} · step 1 · call_model · checkpoint `));
    assert.match(right, /\nPath: 3 steps from the thread's first checkpoint\n {2}step -1 · input\n {2}step 0 · __start__\n {2}step 1 · call_model\n/);
    // The replay's path runs through the step 0 it branched from, then the fork LangGraph wrote.
    assert.match(left, /\nPath: \d steps from the thread's first checkpoint\n {2}step -1 · input\n {2}step 0 · __start__\n(.*\(fork\)\n)?.* · call_model\n/);
    assert.match(left, /green tea/);
    assert.match(right, /black coffee/);
    assert.match(right, /\nStore as of this checkpoint \(/);
  });

  it("Compare Checkpoint with… picks the thread first (its own by default), then the checkpoint", async () => {
    const stepZero = (await checkpointsOf(forked)).find((checkpoint) => checkpoint.step === 0)!;
    const base = { configFile: configFile(), threadId: forked, checkpoint: stepZero };

    // Another thread: one down from this thread, then its newest checkpoint.
    let compared = vscode.commands.executeCommand("langgraph.threads.compareWith", base);
    await pick(1);
    await pick();
    await compared;
    let sides = await comparison();
    assert.match(sides.left, new RegExp(`^thread ${forked} · step 0 · __start__ · `));
    assert.match(sides.right, new RegExp(`^thread ${other} · step 1 · call_model · `));
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");

    // The default: the same thread.
    compared = vscode.commands.executeCommand("langgraph.threads.compareWith", base);
    await pick();
    await pick();
    await compared;
    sides = await comparison();
    assert.match(sides.left + sides.right, new RegExp(`^thread ${forked} · step 0 · __start__ · `, "m"));
    assert.ok(sides.left.startsWith(`thread ${forked} `) && sides.right.startsWith(`thread ${forked} `), `${sides.left}\n---\n${sides.right}`);
  });
});
