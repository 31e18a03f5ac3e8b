// As a user without a launch configuration for it: "LangGraph: Debug a Graph…" → the graph →
// a new thread (its suggested id edited) → the input document prefilled from the graph's
// schemas, edited over several lines → Start Debugging: the session stops before call_model on
// that thread, with that input; the run is saved to launch.json beside the example's own.
// Then the wizard again: the thread is offered with its last message, and "No input" opens it
// where it stands. With UPDATE_SCREENSHOTS=1 it retakes the README's picture of the thread pick.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { copyExample, eventually, runCommandFromPalette, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: Debug a Graph… picks graph, thread, input and context, and starts on that thread";

const threadId = "wizard-e2e";
const question = "Hi! I am Ada.";

export async function run({ page, openWorkbench, repoRoot }) {
  // A copy inside the repository (its imports resolve there), with its own database; a fixed
  // name keeps the README's picture the same from run to run.
  const workspace = copyExample(repoRoot, "e2e-debug-graph-wizard");
  const scratch = dirname(workspace);
  const launchFile = join(workspace, ".vscode", "launch.json");
  // The user's own notes in launch.json must survive the save, inside the "configurations" array
  // too (the wizard edits the text; VS Code's settings API would rewrite the array as a whole).
  writeFileSync(
    launchFile,
    readFileSync(launchFile, "utf8")
      .replace("{", "// Launches of the memory agent.\n{")
      .replace(/"configurations":\s*\[/, '"configurations": [\n    // Bob\'s conversations.'),
  );
  // The test pastes whole documents; bracket completion and auto-indent would add to them.
  writeFileSync(join(workspace, ".vscode", "settings.json"), JSON.stringify({ "editor.autoClosingBrackets": "never", "editor.autoIndent": "none" }));
  const picks = page.locator(".quick-input-widget .monaco-list-row");

  await openWorkbench(workspace);
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Debug a Graph…", 60_000);
  // The example's launch configurations come first; the graph itself leads to the wizard.
  await picks.filter({ hasText: "Remember Bob" }).first().waitFor({ timeout: 60_000 });
  await picks.filter({ hasText: "choose a thread" }).first().click();
  await picks.filter({ hasText: "New thread" }).first().click({ timeout: 30_000 });

  const input = page.locator(".quick-input-widget input");
  await eventually(async () => {
    const suggested = await input.inputValue();
    if (suggested !== "agent-1") throw new Error(`The suggested thread id is "${suggested}", not "agent-1".`);
  }, 10_000);
  await input.fill(threadId);
  await input.press("Enter");

  // The input document: the messages input and the zod context, prefilled.
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await editor.locator(".view-lines", { hasText: '"messages"' }).waitFor({ timeout: 60_000 });
  const prefilled = (await editor.locator(".view-lines").innerText()).replace(/\s+/g, " ");
  for (const part of ['"role": "user"', '"content": ""', '"userId": "user-1"']) {
    if (!prefilled.includes(part)) throw new Error(`The input document reads "${prefilled}", without ${part}.`);
  }
  // A wrong context is refused, naming the field, and the document stays open.
  await replaceDocument(page, editor, `{\n  "input": { "messages": [] },\n  "context": { "userId": 42 }\n}`);
  await startLens(page).click();
  await waitForNotification(page, '"context.userId" must be a string');
  await replaceDocument(
    page,
    editor,
    `{\n  "input": {\n    "messages": [\n      { "role": "user", "content": "${question}" }\n    ]\n  },\n  "context": { "userId": "ada" }\n}`,
  );
  await startLens(page).click();

  const status = page.locator(".statusbar-item", { hasText: `thread ${threadId}` }).first();
  await page
    .locator(".statusbar-item", { hasText: new RegExp(`thread ${threadId}.*next: call_model`) })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async () => {
      throw new Error(`The status bar never showed thread ${threadId} stopped before call_model (it shows: ${await statusTexts(page)}).`);
    });
  // The input document is gone (closed without a save prompt).
  await editor.locator(".view-lines", { hasText: '"messages"' }).waitFor({ state: "detached", timeout: 10_000 });

  // "Save as Launch Configuration" from the notification: appended beside the example's launches.
  await clickNotificationButton(page, "Save as Launch Configuration");
  await eventually(() => {
    const text = existsSync(launchFile) ? readFileSync(launchFile, "utf8") : "";
    for (const part of [
      "// Launches of the memory agent.",
      "// Bob's conversations.",
      "Remember Bob",
      "What is my name?",
      `"threadId": "${threadId}"`,
      question,
      '"userId": "ada"',
    ]) {
      if (!text.includes(part)) throw new Error(`${launchFile} lacks ${part}: ${text}`);
    }
  }, 15_000);

  await runCommandFromPalette(page, "Debug: Stop", 60_000);
  await status.waitFor({ state: "detached", timeout: 20_000 });

  // Again: the thread is offered with the last message it holds (notifications cleared for the picture).
  await runCommandFromPalette(page, "Notifications: Clear All Notifications", 60_000);
  await runCommandFromPalette(page, "LangGraph: Debug a Graph…", 60_000);
  // The saved launch is offered now too, among the graph picks.
  await picks
    .filter({ hasText: `agent · thread ${threadId}` })
    .first()
    .waitFor({ timeout: 60_000 });
  await picks.filter({ hasText: "choose a thread" }).first().click();
  await picks.filter({ hasText: "New thread" }).first().waitFor({ timeout: 30_000 });
  const threadRow = picks.filter({ hasText: threadId }).first();
  await threadRow.waitFor({ timeout: 30_000 });
  const rowText = (await threadRow.innerText()).replace(/\s+/g, " ");
  if (!rowText.includes(`human: ${question}`)) throw new Error(`The thread's item reads "${rowText}", without its last message "human: ${question}".`);
  if (!/updated (just now|\d+ minutes? ago)/.test(rowText)) throw new Error(`The thread's item reads "${rowText}", without when it was written.`);

  const folder = process.env.UPDATE_SCREENSHOTS ? join(repoRoot, "media", "screenshots") : join(repoRoot, "test-results", "screenshots");
  const screenshot = join(folder, "debug-graph-threads.png");
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });

  // An existing thread opens without input: only the context is asked for.
  await threadRow.click();
  await picks.filter({ hasText: "No input" }).first().click({ timeout: 10_000 });
  await editor.locator(".view-lines", { hasText: '"userId"' }).waitFor({ timeout: 60_000 });
  const contextOnly = (await editor.locator(".view-lines").innerText()).replace(/\s+/g, " ");
  if (contextOnly.includes('"input"')) throw new Error(`Opening a thread without input still asks for input: "${contextOnly}".`);
  await startLens(page).click();
  await page
    .locator(".statusbar-item", { hasText: new RegExp(`thread ${threadId}.*step 0.*next: call_model`) })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async () => {
      throw new Error(`The status bar never showed thread ${threadId} at step 0 (it shows: ${await statusTexts(page)}).`);
    });
  await runCommandFromPalette(page, "Debug: Stop", 60_000);
  await status.waitFor({ state: "detached", timeout: 20_000 });
  rmSync(scratch, { recursive: true, force: true });
}

function startLens(page) {
  return page.locator(".codelens-decoration a", { hasText: "Start Debugging" }).first();
}

/** Replaces the focused editor's text as a paste would (typing would auto-close brackets). */
async function replaceDocument(page, editor, text) {
  const lines = editor.locator(".view-lines");
  await lines.click();
  await eventually(async () => {
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    const left = (await lines.innerText()).trim();
    if (left !== "") throw new Error(`The input document still holds "${left}" after Select All, Delete.`);
  }, 5_000);
  await page.keyboard.insertText(text);
  await eventually(async () => {
    const shown = (await lines.innerText()).replace(/\s+/g, "");
    if (shown !== text.replace(/\s+/g, "")) throw new Error(`The input document reads "${shown}" instead of the pasted text.`);
  }, 5_000);
}

/** Notifications from an extension loaded from source may sit in the centre instead of a toast. */
async function clickNotificationButton(page, label) {
  const toastButton = page.locator(".notification-toast .monaco-button", { hasText: label }).first();
  if (await toastButton.isVisible().catch(() => false)) return toastButton.click();
  await runCommandFromPalette(page, "Notifications: Show Notifications", 60_000);
  await page.locator(".notifications-center .monaco-button", { hasText: label }).first().click({ timeout: 10_000 });
}

async function waitForNotification(page, text) {
  const toast = page.locator(".notification-toast", { hasText: text }).first();
  if (
    await toast.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    )
  )
    return;
  await runCommandFromPalette(page, "Notifications: Show Notifications", 60_000);
  const center = page.locator(".notifications-center");
  await center
    .locator(".notification-list-item", { hasText: text })
    .first()
    .waitFor({ timeout: 5_000 })
    .catch(async () => {
      const shown = (await center.locator(".notification-list-item").allInnerTexts()).join(" | ").replace(/\s+/g, " ");
      throw new Error(`No notification says ${text} (they say: ${shown}).`);
    });
  await page.keyboard.press("Escape");
}

async function statusTexts(page) {
  return (await page.locator(".statusbar-item").allInnerTexts())
    .filter((text) => text.includes("thread"))
    .join(" | ")
    .replace(/\s+/g, " ");
}
