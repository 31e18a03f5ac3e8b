// Helpers that drive code-server's workbench the way a user does: wait for it, run a command
// from the command palette, and reach into a webview's nested iframes.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Waits until the workbench shows the opened folder in the explorer. */
export async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: timeoutMs });
}

/**
 * Runs a command by its palette title (e.g. "LangGraph: Show Graph"). The palette lists only
 * the commands known when it opened, so it is reopened until the title shows up. It is also
 * reopened when it closes under the test's hands: an editor VS Code opens meanwhile (the source
 * of a debug stop) takes the focus, and the palette closes on losing it.
 */
export async function runCommandFromPalette(page, title, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator(".quick-input-widget input");
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  let lastError;
  while (Date.now() < deadline) {
    try {
      // Focus must not sit in a webview iframe, or F1 never reaches the workbench.
      await page.evaluate("document.activeElement?.blur()");
      await page.keyboard.press("F1");
      await input.waitFor({ timeout: 5_000 });
      await input.fill(`>${title}`, { timeout: 2_000 });
      await row.waitFor({ timeout: 2_000 });
      await row.click({ timeout: 2_000 });
      return;
    } catch (error) {
      lastError = error;
      await page.keyboard.press("Escape");
      await sleep(500);
    }
  }
  throw new Error(`The command palette never ran "${title}" within ${timeoutMs / 1000} s (last: ${lastError?.message.split("\n")[0]}).`);
}

/** The document inside a webview: VS Code nests it in two iframes over the editor. */
export function webviewContent(page) {
  return page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
}

/**
 * Texts of the error notifications the workbench holds. Notifications of an extension loaded
 * from source may skip the toast and go straight to the notification centre, so this opens
 * the centre, reads it, and closes it again.
 */
export async function errorNotifications(page) {
  await runCommandFromPalette(page, "Notifications: Show Notifications");
  const center = page.locator(".notifications-center");
  await center.waitFor({ timeout: 5_000 });
  const errors = await center
    .locator(".notification-list-item")
    .filter({ has: page.locator(".codicon-error") })
    .allInnerTexts();
  await page.keyboard.press("Escape");
  return errors.map((text) => text.replace(/\s+/g, " ").trim());
}

/**
 * Waits until the graph panel draws `nodeId`, or anything shows an error instead (the panel's
 * alert, or an error notification); throws with the error's text. The first load starts the
 * engine and compiles the example's TypeScript, hence the long limit.
 */
export async function waitForGraphNode(page, nodeId, timeout = 60_000) {
  const webview = webviewContent(page);
  const node = webview.locator(`g.graph-node[data-node-id="${nodeId}"]`);
  // Only what the user sees: an alert in a tab that is not shown (the State tab's, say) is not
  // "an error instead of the graph" (a CI run once failed on such an alert with no text).
  const panelError = webview.locator('[role="alert"]:visible');
  const errorToast = page.locator(".notification-toast").filter({ has: page.locator(".codicon-error") });
  await node.or(panelError).or(errorToast).first().waitFor({ timeout });
  const shown = [...(await panelError.allInnerTexts()), ...(await errorToast.allInnerTexts())].map((text) => text.trim()).filter(Boolean);
  if (shown.length > 0) throw new Error(`An error is shown instead of the graph: ${shown.join(" | ").replace(/\s+/g, " ")}`);
  return node;
}

/**
 * A fresh copy of examples/memory-agent at test-results/<scratchName>/memory-agent, without its
 * database: inside the repository, so its imports resolve there, and under a fixed name, so the
 * paths the README's pictures show do not change from run to run. Returns its folder.
 */
export function copyExample(repoRoot, scratchName) {
  const scratch = join(repoRoot, "test-results", scratchName);
  rmSync(scratch, { recursive: true, force: true });
  const workspace = join(scratch, "memory-agent");
  cpSync(join(repoRoot, "examples", "memory-agent"), workspace, {
    recursive: true,
    filter: (source) => !source.includes(`${join("memory-agent", ".langgraph")}`),
  });
  return workspace;
}

/** Where a picture goes: the README's media/screenshots only on request (UPDATE_SCREENSHOTS=1). */
export function screenshotPath(repoRoot, file) {
  const folder = process.env.UPDATE_SCREENSHOTS ? join(repoRoot, "media", "screenshots") : join(repoRoot, "test-results", "screenshots");
  mkdirSync(folder, { recursive: true });
  return join(folder, file);
}

/** Polls `check` (which returns a value or throws) until it stops throwing; rethrows the last error. */
export async function eventually(check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(300);
    }
  }
}
