// As a new user: "LangGraph: Get Started" opens the extension's walkthrough with its four steps,
// and its "Show Graph" step's button draws the example's graph.
import { join } from "node:path";
import { runCommandFromPalette, waitForGraphNode, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: the getting-started walkthrough lists its steps and its Show Graph button draws the graph";

const steps = ["Open a LangGraph.js project", "See the graph", "Debug it", "Inspect state, checkpoints and memories"];

export async function run({ page, openWorkbench, repoRoot }) {
  await openWorkbench(join(repoRoot, "examples", "memory-agent"));
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "LangGraph: Get Started");

  const walkthrough = page.locator(".gettingStartedContainer");
  await walkthrough.locator("h2", { hasText: "Debug a LangGraph.js graph" }).first().waitFor({ timeout: 20_000 });
  for (const step of steps) {
    await walkthrough.locator(".getting-started-step", { hasText: step }).first().waitFor({ timeout: 5_000 });
  }
  await walkthrough.locator(".getting-started-step", { hasText: "See the graph" }).first().click();
  await walkthrough.getByRole("button", { name: "Show Graph" }).first().click();
  await waitForGraphNode(page, "call_model");
}
