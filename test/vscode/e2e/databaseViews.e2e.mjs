// As a user, in the Run and Debug sidebar: debug the memory agent (a launch.json that asks it
// to remember a name), see the thread and its checkpoints in the Threads view with the debug
// position marked, open one; see the memory in the Memory Store view, open it, type a new
// value, save, and find the new value in .langgraph/db.json; compare a checkpoint with its
// parent; time-travel from the Threads view; delete the thread.
// With UPDATE_SCREENSHOTS=1 it retakes the README's pictures of both views and of the diff.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorNotifications, runCommandFromPalette, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: the Threads and Memory Store views show a run, and a memory edited in its document reaches the database";

const threadId = "e2e-views";
const userId = "42";

/** A copy of the memory agent inside the repository (so its imports resolve), with a launch.json. */
function prepareWorkspace(repoRoot) {
  const workspace = join(repoRoot, "test-results", "e2e-database-views");
  rmSync(workspace, { recursive: true, force: true });
  for (const entry of ["langgraph.json", "package.json", "tsconfig.json", "src"]) {
    cpSync(join(repoRoot, "examples", "memory-agent", entry), join(workspace, entry), { recursive: true });
  }
  const launch = {
    version: "0.2.0",
    configurations: [
      {
        type: "langgraph",
        request: "launch",
        name: "Remember Bob",
        graph: "agent",
        threadId,
        context: { userId },
        input: { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
        stopOnEntry: true,
      },
    ],
  };
  mkdirSync(join(workspace, ".vscode"), { recursive: true });
  writeFileSync(join(workspace, ".vscode", "launch.json"), JSON.stringify(launch, null, 2));
  return workspace;
}

/** The sidebar section (pane) of a view, expanded. */
async function openPane(page, title) {
  const header = page.locator(".pane-header", { has: page.locator(".title", { hasText: new RegExp(`^${title}$`) }) }).first();
  await header.waitFor({ timeout: 20_000 });
  if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  return page.locator(".pane", { has: header }).first();
}

async function row(pane, text, what, timeout = 30_000) {
  const found = pane.locator(".monaco-list-row", { hasText: text }).first();
  await found.waitFor({ timeout }).catch(async () => {
    const rows = await pane.locator(".monaco-list-row").allInnerTexts();
    throw new Error(`${what}: no row "${text}" (rows: ${rows.map((r) => r.replace(/\s+/g, " ")).join(" | ") || "none"}).`);
  });
  return found;
}

/** Collapses the debugger's own sections and widens the sidebar, so both views show in full. */
async function roomForTheViews(page) {
  for (const title of ["Variables", "Watch", "Call Stack", "Breakpoints"]) {
    const header = page.locator(".pane-header", { has: page.locator(".title", { hasText: new RegExp(`^${title}$`) }) }).first();
    if ((await header.getAttribute("aria-expanded").catch(() => null)) === "true") await header.click();
  }
  const sidebar = await page.locator(".part.sidebar").boundingBox();
  if (!sidebar) return;
  const x = sidebar.x + sidebar.width + 1;
  await page.mouse.move(x, sidebar.y + sidebar.height / 2);
  // The sash takes the drag only once it has noticed the pointer over it.
  await sleep(300);
  await page.mouse.down();
  await page.mouse.move(x + 180, sidebar.y + sidebar.height / 2, { steps: 5 });
  await page.mouse.up();
}

function screenshotPath(repoRoot, file) {
  // The README's images are replaced only on request, so ordinary runs leave the tree clean.
  const folder = process.env.UPDATE_SCREENSHOTS ? join(repoRoot, "media", "screenshots") : join(repoRoot, "test-results", "screenshots");
  mkdirSync(folder, { recursive: true });
  return join(folder, file);
}

export async function run({ page, openWorkbench, repoRoot }) {
  const workspace = prepareWorkspace(repoRoot);
  await openWorkbench(workspace);
  await waitForWorkbench(page);

  await runCommandFromPalette(page, "View: Show Run and Debug");
  await runCommandFromPalette(page, "Debug: Start Debugging");

  // Threads: the run's thread, its checkpoints newest first; a click shows a checkpoint's state.
  const threads = await openPane(page, "Threads");
  const thread = await row(threads, threadId, "Threads view", 60_000);
  await thread.click();
  // Stopped on entry: the view marks the session's position; Continue runs call_model, and the
  // session stops once more at the end of the run, marked on the newest checkpoint.
  await row(threads, "debug position", "Threads view, stopped on entry");
  await runCommandFromPalette(page, "Debug: Continue");
  const checkpoint = threads.locator(".monaco-list-row", { hasText: /step 1 · call_model.*debug position/ }).first();
  await checkpoint.waitFor({ timeout: 60_000 }).catch(async () => {
    const rows = await threads.locator(".monaco-list-row").allInnerTexts();
    throw new Error(`The Threads view never marked "step 1 · call_model" as the debug position (rows: ${rows.join(" | ").replace(/\s+/g, " ")}).`);
  });
  await checkpoint.click();
  const checkpointTab = page.locator(".tab", { hasText: /^1-.*\.json/ }).first();
  await checkpointTab.waitFor({ timeout: 20_000 });
  await page.locator(".monaco-editor .view-lines", { hasText: "my name is Bob" }).first().waitFor({ timeout: 20_000 });
  await roomForTheViews(page);
  await page.screenshot({ path: screenshotPath(repoRoot, "threads-view.png") });

  // Memory Store: the memory the node stored; a click opens it as a JSON document.
  const store = await openPane(page, "Memory Store");
  const namespace = await row(store, `memories › ${userId}`, "Memory Store view");
  await namespace.click();
  const memory = await row(store, "my name is Bob", "Memory Store view, expanded namespace");
  await memory.click();
  const editorLines = page.locator(".editor-instance .monaco-editor .view-lines", { hasText: '"data": "my name is Bob"' }).first();
  await editorLines.waitFor({ timeout: 20_000 });

  // Type a new value and save, as a user would.
  await editorLines.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type('{ "data": "my name is Alice" }');
  // Whatever the editor completed (a closing brace) sits after the cursor: remove it.
  await page.keyboard.press("Control+Shift+End");
  await page.keyboard.press("Delete");
  await page.locator(".editor-instance .monaco-editor .view-lines", { hasText: '{ "data": "my name is Alice" }' }).first().waitFor({ timeout: 5_000 });
  await page.keyboard.press("Control+S");

  const dbFile = join(workspace, ".langgraph", "db.json");
  let stored;
  for (let waited = 0; waited < 15_000; waited += 500) {
    if (existsSync(dbFile)) {
      const items = JSON.parse(readFileSync(dbFile, "utf8")).store?.[`memories.${userId}`] ?? {};
      stored = Object.values(items).map((item) => item.value?.data);
      if (stored.includes("my name is Alice")) break;
    }
    await sleep(500);
  }
  if (!stored?.includes("my name is Alice")) throw new Error(`${dbFile} does not hold the edited memory; memories.${userId}: ${JSON.stringify(stored)}.`);

  // The view follows the save.
  await row(store, "my name is Alice", "Memory Store view after the save", 15_000);
  await page.screenshot({ path: screenshotPath(repoRoot, "memory-store-view.png") });

  // Compare the newest checkpoint with its parent, from the item's context menu: a diff editor.
  // Select it first: should a live refresh replace the row under the menu, the command uses the selection.
  await threads.locator(".monaco-list-row", { hasText: "step 1 · call_model" }).first().click();
  await threads.locator(".monaco-list-row", { hasText: "step 1 · call_model" }).first().click({ button: "right" });
  const menuItem = page.locator(".context-view .action-label", { hasText: "Compare with Parent Checkpoint" }).first();
  await menuItem.waitFor({ timeout: 10_000 });
  await menuItem.hover();
  await menuItem.click();
  // A click that lands while the menu is still opening only focuses the entry.
  if (await menuItem.isVisible()) await page.keyboard.press("Enter");
  await page.locator(".tab", { hasText: "step 0 · __start__ ↔ step 1 · call_model" }).first().waitFor({ timeout: 20_000 });
  await page.locator(".monaco-diff-editor").first().waitFor({ timeout: 20_000 });
  await page.locator(".monaco-diff-editor .view-lines", { hasText: "call_model" }).first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: screenshotPath(repoRoot, "checkpoint-diff.png") });

  // Time travel from the Threads view: the session moves to step 0, and the mark follows.
  const stepZero = await row(threads, "step 0 · __start__", "Threads view after the run");
  await stepZero.hover();
  await stepZero.locator(".action-label[aria-label='Time-Travel to Checkpoint']").click();
  await threads
    .locator(".monaco-list-row", { hasText: /step 0 · __start__.*debug position/ })
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(async () => {
      const rows = await threads.locator(".monaco-list-row").allInnerTexts();
      throw new Error(`After time travel the debug position is not at step 0 (rows: ${rows.join(" | ").replace(/\s+/g, " ")}).`);
    });
  await runCommandFromPalette(page, "Debug: Stop");

  // Delete the thread from its inline action (offered once no session is on it): VS Code asks
  // first; the thread leaves the view and the file.
  await threads.locator(".monaco-list-row", { hasText: threadId }).filter({ hasNotText: "debugging" }).first().waitFor({ timeout: 15_000 });
  await thread.hover();
  await thread.locator(".action-label[aria-label='Delete Thread']").click();
  const dialog = page.locator(".monaco-dialog-box");
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.locator(".monaco-button", { hasText: "Delete Thread" }).click();
  for (let waited = 0; waited < 15_000 && (await threads.locator(".monaco-list-row", { hasText: threadId }).count()) > 0; waited += 500) await sleep(500);
  if ((await threads.locator(".monaco-list-row", { hasText: threadId }).count()) > 0) throw new Error("The deleted thread is still listed.");
  for (let waited = 0; waited < 10_000 && threadId in (JSON.parse(readFileSync(dbFile, "utf8")).threads ?? {}); waited += 500) await sleep(500);
  if (threadId in (JSON.parse(readFileSync(dbFile, "utf8")).threads ?? {})) throw new Error(`${dbFile} still holds thread ${threadId}.`);

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
}
