// As a user: open examples/memory-agent, run "LangGraph: Show Graph" from the command palette,
// and see the agent's call_model node drawn in the graph panel, with no error anywhere.
// Saves the screenshot the README shows.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { errorNotifications, runCommandFromPalette, waitForWorkbench, webviewContent } from "./workbench.mjs";

export const name = "e2e: Show Graph draws the memory agent's call_model node";

export async function run({ page, openWorkbench, repoRoot }) {
  await openWorkbench(join(repoRoot, "examples", "memory-agent"));
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Show Graph");

  const webview = webviewContent(page);
  const node = webview.locator('g.graph-node[data-node-id="call_model"]');
  const panelError = webview.locator('[role="alert"]');
  // The first load starts the engine and compiles the example's TypeScript: allow for it.
  // An error shown instead ends the wait at once.
  await node.or(panelError).first().waitFor({ timeout: 60_000 });
  const webviewErrors = await panelError.allInnerTexts();
  if (webviewErrors.length > 0) {
    throw new Error(`The graph panel shows an error: ${webviewErrors.join(" | ").replace(/\s+/g, " ")}`);
  }
  const label = (await node.locator("text").allTextContents()).join(" ");
  if (!label.includes("call_model")) throw new Error(`The call_model node is labelled "${label}".`);


  const screenshot = join(repoRoot, "media", "screenshots", "show-graph.png");
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
}
