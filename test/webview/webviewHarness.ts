// Runs the real webview bundle in real headless Chromium against a real host: the page is served
// by a local http server with the same HTML and CSP the VS Code panel uses, `acquireVsCodeApi`
// is a thin shim that carries the page's JSON-RPC to a WebviewConnection in this process, which
// hands its requests to a real host (talking to a real engine process), and every CSP violation
// or page error is recorded so tests can fail on it.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { createRequire } from "node:module";
import type { Browser, Page, chromium as Chromium } from "playwright-core";
import { createNonce, renderWebviewHtml } from "../../src/ui/debuggerView/webviewHtml";
import type { CancellationToken } from "vscode-jsonrpc";
import type { HostMessage, WebviewMessage } from "../../src/protocol/webview";
import type { PostMessagePort } from "../../src/protocol/webviewRpc";
import { WebviewConnection } from "../../src/ui/debuggerView/webviewConnection";
import chromiumSettings from "../chromium.json";

export const repoRoot = resolve(__dirname, "../..");
const chromiumPath = chromiumSettings.executablePath;
// Node's own require: `npm run bench` runs under jiti, whose transform breaks playwright-core's bundle.
const { chromium } = createRequire(__filename)("playwright-core") as { chromium: typeof Chromium };

/** 1-based line of the first line of `file` that contains `text`. */
export function lineIn(file: string, text: string): number {
  const line =
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((candidate) => candidate.includes(text)) + 1;
  if (line === 0) throw new Error(`${file} has no line containing ${text}`);
  return line;
}

/** Builds the bundles when a plain `vitest run` starts without `node esbuild.mjs` before it. */
export function ensureBuilt(): void {
  if (existsSync(join(repoRoot, "dist/webview/main.js")) && existsSync(join(repoRoot, "dist/engine.js"))) return;
  execFileSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, stdio: "inherit", timeout: 120_000 });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run \`node scripts/setup-chromium.mjs\` first.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumSettings.args, headless: true, timeout: 30_000 });
}

export type Theme = "dark" | "light" | "high-contrast";

/** Only these folders are served; everything the page loads must come from them. */
const servedFolders = ["dist/webview/", "media/", "test/webview/fixtures/"];
const contentTypes: Record<string, string> = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

export interface WebviewServer {
  origin: string;
  /** The webview page for a theme; the theme file stands in for the variables VS Code injects. */
  pageUrl(theme?: Theme): string;
  close(): Promise<void>;
}

export async function startWebviewServer(): Promise<WebviewServer> {
  let origin = "";
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", origin);
      if (url.pathname === "/") {
        const theme = url.searchParams.get("theme") ?? "dark";
        const html = renderWebviewHtml({
          cspSource: origin,
          nonce: createNonce(),
          scriptUri: `${origin}/dist/webview/main.js`,
          codiconsUri: `${origin}/dist/webview/codicon.css`,
          styleUris: [`${origin}/test/webview/fixtures/vscode-theme-${theme}.css`, `${origin}/media/webview.css`],
          title: "Graph",
        });
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
        return;
      }
      if (url.pathname === "/favicon.ico") {
        // Chromium asks for one on its own; VS Code webviews have none.
        response.writeHead(204).end();
        return;
      }
      const relative = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, "");
      if (!servedFolders.some((folder) => relative.startsWith(folder))) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(join(repoRoot, relative));
        response.writeHead(200, { "content-type": contentTypes[extname(relative)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (theme = "dark") => `${origin}/?theme=${theme}`,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

/**
 * The little of the DOM that functions run inside the page use. The Node tsconfig has no DOM
 * lib (and must not get one), so code passed to `page.evaluate` names these instead.
 */
export interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selectors: string): PageElement | null;
  textContent: string | null;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
  insertAdjacentHTML(position: string, html: string): void;
}
export interface PageGlobals {
  document: { querySelectorAll(selectors: string): ArrayLike<PageElement>; activeElement: PageElement | null; body: PageElement };
  getComputedStyle(element: PageElement): { strokeDasharray: string; stroke: string };
}

/** The host end of the bridge: a DebuggerViewHost or a GraphViewHost. */
export interface HostEnd {
  handle(message: WebviewMessage, token: CancellationToken): Promise<void>;
}

/** A reply that was not "done", with the request it answered. */
export interface FailedReply {
  method: string;
  error: { code: number; message: string; data?: unknown };
}

export interface WebviewPage {
  page: Page;
  /** The requests the webview sent (their params: the WebviewMessage), in order. */
  posted: unknown[];
  /** Error replies the host sent (failed, refused, cancelled requests), in order. */
  failed: FailedReply[];
  /** The last state the webview saved with setState. */
  savedState(): unknown;
  /** CSP violations, uncaught page errors and console errors: each one fails the test. */
  problems: string[];
  /** Host → webview notification, in the order posted (as VS Code delivers them). */
  post(message: HostMessage): void;
  /** Sets the host that receives the webview's messages (before or after `open`). */
  connect(host: HostEnd): void;
  open(theme?: Theme): Promise<void>;
  /** Resolves when the webview has posted a message of this type `count` times in all. */
  waitForPosted(type: string, count?: number): Promise<void>;
}

/**
 * Stand-in for VS Code's `acquireVsCodeApi`: one call per page, messages go to the host, and the
 * saved state survives reloads like VS Code's (kept in sessionStorage, mirrored to the test).
 */
const vscodeApiShim = `(() => {
  const stateKey = "vscode-webview-state";
  let acquired = false;
  globalThis.acquireVsCodeApi = () => {
    if (acquired) throw new Error("An instance of the VS Code API has already been acquired");
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { void globalThis.__webviewToHost(JSON.parse(JSON.stringify(message))); },
      getState: () => {
        const saved = sessionStorage.getItem(stateKey);
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState: (state) => {
        sessionStorage.setItem(stateKey, JSON.stringify(state));
        void globalThis.__webviewSavedState(state);
        return state;
      },
    });
  };
  document.addEventListener("securitypolicyviolation", (event) => {
    void globalThis.__webviewProblem("CSP violation: " + event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
  });
})();`;

export async function openWebviewPage(browser: Browser, server: WebviewServer): Promise<WebviewPage> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const posted: unknown[] = [];
  const failed: FailedReply[] = [];
  const problems: string[] = [];
  let savedState: unknown;
  let host: HostEnd | undefined;
  let delivery = Promise.resolve();
  const fromPage: Array<(message: unknown) => void> = [];
  const methods = new Map<unknown, string>();

  const port: PostMessagePort = {
    post: (message) => {
      const reply = message as { id?: unknown; error?: FailedReply["error"] };
      if (reply.error && methods.has(reply.id)) failed.push({ method: methods.get(reply.id)!, error: reply.error });
      // Chained so messages arrive in the order the host sent them. A page that is reloading
      // drops them, as a hidden VS Code webview would; it asks again with webview/ready.
      delivery = delivery.then(() =>
        page
          .evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, "*"), message)
          .catch((error: Error) => {
            if (!/context was destroyed|navigation|Target closed|has been closed/i.test(error.message)) throw error;
          }),
      );
    },
    onMessage: (listener) => {
      fromPage.push(listener);
      return () => fromPage.splice(fromPage.indexOf(listener), 1);
    },
  };
  const connection = new WebviewConnection(port, (message, token) => (host ? host.handle(message, token) : Promise.resolve()));
  page.on("close", () => connection.dispose());

  await page.exposeFunction("__webviewToHost", (message: unknown) => {
    const request = message as { id?: unknown; method?: string; params?: unknown };
    if (request.method && request.id !== undefined) {
      posted.push(request.params);
      methods.set(request.id, request.method);
    }
    for (const listener of fromPage) listener(message);
  });
  await page.exposeFunction("__webviewSavedState", (state: unknown) => {
    savedState = state;
  });
  await page.exposeFunction("__webviewProblem", (problem: string) => {
    problems.push(problem);
  });
  await page.addInitScript({ content: vscodeApiShim });
  page.on("pageerror", (error) => problems.push(`Page error: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" || /Content Security Policy/i.test(text)) problems.push(`Console ${message.type()}: ${text}`);
  });

  const waitForPosted = async (type: string, count = 1): Promise<void> => {
    const deadline = Date.now() + 20_000;
    const seen = () => posted.filter((message) => (message as { type?: string }).type === type).length;
    while (seen() < count) {
      if (Date.now() > deadline) throw new Error(`The webview did not post ${type} (${count}×) within 20 s; posted: ${JSON.stringify(posted)}`);
      await new Promise((tick) => setTimeout(tick, 25));
    }
  };

  return {
    page,
    posted,
    failed,
    problems,
    savedState: () => savedState,
    connect: (next) => {
      host = next;
    },
    post: (message) => connection.notify(message),
    open: async (theme = "dark") => {
      await page.goto(server.pageUrl(theme), { waitUntil: "load", timeout: 20_000 });
    },
    waitForPosted,
  };
}
