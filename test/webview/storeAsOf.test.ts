// The debugger view's Store tab through time, in real headless Chromium with the real host and
// engine: the store as of the selected checkpoint (items changed, added since marked), the
// switch to now, and an item's history whose Compare and Restore reach the Memory Store view's
// commands (stood in for here by a record of what the host asked them).

import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HostMessage } from "../../src/protocol/webview";
import { REQUEST_CANCELLED } from "../../src/protocol/webviewRpc";
import { DebuggerViewHost } from "../../src/ui/debuggerView/debuggerViewHost";
import type { CompareVersionsArgs, RestoreVersionArgs, StoreVersionCommands } from "../../src/ui/debuggerView/storeHistoryHost";
import { debuggerSuite } from "./debuggerSuite";
import { databaseLink, engineFor, postedOfType, recordingEditor, startDebugSession } from "./debuggerLinks";
import { openWebviewPage, repoRoot } from "./webviewHarness";
import type { WebviewPage } from "./webviewHarness";

const memoryAgent = join(repoRoot, "examples/memory-agent");
const configFile = join(memoryAgent, "langgraph.json");
const memories = ["memories", "1"];
const screenshotDir = process.env.WEBVIEW_SCREENSHOT_DIR ?? tmpdir();

const suite = debuggerSuite("lg-store-as-of-");
const { cleanups } = suite;

/** Failed requests, leaving out those a newer one cancelled (the store lists again as the checkpoint comes). */
function refused(view: WebviewPage): WebviewPage["failed"] {
  return view.failed.filter((reply) => reply.error.code !== REQUEST_CANCELLED);
}

type CommandCall = { compare: CompareVersionsArgs } | { restore: RestoreVersionArgs };

/** The memory agent's debugger view on `db`, its store version commands recorded. */
async function showDebugger(db: string): Promise<{ view: WebviewPage; posted: HostMessage[]; commands: CommandCall[] }> {
  const view = await openWebviewPage(suite.browser, suite.server);
  const posted: HostMessage[] = [];
  const commands: CommandCall[] = [];
  const storeVersions: StoreVersionCommands = {
    compareVersions: async (args) => void commands.push({ compare: args }),
    restoreVersion: async (args) => void commands.push({ restore: args }),
  };
  const host = new DebuggerViewHost({
    engine: engineFor(memoryAgent),
    configFile,
    graphId: "agent",
    post: (message) => {
      posted.push(message);
      void view.post(message);
    },
    db: databaseLink(configFile, db),
    editor: recordingEditor(),
    storeVersions,
  });
  view.connect(host);
  cleanups.push(async () => {
    host.dispose();
    await view.page.context().close();
    expect(view.problems).toEqual([]);
  });
  await view.open();
  return { view, posted, commands };
}

/** Thread 1 of the memory agent run to its end on a new database: it remembers "my name is Bob". */
async function databaseWithMemory(): Promise<string> {
  const db = join(suite.folder, `db-${Date.now()}.json`);
  const session = await startDebugSession();
  try {
    const ended = session.nextPosition("ended");
    await session.launch({
      cwd: memoryAgent,
      graph: "agent",
      db,
      threadId: "1",
      context: { userId: "1" },
      input: { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
    });
    await ended;
  } finally {
    await session.close();
  }
  return db;
}

describe("debugger view: the Store tab as of a checkpoint", () => {
  it("shows the memory the checkpoint saw, marks what changed or was added since, and switches to now", async () => {
    const db = await databaseWithMemory();
    const link = databaseLink(configFile, db);
    const [memory] = (await link.request("db/items", { namespace: memories, limit: 10, offset: 0 })).items;
    const key = memory!.key;
    // After the run: the memory edited (from VS Code, as the editor does) and another one added.
    await link.request("db/putItem", { namespace: memories, key, value: { data: "my name is Robert" } });
    await link.request("db/putItem", { namespace: memories, key: "food", value: { data: "I like pizza" } });

    const { view, posted } = await showDebugger(db);
    await view.page.locator('.tab[data-tab="store"]').click();
    await view.page.locator('.namespace-row[data-namespace="memories/1"]').click({ timeout: 20_000 });
    const label = view.page.locator(".store-as-of-label");
    await label.waitFor({ timeout: 20_000 });
    const shown = postedOfType(posted, "checkpoint/didLoad").at(-1)!.checkpoint;
    expect(await label.textContent()).toBe(
      `as of step ${shown.step} · ${await view.page.evaluate((time) => new Date(time).toLocaleTimeString(), shown.createdAt!)}`,
    );
    expect(await view.page.locator(".store-read-only-note").textContent()).toContain("read-only");

    const then = view.page.locator(`.item-row[data-key="${key}"]`);
    await then.waitFor({ timeout: 10_000 });
    expect(await then.locator(".item-preview").textContent()).toContain("my name is Bob");
    expect(await then.locator(".item-written-by").textContent()).toBe("thread 1 · step 1 · call_model");
    const changed = then.locator(".item-since");
    expect(await changed.textContent()).toBe("changed since");
    expect(await changed.getAttribute("title")).toContain("my name is Robert");
    const added = view.page.locator('.item-row[data-key="food"]');
    expect(await added.locator(".item-since").textContent()).toBe("added since");
    expect(await added.locator(".item-since").getAttribute("title")).toContain("I like pizza");
    // Read-only: nothing to edit, and the item says so.
    expect(await view.page.locator("vscode-button.item-new").count()).toBe(0);
    await then.click();
    expect(await view.page.locator(".item-as-of .item-read-only").textContent()).toContain("switch to Now to edit");
    expect(await view.page.locator(".item-as-of .item-then").textContent()).toContain("my name is Bob");
    expect(await view.page.locator(".item-as-of textarea").count()).toBe(0);
    await view.page.screenshot({ path: join(screenshotDir, "debugger-store-as-of-dark.png") });

    // An older checkpoint, before the node wrote the memory: not in the store then.
    await view.page.locator('.tab[data-tab="timeline"]').click();
    await view.page.locator('.timeline-row[data-step="0"]').click();
    await view.page.locator('.tab[data-tab="store"]').click();
    await expect.poll(() => label.textContent(), { timeout: 10_000 }).toMatch(/^as of step 0 · /);
    await expect.poll(() => view.page.locator(`.item-row[data-key="${key}"] .item-preview`).textContent(), { timeout: 10_000 }).toBe("(not in the store then)");
    expect(await view.page.locator(`.item-row[data-key="${key}"] .item-since`).textContent()).toBe("added since");

    // Now: the values as they are, editable again, nothing marked.
    await view.page.locator("vscode-button.store-now").click();
    await expect.poll(() => view.page.locator(`.item-row[data-key="${key}"] .item-preview`).textContent(), { timeout: 10_000 }).toContain("my name is Robert");
    expect(await view.page.locator(".item-since").count()).toBe(0);
    expect(await label.count()).toBe(0);
    expect(await view.page.locator("vscode-button.item-new").getAttribute("disabled")).toBeNull();
    expect(await view.page.locator("vscode-button.store-as-of").textContent()).toBe("As of step 0");
    expect(refused(view)).toEqual([]);
  }, 60_000);

  it("lists an item's versions with their writers; Compare and Restore reach VS Code's commands with the versions picked", async () => {
    const db = await databaseWithMemory();
    const link = databaseLink(configFile, db);
    const key = (await link.request("db/items", { namespace: memories, limit: 10, offset: 0 })).items[0]!.key;
    await link.request("db/putItem", { namespace: memories, key, value: { data: "my name is Robert" } });
    const { versions } = await link.request("db/storeHistory", { namespace: memories, key });
    const [newest, oldest] = versions;

    const { view, commands } = await showDebugger(db);
    await view.page.locator('.tab[data-tab="store"]').click();
    await view.page.locator('.namespace-row[data-namespace="memories/1"]').click({ timeout: 20_000 });
    await view.page.locator(`.item-row[data-key="${key}"]`).click({ timeout: 10_000 });
    await view.page.locator(".item-as-of vscode-button.item-history-button").click();
    const rows = view.page.locator(".history-row");
    await rows.first().waitFor({ timeout: 10_000 });
    expect(await rows.locator(".history-writer").allTextContents()).toEqual(["edited in VS Code", "thread 1 · step 1 · call_model"]);
    expect(await rows.locator(".history-preview").allTextContents()).toEqual(['{"data":"my name is Robert"}', '{"data":"my name is Bob"}']);
    await view.page.screenshot({ path: join(screenshotDir, "debugger-store-history-dark.png") });
    // As of a checkpoint nothing is written, Restore included.
    expect(await rows.nth(1).locator("vscode-button.history-restore").getAttribute("disabled")).not.toBeNull();

    // One version picked: compared with the item now.
    const compare = view.page.locator("vscode-button.history-compare");
    expect(await compare.getAttribute("disabled")).not.toBeNull();
    await rows.nth(1).locator("input.history-pick").check();
    await compare.click();
    await expect.poll(() => commands).toEqual([{ compare: { configFile, namespace: memories, key, left: oldest!.time, right: "current" } }]);
    // Two: the older on the left.
    await rows.nth(0).locator("input.history-pick").check();
    expect(await compare.textContent()).toBe("Compare the two");
    await compare.click();
    await expect.poll(() => commands.at(-1)).toEqual({ compare: { configFile, namespace: memories, key, left: oldest!.time, right: newest!.time } });

    // Now: the editor's History restores an old version; the newest is the item itself.
    await view.page.locator("vscode-button.store-now").click();
    await view.page.locator(`.item-row[data-key="${key}"]`).click({ timeout: 10_000 });
    await view.page.locator(".item-editor vscode-button.item-history-button").click();
    await rows.first().waitFor({ timeout: 10_000 });
    expect(await rows.nth(0).locator("vscode-button.history-restore").getAttribute("disabled")).not.toBeNull();
    await rows.nth(1).locator("vscode-button.history-restore").click();
    await expect.poll(() => commands.at(-1)).toEqual({ restore: { configFile, namespace: memories, key, time: oldest!.time } });
    expect(commands).toHaveLength(3);
    expect(refused(view)).toEqual([]);
  }, 60_000);
});
