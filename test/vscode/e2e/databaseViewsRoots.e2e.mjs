// As a user with two LangGraph projects in one workspace, one of whose database file is broken:
// the Memory Store view shows a root per langgraph.json; the healthy one lists its memories,
// the broken one shows the engine's error as an item (not a notification, not a crash), and
// clicking it opens the file to fix. Deleting a memory from the view asks first, then removes it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorNotifications, runCommandFromPalette, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: two langgraph.json give two roots in Memory Store; a broken database shows as an error item";

const brokenText = '{\n  "format": "langgraph-workspace-db",\n  "threads": {\n';

async function prepareWorkspace(repoRoot) {
  const workspace = join(repoRoot, "test-results", "e2e-database-roots");
  rmSync(workspace, { recursive: true, force: true });
  for (const project of ["healthy", "broken"]) {
    mkdirSync(join(workspace, project, ".langgraph"), { recursive: true });
    // The views read only the database: the graph module is never loaded.
    writeFileSync(join(workspace, project, "langgraph.json"), JSON.stringify({ graphs: { agent: "./agent.ts:graph" } }, null, 2));
  }
  const { openWorkspaceDb } = createRequire(import.meta.url)(join(repoRoot, "dist", "persistence.cjs"));
  const db = await openWorkspaceDb({ path: join(workspace, "healthy", ".langgraph", "db.json") });
  await db.store.put(["memories", "7"], "favourite-food", { data: "likes pizza" });
  await db.store.put(["memories", "7"], "pet", { data: "has a cat called Mia" });
  await db.close();
  writeFileSync(join(workspace, "broken", ".langgraph", "db.json"), brokenText);
  return workspace;
}

export async function run({ page, openWorkbench, repoRoot }) {
  const workspace = await prepareWorkspace(repoRoot);
  await openWorkbench(workspace);
  await waitForWorkbench(page);
  await runCommandFromPalette(page, "View: Show Run and Debug");

  const header = page.locator(".pane-header", { has: page.locator(".title", { hasText: /^Memory Store$/ }) }).first();
  await header.waitFor({ timeout: 20_000 });
  if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  const pane = page.locator(".pane", { has: header }).first();
  const rows = () =>
    pane
      .locator(".monaco-list-row")
      .allInnerTexts()
      .then((texts) => texts.map((text) => text.replace(/\s+/g, " ")));

  const waitForRow = async (text, what) => {
    const found = pane.locator(".monaco-list-row", { hasText: text }).first();
    await found.waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`${what}: no row "${text}" (rows: ${(await rows()).join(" | ") || "none"}).`);
    });
    return found;
  };

  await waitForRow("healthy", "a root for healthy/langgraph.json");
  await waitForRow("broken", "a root for broken/langgraph.json");
  const namespace = await waitForRow("memories › 7", "the healthy database's namespace");
  // The broken database: its error as an item, naming the file.
  const error = await waitForRow("db.json", "the broken database's error");
  const errorText = (await error.innerText()).replace(/\s+/g, " ");
  if (!/line|JSON|parse/i.test(errorText)) throw new Error(`The error item does not say what is wrong: "${errorText}".`);

  await namespace.click();
  const pizza = await waitForRow("likes pizza", "the expanded namespace");
  await waitForRow("has a cat called Mia", "the expanded namespace");
  // For the picture: room for the view, and the error's full text in its hover.
  const runPane = page.locator(".pane-header", { has: page.locator(".title", { hasText: /^Run$/ }) }).first();
  if ((await runPane.getAttribute("aria-expanded").catch(() => null)) === "true") await runPane.click();
  const sidebar = await page.locator(".part.sidebar").boundingBox();
  if (sidebar) {
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 260, sidebar.y + sidebar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await error.hover();
  await page
    .locator(".monaco-hover, .custom-hover, .workbench-hover")
    .first()
    .waitFor({ timeout: 5_000 })
    .catch(() => undefined);
  const screenshot = join(
    process.env.UPDATE_SCREENSHOTS ? join(repoRoot, "media", "screenshots") : join(repoRoot, "test-results", "screenshots"),
    "memory-store-roots.png",
  );
  mkdirSync(join(screenshot, ".."), { recursive: true });
  await page.screenshot({ path: screenshot });

  // Delete one memory through its inline action: VS Code asks first.
  await pizza.hover();
  await pizza.locator(".action-label[aria-label='Delete Store Item']").click();
  const dialog = page.locator(".monaco-dialog-box");
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.locator(".monaco-button", { hasText: "Delete Item" }).click();
  for (let waited = 0; waited < 15_000 && (await rows()).some((text) => text.includes("likes pizza")); waited += 500) await sleep(500);
  if ((await rows()).some((text) => text.includes("likes pizza"))) throw new Error("The deleted memory is still listed.");
  const healthyDb = join(workspace, "healthy", ".langgraph", "db.json");
  // Gone from the store; its value stays in the file only as store history (what it was, when, who deleted it).
  const inStore = () => {
    try {
      return JSON.stringify(JSON.parse(readFileSync(healthyDb, "utf8")).store).includes("likes pizza");
    } catch {
      return true; // not folded yet, or being replaced: look again
    }
  };
  for (let waited = 0; waited < 10_000 && inStore(); waited += 500) await sleep(500);
  if (inStore()) throw new Error(`${healthyDb} still holds the deleted memory in its store.`);
  if (!JSON.stringify(JSON.parse(readFileSync(healthyDb, "utf8")).storeHistory ?? {}).includes("likes pizza"))
    throw new Error(`${healthyDb} lost the deleted memory's history.`);

  // The broken file was never overwritten, and clicking the error opens it.
  if (readFileSync(join(workspace, "broken", ".langgraph", "db.json"), "utf8") !== brokenText) throw new Error("The broken database file was changed.");
  await error.click();
  await page.locator(".tab", { hasText: "db.json" }).first().waitFor({ timeout: 10_000 });

  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error notification: ${notifications.join(" | ")}`);
}
