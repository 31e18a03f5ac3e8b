// As a user: "LangGraph: Debug a Graph…" offers the example's launch configurations, the chosen
// one stops before call_model, the status bar says where (graph, thread, step, next node), a
// click on it opens the debugger view on the graph, and the item goes away when the session ends.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCommandFromPalette, waitForWorkbench, webviewContent } from "./workbench.mjs";

export const name = "e2e: Debug a Graph… starts the example's launch configuration and the status bar shows the position";

export async function run({ page, openWorkbench, repoRoot }) {
  // A copy inside the repository (its imports resolve there), with its own database.
  mkdirSync(join(repoRoot, "test-results"), { recursive: true });
  const scratch = mkdtempSync(join(repoRoot, "test-results", "status-bar-"));
  const workspace = join(scratch, "memory-agent");
  cpSync(join(repoRoot, "examples", "memory-agent"), workspace, {
    recursive: true,
    filter: (source) => !source.includes(`${join("memory-agent", ".langgraph")}`),
  });

  await openWorkbench(workspace);
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Debug a Graph…");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Remember Bob" }).first().click();

  const item = page.locator(".statusbar-item", { hasText: "thread 1" }).first();
  await item.waitFor({ timeout: 60_000 });
  const textOf = async () => (await item.innerText()).replace(/\s+/g, " ");
  // The item appears as the run starts ("running"); it names the next node once the run stops on entry.
  await page
    .locator(".statusbar-item", { hasText: /thread 1.*next: call_model/ })
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(async () => {
      throw new Error(`The status bar says "${await textOf()}", and never "next: call_model".`);
    });
  const text = await textOf();
  for (const part of ["agent", "thread 1", "next: call_model"]) {
    if (!text.includes(part)) throw new Error(`The status bar says "${text}", without "${part}".`);
  }
  if (!/step -?\d+/.test(text)) throw new Error(`The status bar says "${text}", without the step.`);

  await item.click();
  // The debugger view on the session's graph (an empty alert region may sit in it: wait for the node).
  await webviewContent(page).locator('g.graph-node[data-node-id="call_model"]').waitFor({ timeout: 60_000 });

  await runCommandFromPalette(page, "Debug: Stop");
  await item.waitFor({ state: "detached", timeout: 20_000 });
  rmSync(scratch, { recursive: true, force: true });
}
