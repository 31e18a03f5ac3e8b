// As a user: debug the memory agent ("Remember Bob" from the example's launch.json), step once,
// open the debugger view and see, inside its webview, the graph with the session's position,
// the Timeline with the thread's checkpoints and the State of the selected checkpoint; continue
// to the end; in the Store tab switch from "as of" to Now, select memories › 1, open the memory,
// type a new value into the item editor, save, and find the new value in the run's .langgraph/db.json; then delete it
// from the editor and find it gone. While stopped, with and without editor tabs, VS Code's
// floating debug toolbar must cover none of the view's controls and the graph must get most of
// the view's height. Runs on a copy of the example, so the example's own
// database never sees the run. With UPDATE_SCREENSHOTS=1 it retakes the README's pictures of
// the three tabs.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { copyExample, errorNotifications, eventually, runCommandFromPalette, screenshotPath, waitForWorkbench, webviewContent } from "./workbench.mjs";

export const name = "e2e: the debugger view shows the graph, timeline, state and store of a run, and saves a memory edited in its store tab";

const edited = "my name is Alice (edited in the debugger view)";

/** Saves a screenshot with the mouse parked on an empty part of the graph, away from tooltips. */
async function screenshot(page, repoRoot, file) {
  await page.mouse.move(300, 700);
  await sleep(300);
  await page.screenshot({ path: screenshotPath(repoRoot, file) });
}

/** The `memories.1` items of the database, as { key: value }. */
function memoriesIn(dbFile) {
  if (!existsSync(dbFile)) return {};
  const items = JSON.parse(readFileSync(dbFile, "utf8")).store?.["memories.1"] ?? {};
  return Object.fromEntries(Object.entries(items).map(([key, item]) => [key, item.value]));
}

/** True when two boxes (page coordinates) share any area. */
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * While the session is stopped: VS Code's floating debug toolbar covers none of the view's
 * controls, and the graph gets most of the view's height (not a strip or a thumbnail).
 */
async function checkLayout(page, view) {
  const toolbar = await page.locator(".debug-toolbar").boundingBox();
  if (!toolbar) throw new Error("The debug toolbar is not shown while the session is stopped.");
  const controls = view.locator(
    ".controls vscode-toolbar-button, .controls .thread-select, .controls .session-status, .graph-pane .toolbar vscode-toolbar-button, .tabs .tab",
  );
  const count = await controls.count();
  if (count < 8) throw new Error(`Only ${count} of the view's controls were found.`);
  for (let index = 0; index < count; index++) {
    const box = await controls.nth(index).boundingBox();
    if (box && overlap(box, toolbar)) {
      const label = (await controls.nth(index).getAttribute("label")) ?? (await controls.nth(index).innerText());
      throw new Error(`The debug toolbar (${JSON.stringify(toolbar)}) covers the view's "${label}" (${JSON.stringify(box)}).`);
    }
  }
  const app = await view.locator("lg-debugger-app").boundingBox();
  const graph = await view.locator(".graph-pane .content").boundingBox();
  if (!app || !graph || graph.height < 0.6 * app.height) {
    throw new Error(`The graph area is ${graph?.height ?? 0}px high in a view of ${app?.height ?? 0}px: it should get most of the height.`);
  }
}

export async function run({ page, openWorkbench, repoRoot }) {
  const workspace = copyExample(repoRoot, "e2e-debugger-view");
  const scratch = dirname(workspace);
  const dbFile = join(workspace, ".langgraph", "db.json");

  await openWorkbench(workspace);
  await waitForWorkbench(page);
  // The extension activates late on a loaded machine: until then the palette does not list it.
  await runCommandFromPalette(page, "LangGraph: Debug a Graph…", 60_000 * Number(process.env.LANGGRAPH_TEST_TIME_SCALE ?? 1));
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Remember Bob" }).first().click();

  // Stopped on entry, before call_model; one step runs it.
  const statusItem = page.locator(".statusbar-item", { hasText: "thread 1" }).first();
  await statusItem.waitFor({ timeout: 60_000 });
  await page.locator(".statusbar-item", { hasText: "next: call_model" }).first().waitFor({ timeout: 20_000 });
  // The debug toolbar's own button, as a user steps (the command palette lists debug commands
  // late, which once made this step miss its deadline).
  await page.locator(".debug-toolbar .action-label.codicon-debug-step-over").click();
  await eventually(async () => {
    const text = (await statusItem.innerText()).replace(/\s+/g, " ");
    if (text.includes("next: call_model")) throw new Error(`After one step the status bar still says "${text}".`);
  }, 30_000);
  // VS Code opens the source of the stop's top frame (call_model's function); once it is open it
  // cannot cover the view opened next.
  await page.locator(".tabs-container .tab", { hasText: "call-model.ts" }).first().waitFor({ timeout: 30_000 });

  // Room for the view: no sidebar, no panel.
  // Ctrl+B and Ctrl+J toggle them; the palette's "View: Close Primary Side Bar" sometimes came too late.
  if (await page.locator(".part.sidebar").isVisible()) {
    await page.evaluate("document.activeElement?.blur()");
    await page.keyboard.press("Control+B");
  }
  if (await page.locator(".part.panel").isVisible()) {
    await page.evaluate("document.activeElement?.blur()");
    await page.keyboard.press("Control+J");
  }
  await runCommandFromPalette(page, "LangGraph: Open Debugger View");
  const view = webviewContent(page);

  // The graph, with the session's position: call_model ran into the checkpoint it stands on.
  const callModel = view.locator('g.graph-node[data-node-id="call_model"]');
  await callModel.waitFor({ timeout: 60_000 });
  await eventually(async () => {
    const classes = (await callModel.getAttribute("class")) ?? "";
    if (!/\bran\b/.test(classes)) throw new Error(`The graph does not mark call_model as having run (class "${classes}").`);
  });
  const status = (await view.locator(".session-status").innerText()).trim();
  if ((await view.locator(".session-status").getAttribute("data-status")) !== "stopped") throw new Error(`The controls bar says "${status}", not stopped.`);
  await checkLayout(page, view);
  // Without editor tabs nothing else sits under the floating toolbar: the view's top is right there.
  await runCommandFromPalette(page, "View: Hide Editor Tabs");
  await page.locator(".tabs-container").waitFor({ state: "detached", timeout: 10_000 });
  await sleep(500);
  // For whoever reads a failure; not a README picture, so never into media/.
  mkdirSync(join(repoRoot, "test-results", "screenshots"), { recursive: true });
  await page.screenshot({ path: join(repoRoot, "test-results", "screenshots", "debugger-no-tabs.png") });
  await checkLayout(page, view);
  await runCommandFromPalette(page, "View: Show Multiple Editor Tabs");
  await page.locator(".tabs-container").first().waitFor({ timeout: 10_000 });

  // Timeline: the thread's checkpoints (input, step 0, step 1), the position on step 1, selected.
  const rows = view.locator(".timeline-row");
  await eventually(async () => {
    const steps = await rows.evaluateAll((elements) => elements.map((element) => element.dataset.step));
    for (const step of ["-1", "0", "1"]) {
      if (!steps.includes(step)) throw new Error(`The timeline shows steps [${steps.join(", ")}], without step ${step}.`);
    }
  }, 30_000);
  const position = view.locator(".timeline-row.position");
  await position.waitFor({ timeout: 15_000 });
  if ((await position.getAttribute("data-step")) !== "1") throw new Error(`The debug position is on step ${await position.getAttribute("data-step")}, not 1.`);
  await view.locator(".timeline-row.position.selected").waitFor({ timeout: 15_000 });
  const header = (await view.locator(".timeline-header").innerText()).replace(/\s+/g, " ");
  if (!header.includes("3 checkpoint(s)")) throw new Error(`The timeline header says "${header}".`);
  await screenshot(page, repoRoot, "debugger-timeline.png");

  // State of the selected checkpoint: step 1, written by call_model, with Bob's message.
  await view.locator("#tab-state").click();
  const stateTitle = view.locator("#panel-state .state-title");
  await stateTitle.waitFor({ timeout: 15_000 });
  const title = (await stateTitle.innerText()).trim();
  if (!title.includes("step 1") || !title.includes("call_model")) throw new Error(`The State tab shows "${title}", not step 1 written by call_model.`);
  await view.locator("#panel-state lg-state-view").waitFor({ timeout: 15_000 });
  await eventually(async () => {
    const text = await view.locator("#panel-state lg-state-view").innerText();
    if (!text.includes("messages")) throw new Error(`The State tab does not show the messages: "${text.slice(0, 300)}".`);
  });
  // The conversation mode shows the message itself.
  await view.locator("#panel-state .state-mode-conversation").click();
  await eventually(async () => {
    const text = await view.locator("#panel-state lg-state-view").innerText();
    if (!text.includes("my name is Bob")) throw new Error(`The State tab's conversation does not show Bob's message: "${text.slice(0, 300)}".`);
  });
  await screenshot(page, repoRoot, "debugger-state.png");
  await view.locator("#panel-state .state-mode-tree").click();

  // Continue to the end: the session ends and the status bar item goes away.
  await view.locator(".control-continue").click();
  await statusItem.waitFor({ state: "detached", timeout: 30_000 });
  await eventually(async () => {
    const state = await view.locator(".session-status").getAttribute("data-status");
    if (state !== "none") throw new Error(`After Continue the controls bar's status is "${state}", not ended.`);
  });

  // Store: memories › 1 holds the memory call_model saved; open it, edit it, save.
  const before = memoriesIn(dbFile);
  const keys = Object.keys(before);
  if (keys.length !== 1) throw new Error(`${dbFile} holds ${keys.length} memories under memories.1, not the one the run saved: ${JSON.stringify(before)}.`);
  const [key] = keys;
  await view.locator("#tab-store").click();
  // The tab opens on the store as of the selected checkpoint (the run's last), read-only: Now edits.
  await view.locator(".store-as-of-label").waitFor({ timeout: 15_000 });
  await view.locator("vscode-button.store-now").click();
  await view.locator('.namespace-row[data-namespace="memories/1"]').click();
  await eventually(async () => {
    const ns = (await view.locator(".items-namespace").innerText()).trim();
    if (ns !== "memories / 1") throw new Error(`The store lists namespace "${ns}", not memories / 1.`);
  });
  const item = view.locator(`.item-row[data-key="${key}"]`);
  await item.waitFor({ timeout: 15_000 });
  const preview = await item.locator(".item-preview").innerText();
  if (!preview.includes("my name is Bob")) throw new Error(`The memory's preview is "${preview}".`);
  await item.click();
  const json = view.locator(".item-editor textarea.json-editor-text");
  await json.waitFor({ timeout: 10_000 });
  if (!(await json.inputValue()).includes("my name is Bob")) throw new Error(`The item editor holds ${await json.inputValue()}.`);
  await screenshot(page, repoRoot, "debugger-store.png");

  // Not JSON: the place of the mistake is shown, Save is disabled, nothing written.
  await json.fill('{ "data": ');
  await view.locator(".item-editor .json-editor-error").waitFor({ timeout: 5_000 });
  if ((await view.locator(".item-editor .json-editor-save").getAttribute("disabled")) === null) throw new Error("Save is enabled for invalid JSON.");
  if (memoriesIn(dbFile)[key]?.data !== before[key].data) throw new Error("Invalid JSON in the item editor reached the database.");

  await json.fill(JSON.stringify({ ...before[key], data: edited }, null, 2));
  await view.locator(".item-editor .json-editor-save").click();
  await view.locator(".item-editor .item-saved").waitFor({ timeout: 15_000 });
  await eventually(async () => {
    const value = memoriesIn(dbFile)[key];
    if (value?.data !== edited) throw new Error(`${dbFile} holds ${JSON.stringify(value)} for memory ${key}, not the edited value.`);
  });
  // The list follows the save.
  await eventually(async () => {
    const text = await item.locator(".item-preview").innerText();
    if (!text.includes(edited)) throw new Error(`After the save the memory's preview is "${text}".`);
  });

  // Delete it again from the editor: gone from the view and the file.
  await view.locator(".item-editor .item-delete").click();
  await eventually(async () => {
    if (key in memoriesIn(dbFile)) throw new Error(`${dbFile} still holds memory ${key} after Delete.`);
  });
  await item.waitFor({ state: "detached", timeout: 15_000 });

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
  rmSync(scratch, { recursive: true, force: true });
}
