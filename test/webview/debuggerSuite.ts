// What every test file of the debugger view sets up: headless Chromium, the page server, a temp
// folder for its databases, and cleanups run after each test (its hosts, pages and sessions);
// the engines the tests started are disposed at the end. Registers the vitest hooks itself.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { disposeEngines } from "./debuggerLinks";
import { ensureBuilt, launchChromium, startWebviewServer, type WebviewServer } from "./webviewHarness";

export interface DebuggerSuite {
  /** Set once the file's tests run (beforeAll). */
  browser: Browser;
  server: WebviewServer;
  folder: string;
  /** Run after each test, last added first. */
  cleanups: Array<() => Promise<void>>;
}

export function debuggerSuite(folderPrefix: string): DebuggerSuite {
  const suite = { cleanups: [] } as unknown as DebuggerSuite;
  beforeAll(async () => {
    ensureBuilt();
    [suite.browser, suite.server] = await Promise.all([launchChromium(), startWebviewServer()]);
    suite.folder = await mkdtemp(join(tmpdir(), folderPrefix));
  });
  afterEach(async () => {
    for (const cleanup of suite.cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await disposeEngines();
    await suite.browser?.close();
    await suite.server?.close();
    if (suite.folder) await rm(suite.folder, { recursive: true, force: true });
  });
  return suite;
}
