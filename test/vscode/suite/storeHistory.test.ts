// A memory's history in the Memory Store view (issue 18): the agent saves a memory under the
// debugger, it is edited in VS Code; Show History… lists both with their writers and opens the
// diff editor; restoreVersion writes the first value again as a third version; compareVersions
// (the command the debugger view's Store tab runs) diffs any two versions.
import * as assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import { configFile, dbFileWhen, openTabs, runAgent, unique, until } from "./agentRuns";

const userId = unique("history-user");
const namespace = ["memories", userId];
const bob = { data: "my name is Bob" };
const robert = { data: "my name is Robert" };

/** The JSON a document holds (an earlier version's is read-only and read from the history). */
async function valueOf(uri: vscode.Uri): Promise<unknown> {
  return JSON.parse((await vscode.workspace.openTextDocument(uri)).getText());
}

async function newDiff(): Promise<{ tab: vscode.Tab; input: vscode.TabInputTextDiff }> {
  return until("a diff editor of two versions", () => {
    const tab = openTabs().find((candidate) => candidate.input instanceof vscode.TabInputTextDiff && candidate.input.original.scheme === "langgraph-store");
    return tab && { tab, input: tab.input as vscode.TabInputTextDiff };
  });
}

/** Runs Show History… on the item, picks the second newest version as a user would (Down, Enter), and returns the diff it opened. */
async function showHistoryOfSecondNewest(key: string): Promise<{ tab: vscode.Tab; input: vscode.TabInputTextDiff }> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  const node = { kind: "item", configFile: configFile(), item: { namespace, key } };
  const shown = vscode.commands.executeCommand("langgraph.store.showHistory", node);
  await sleep(1_000);
  await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
  await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
  await shown;
  return newDiff();
}

const versionTime = (uri: vscode.Uri): string => new URLSearchParams(uri.query).get("version") ?? "";

describe("Store item history", () => {
  let key: string;
  let uri: vscode.Uri;
  let bobTime: string;
  let robertTime: string;

  before(async () => {
    await runAgent(unique("history-thread"), userId, "Hi! Remember: my name is Bob");
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-store:/memories/${userId}`));
    const files = entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
    assert.equal(files.length, 1, `expected the one memory the run saved, found ${JSON.stringify(entries)}`);
    key = files[0].replace(/\.json$/, "");
    uri = vscode.Uri.parse(`langgraph-store:/memories/${userId}/${files[0]}`);
    // The edit, as a save of the item's document does it.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(robert)));
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    if (uri) await vscode.workspace.fs.delete(uri);
  });

  it("Show History lists the agent's put and the edit with their writers; the older one opens diffed with the value now", async () => {
    const { tab, input } = await showHistoryOfSecondNewest(key);
    // The diff's title names both versions by time and writer.
    assert.match(tab.label, / · thread history-thread-\w+ · step 1 · call_model ↔ now · edited in VS Code\)$/);
    assert.deepEqual(await valueOf(input.original), bob);
    assert.deepEqual(await valueOf(input.modified), robert);
    assert.equal(input.modified.toString(), uri.toString(), "the right side is the item's own, editable document");
    bobTime = versionTime(input.original);
    assert.ok(bobTime, input.original.toString());
    // An earlier version is read-only.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(input.original, new TextEncoder().encode("{}"))), /cannot be changed: restore it/);
  });

  it("restoreVersion writes the first value again as a new version, edited in VS Code", async () => {
    const restored = await vscode.commands.executeCommand("langgraph.store.restoreVersion", { configFile: configFile(), namespace, key, time: bobTime });
    assert.equal(restored, true);
    await dbFileWhen((db) => (db.store[namespace.join(".")]?.[key]?.value.data === bob.data ? true : undefined));

    // Three versions now: the second newest is the edit the restore replaced.
    const { tab, input } = await showHistoryOfSecondNewest(key);
    assert.match(tab.label, / · edited in VS Code ↔ now · edited in VS Code\)$/);
    assert.deepEqual(await valueOf(input.original), robert);
    assert.deepEqual(await valueOf(input.modified), bob);
    robertTime = versionTime(input.original);
    assert.notEqual(robertTime, bobTime);
  });

  it("compareVersions opens the diff editor on any two versions", async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await vscode.commands.executeCommand("langgraph.store.compareVersions", { configFile: configFile(), namespace, key, left: bobTime, right: robertTime });
    const { input } = await newDiff();
    assert.equal(versionTime(input.original), bobTime);
    assert.equal(versionTime(input.modified), robertTime);
    assert.deepEqual(await valueOf(input.original), bob);
    assert.deepEqual(await valueOf(input.modified), robert);
  });

  it("langgraph.storeHistory bounds the versions kept; a wrong value leaves the default in force", async () => {
    const settings = vscode.workspace.getConfiguration("langgraph");
    const write = (value: unknown) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(value)));
    try {
      // A wrong value is reported and the default (50) kept: every version so far is still there.
      await settings.update("storeHistory", "x", vscode.ConfigurationTarget.Global);
      await write({ data: "still writable" });
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      await vscode.commands.executeCommand("langgraph.store.compareVersions", { configFile: configFile(), namespace, key, left: bobTime, right: "current" });
      assert.deepEqual(await valueOf((await newDiff()).input.original), bob);

      // 1: the database is reopened keeping only the current value, from the next write on.
      await settings.update("storeHistory", 1, vscode.ConfigurationTarget.Global);
      await write({ data: "only me" });
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      await vscode.commands.executeCommand("langgraph.store.compareVersions", { configFile: configFile(), namespace, key, left: bobTime, right: "current" });
      const diffs = openTabs().filter((tab) => tab.input instanceof vscode.TabInputTextDiff);
      assert.deepEqual(diffs, [], "the first version was still kept");
    } finally {
      await settings.update("storeHistory", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
