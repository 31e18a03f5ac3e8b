// As a user who opens a folder they have not trusted (Restricted Mode): "LangGraph: Show Graph"
// says the workspace is in Restricted Mode instead of loading the graph, no module of the folder
// runs (its modules append to a marker file when imported), and the workspace database can
// still be browsed: the Memory Store view lists the namespace the database holds. Then the user
// trusts the folder, and the same command draws the graph (the engine was restarted trusted).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { errorNotifications, runCommandFromPalette, waitForWorkbench, webviewContent } from "./workbench.mjs";

export const name = "e2e: in Restricted Mode, Show Graph refuses to run user code and the database is still browsable; once trusted, the graph draws";

// A fresh folder nobody has trusted; its path is known before code-server starts, so the marker
// file's path can travel in code-server's environment to the engine and the fixture's modules.
// Inside the repository (test-results/ is ignored by git) so that, once trusted, the fixture
// finds @langchain/langgraph in the repository's node_modules.
const repoRootHere = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
mkdirSync(join(repoRootHere, "test-results"), { recursive: true });
const scratch = mkdtempSync(join(repoRootHere, "test-results", "restricted-"));
const workspace = join(scratch, "untrusted-project");
const marker = join(scratch, "imported.txt");

export const serverOptions = {
  restrictedMode: true,
  env: { JITI_FS_CACHE: "false", LANGGRAPH_TEST_IMPORT_MARKER: marker },
};

export async function run({ page, openWorkbench, repoRoot }) {
  cpSync(join(repoRoot, "test", "unit", "engine", "fixtures", "untrusted"), workspace, { recursive: true });
  // A database with one memory, written by the same library the engine uses.
  const { openWorkspaceDb } = createRequire(import.meta.url)(join(repoRoot, "dist", "persistence.cjs"));
  const db = await openWorkspaceDb({ path: join(workspace, ".langgraph", "db.json") });
  await db.store.put(["memories", "1"], "favourite-food", { text: "likes pizza" });
  await db.close();

  await openWorkbench(workspace);
  await waitForWorkbench(page);
  // The test means nothing unless VS Code itself says the folder is untrusted.
  await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first().waitFor({ timeout: 20_000 });

  await runCommandFromPalette(page, "LangGraph: Show Graph");
  // The engine's refusal (src/engine/main.ts), not VS Code's own Restricted Mode banner.
  const refusal = "runs no code of an untrusted workspace";
  let shown = [];
  // The graph panel shows the error in place; the command also raises it as a notification.
  for (let waited = 0; waited < 30_000; waited += 1_000) {
    shown = await webviewContent(page)
      .locator('[role="alert"]')
      .allInnerTexts()
      .catch(() => []);
    if (!shown.some((text) => text.includes(refusal))) shown.push(...(await errorNotifications(page).catch(() => [])));
    shown = shown.map((text) => text.replace(/\s+/g, " "));
    if (shown.some((text) => text.includes(refusal))) break;
    await sleep(1_000);
  }
  if (!shown.some((text) => text.includes(refusal))) {
    throw new Error(`No error says the engine refused to run user code; errors shown: ${shown.join(" | ") || "none"}.`);
  }
  if (existsSync(marker)) throw new Error(`User code ran in Restricted Mode: ${readFileSync(marker, "utf8").trim()}`);
  const screenshot = join(repoRoot, "test-results", "screenshots", "restricted-mode.png");
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });

  // Browsing read-only still works: the Memory Store view shows the database's namespace.
  // Focus leaves the webview first, or F1 never reaches the workbench.
  await page.locator(".explorer-folders-view .monaco-list-row").first().click();
  await runCommandFromPalette(page, "Focus on Memory Store View");
  const namespace = page.locator(".monaco-list-row", { hasText: "memories › 1" }).first();
  await namespace.waitFor({ timeout: 30_000 }).catch(async () => {
    const rows = await page.locator(".pane-body .monaco-list-row").allInnerTexts();
    throw new Error(`The Memory Store view does not list "memories › 1" (rows: ${rows.join(" | ") || "none"}).`);
  });
  if (existsSync(marker)) throw new Error(`User code ran in Restricted Mode: ${readFileSync(marker, "utf8").trim()}`);

  // Trusting the folder restarts the engine with full access: the graph loads and draws.
  await runCommandFromPalette(page, "Workspaces: Manage Workspace Trust");
  await page.getByRole("button", { name: "Trust", exact: true }).first().click();
  await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first().waitFor({ state: "detached", timeout: 20_000 });
  await page.keyboard.press("Escape"); // closes the Workspace Trust editor
  await runCommandFromPalette(page, "LangGraph: Show Graph");
  // The panel reloads in place; its earlier alert may linger empty for a moment, so wait for the node itself.
  const node = webviewContent(page).locator('g.graph-node[data-node-id="reply"]');
  await node.waitFor({ timeout: 60_000 }).catch(async () => {
    const alerts = await webviewContent(page)
      .locator('[role="alert"]')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`After trusting the folder the graph did not draw (panel: ${alerts.join(" | ").replace(/\s+/g, " ") || "no alert"}).`);
  });
  if (!importedModules().includes("agent")) throw new Error("The graph shows but its module never wrote the marker: the marker check proves nothing.");
  // Kept when the test fails, for a look at what the user had.
  rmSync(scratch, { recursive: true, force: true });
}

function importedModules() {
  return existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean) : [];
}
