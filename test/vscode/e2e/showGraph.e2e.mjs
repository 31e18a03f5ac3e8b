// As a user: open examples/memory-agent, run "LangGraph: Show Graph" from the command palette,
// and see the agent's call_model node drawn in the graph panel, with no error anywhere.
// Saves the screenshot the README shows.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { errorNotifications, runCommandFromPalette, waitForGraphNode, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: Show Graph draws the memory agent's call_model node";

export async function run({ page, openWorkbench, repoRoot }) {
  await openWorkbench(join(repoRoot, "examples", "memory-agent"));
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Show Graph");

  const node = await waitForGraphNode(page, "call_model");
  const label = (await node.locator("text").allTextContents()).join(" ");
  if (!label.includes("call_model")) throw new Error(`The call_model node is labelled "${label}".`);

  // The README's image is replaced only on request, so ordinary runs leave the tree clean.
  const folder = process.env.UPDATE_SCREENSHOTS ? join(repoRoot, "media", "screenshots") : join(repoRoot, "test-results", "screenshots");
  const screenshot = join(folder, "show-graph.png");
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
}
