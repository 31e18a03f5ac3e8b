// As a user with a broken langgraph.json: "LangGraph: Show Graph" tells what is wrong and
// names the file, in an error notification, instead of failing silently.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorNotifications, runCommandFromPalette, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: Show Graph on a broken langgraph.json shows an error naming the file";

export async function run({ page, openWorkbench, repoRoot }) {
  const workspace = join(repoRoot, "test", "vscode", "fixtures", "config-invalid");
  await openWorkbench(workspace);
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Show Graph");

  const expected = join(workspace, "langgraph.json");
  // The engine starts and reads the file first: look for the message for a while.
  let shown = [];
  for (let waited = 0; waited < 30_000; waited += 1_000) {
    shown = await errorNotifications(page);
    if (shown.some((text) => text.includes(expected))) return;
    await sleep(1_000);
  }
  throw new Error(`No error notification names ${expected}; error notifications: ${shown.join(" | ") || "none"}.`);
}
