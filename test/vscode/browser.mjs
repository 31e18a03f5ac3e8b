// Headless Debian Chromium driven by playwright-core (Playwright's own browser download cannot
// work here).
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ensureChromium } from "../../scripts/setup-chromium.mjs";
import chromiumSettings from "../chromium.json" with { type: "json" };

// Debian's Chromium, and flags that keep it from reaching for Google's services on a closed network.
const { args: quietFlags } = chromiumSettings;

/**
 * Opens a browser with a fresh profile under `parentDir` (Playwright refuses --user-data-dir in
 * args). Returns `{ page, close }`; `close()` also deletes the profile.
 */
export async function openBrowser(parentDir, { viewport = { width: 1280, height: 800 } } = {}) {
  const executablePath = ensureChromium({ log: () => {} });
  const profileDir = mkdtempSync(join(parentDir, "chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: quietFlags,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
  };
  return { page, close };
}
