// Makes sure Debian's Chromium is installed: the real-VS-Code tests drive code-server's
// workbench with it through playwright-core (Playwright's own browser download cannot work
// on a machine that reaches only the npm registry and Debian's packages).
// CLI: `node scripts/setup-chromium.mjs`.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ensureAptPackages } from "./setup-apt.mjs";

export const chromiumPath = "/usr/bin/chromium";

/** Installs Debian's `chromium` package when /usr/bin/chromium is missing; returns its path. */
export function ensureChromium({ log = console.log } = {}) {
  if (existsSync(chromiumPath)) {
    log(`chromium: already installed at ${chromiumPath}`);
    return chromiumPath;
  }
  const started = Date.now();
  ensureAptPackages(["chromium"], { log });
  if (!existsSync(chromiumPath)) {
    throw new Error(`apt-get installed chromium but ${chromiumPath} is still missing.`);
  }
  log(`chromium: installed in ${seconds(started)} s`);
  return chromiumPath;
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureChromium();
  } catch (error) {
    console.error(`setup-chromium: ${error.message}`);
    process.exit(1);
  }
}
