// Helpers that drive code-server's workbench the way a user does: wait for it, run a command
// from the command palette, and reach into a webview's nested iframes.
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
  const panelError = webview.locator('[role="alert"]');
  const errorToast = page.locator(".notification-toast").filter({ has: page.locator(".codicon-error") });
  await node.or(panelError).or(errorToast).first().waitFor({ timeout });
  const shown = [...(await panelError.allInnerTexts()), ...(await errorToast.allInnerTexts())];
  if (shown.length > 0) throw new Error(`An error is shown instead of the graph: ${shown.join(" | ").replace(/\s+/g, " ")}`);
  return node;
}
