// The README's first hour, as a newcomer does it on the memory agent: Debug a Graph… → "Remember
// Bob", one step, the Call Stack and Variables of the stop; then in the debugger view go back to
// step 0, change what the user said ("Bob" → "Alice") and Continue from there. The fork runs as a
// branch beside the original, and the original history is still in the database, untouched.
// With UPDATE_SCREENSHOTS=1 it retakes the README's pictures of the stop and of the fork.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { copyExample, errorNotifications, eventually, runCommandFromPalette, screenshotPath, waitForWorkbench, webviewContent } from "./workbench.mjs";

export const name = "e2e: first hour — debug the example, step, go back to step 0, fork with edited input and continue";

export async function run({ page, openWorkbench, repoRoot }) {
  const workspace = copyExample(repoRoot, "e2e-first-hour");
  const dbFile = join(workspace, ".langgraph", "db.json");

  await openWorkbench(workspace);
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Debug a Graph…", scaled(60_000));
  await page
    .locator(".quick-input-widget .monaco-list-row", { hasText: "Remember Bob" })
    .first()
    .click({ timeout: scaled(60_000) });

  // Stopped on entry, before call_model; one Step Over runs it.
  await page
    .locator(".statusbar-item", { hasText: "next: call_model" })
    .first()
    .waitFor({ timeout: scaled(60_000) });
  await page.locator(".debug-toolbar .action-label.codicon-debug-step-over").click();
  await page
    .locator(".statusbar-item", { hasText: "step 1" })
    .first()
    .waitFor({ timeout: scaled(30_000) });

  // Run and Debug: the Call Stack names the stop as every view does, Variables show the state.
  await runCommandFromPalette(page, "View: Show Run and Debug", scaled(20_000));
  const callStack = page.locator(".debug-call-stack .monaco-list-row");
  await eventually(async () => {
    const frames = await callStack.allInnerTexts();
    if (!frames.some((frame) => frame.includes("step 1 · call_model")))
      throw new Error(`The Call Stack shows ${JSON.stringify(frames)}, not "step 1 · call_model".`);
  }, scaled(30_000));
  await page
    .locator(".debug-variables .monaco-list-row", { hasText: "State" })
    .first()
    .waitFor({ timeout: scaled(20_000) });
  // The Store scope is the store as it was when the focused frame's checkpoint was written (VS Code
  // focuses the first frame with a source: step 0 · __start__).
  await page
    .locator(".debug-variables .monaco-list-row", { hasText: /Store · as of step 0 · \d{1,2}:\d{2}:\d{2}/ })
    .first()
    .waitFor({ timeout: scaled(20_000) });
  await screenshot(page, repoRoot, "first-hour-call-stack.png");

  // The debugger view, with room: no sidebar, no panel.
  for (const [part, keys] of [
    [".part.sidebar", "Control+B"],
    [".part.panel", "Control+J"],
  ]) {
    if (await page.locator(part).isVisible()) {
      await page.evaluate("document.activeElement?.blur()");
      await page.keyboard.press(keys);
    }
  }
  await runCommandFromPalette(page, "LangGraph: Open Debugger View", scaled(20_000));
  const view = webviewContent(page);

  // Back to step 0 (the input applied, call_model not yet run) and change what the user said.
  const stepZero = view.locator('.timeline-row[data-step="0"]');
  await stepZero.first().waitFor({ timeout: scaled(60_000) });
  const originalIds = await view.locator(".timeline-row").evaluateAll((rows) => rows.map((row) => row.dataset.checkpointId));
  await stepZero.first().click();
  await view.locator("#tab-state").click();
  const messages = view.locator("#panel-state .state-row[data-path='[\"messages\"]']");
  await messages.waitFor({ timeout: scaled(15_000) });
  const firstMessage = view.locator("#panel-state .state-row[data-path='[\"messages\",0]']");
  if (!(await firstMessage.isVisible())) await messages.click();
  await firstMessage.dblclick({ timeout: scaled(15_000) });
  const editor = view.locator(".state-editor textarea.json-editor-text");
  await editor.waitFor({ timeout: scaled(10_000) });
  const before = await editor.inputValue();
  if (!before.includes("my name is Bob")) throw new Error(`The editor of the first message holds ${before}, without Bob.`);
  await editor.fill(before.replace("my name is Bob", "my name is Alice"));
  await view.locator(".state-editor vscode-button.json-editor-save").click();

  // The edit is a new `update` checkpoint branching off step 0, and the debug position moves
  // there. VS Code shows the source of that stop in the view's editor group, as at every stop:
  // back to the view's tab.
  await backToTimelineAfterStop(page, view, "(edited)", scaled(30_000));
  const fork = view.locator('.timeline-row[data-source="update"]');
  await fork.first().waitFor({ timeout: scaled(30_000) });
  if ((await fork.first().getAttribute("data-depth")) === "0") throw new Error("The edited checkpoint is drawn on the original lineage, not as a branch.");
  await view.locator('.timeline-row.position[data-source="update"]').waitFor({ timeout: scaled(30_000) });

  // Continue from the fork: call_model answers Alice, on the branch.
  await view.locator(".control-continue").click();
  // The run reaches the end of the graph: the session stops there (it can still step back), and
  // VS Code shows that stop's source in the view's group again.
  await backToTimelineAfterStop(page, view, "· end", scaled(60_000));
  await eventually(async () => {
    const names = await view.locator(".timeline-row .timeline-name").allInnerTexts();
    const branch = await view.locator('.timeline-row:not([data-depth="0"])').count();
    if (branch < 2) throw new Error(`The Timeline shows ${JSON.stringify(names)} with ${branch} branch row(s), not the fork and its continuation.`);
  }, scaled(30_000));
  await screenshot(page, repoRoot, "first-hour-fork.png");

  // No history lost: every checkpoint of the original run is still in the database, and the
  // thread holds both answers' inputs, Bob's on the original lineage and Alice's on the branch.
  const saved = readFileSync(dbFile, "utf8");
  for (const id of originalIds) {
    if (!saved.includes(id)) throw new Error(`${dbFile} no longer holds checkpoint ${id} of the original run.`);
  }
  for (const text of ["my name is Bob", "my name is Alice"]) {
    if (!saved.includes(text)) throw new Error(`${dbFile} does not hold "${text}".`);
  }

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
}

/**
 * Waits for the stop the status bar names with `stopText`, then brings the debugger view (whose
 * editor group VS Code gave to that stop's source) back to the front, on its Timeline tab.
 */
async function backToTimelineAfterStop(page, view, stopText, timeoutMs) {
  await page.locator(".statusbar-item", { hasText: stopText }).first().waitFor({ timeout: timeoutMs });
  await sleep(1_000);
  await page.locator(".tabs-container .tab", { hasText: "Graph: agent" }).first().click();
  await view.locator("#tab-timeline").click();
}

/** Time limits grow with the machine's load, as the runner's own do. */
function scaled(ms) {
  return Math.round(ms * Math.max(1, Number(process.env.LANGGRAPH_TEST_TIME_SCALE) || 1));
}

async function screenshot(page, repoRoot, file) {
  await page.mouse.move(5, 400);
  await sleep(300);
  await page.screenshot({ path: screenshotPath(repoRoot, file) });
}
