// `npm run bench webview`: the debugger view's webview bundle in headless Chromium (the same page,
// CSP and theme the webview tests use) on large data, against issue 5's targets:
//   first render of a thread with 10k checkpoints and a 1 MB state ≤ 300 ms,
//   selecting a checkpoint → its state shown ≤ 50 ms,
//   a store of 100k items (10k namespaces × 10) with its first page shown ≤ 200 ms.
// The host is answered inside the page (snapshots prepared beforehand, handed over with
// window.postMessage as JSON-RPC notifications, structured-cloned as VS Code's postMessage does), so the
// figures are the webview's own work. The peer, measured in the same page, is the naive
// webview: every row in the DOM and the state as one pretty-printed JSON <pre>.
// Build first (`npm run build`). Prints a markdown table; exits 1 when a target is missed.

import type { Page } from "playwright-core";
import type { CheckpointDetail, CheckpointSummary, NamespaceSummary, StoreItemView } from "../src/protocol/engine";
import type { HostMessage } from "../src/protocol/webview";
import { ensureBuilt, launchChromium, startWebviewServer } from "../test/webview/webviewHarness";

const CHECKPOINTS = 10_000;
const NAMESPACES = 10_000;
const ITEMS_PER_NAMESPACE = 10;
const RUNS = 5;

type Row = { measure: string; ours: string; peer: string; ratio: string; target: string; verdict: string };
const rows: Row[] = [];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A thread of 10k checkpoints in one lineage, with a branch every 1000 steps. */
function timeline(): CheckpointSummary[] {
  const checkpoints: CheckpointSummary[] = [];
  const id = (step: number) => `cp-${String(step).padStart(6, "0")}`;
  for (let step = 0; step < CHECKPOINTS; step++) {
    const branch = step > 0 && step % 1000 === 0;
    checkpoints.push({
      checkpointId: branch ? `${id(step)}-fork` : id(step),
      ...(step > 0 ? { parentCheckpointId: id(step - 1) } : {}),
      step: step - 1,
      source: step === 0 ? "input" : branch ? "fork" : "loop",
      writers: step === 0 ? [] : ["call_model"],
      next: ["tools"],
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
    });
    if (branch) checkpoints.push({ ...checkpoints.at(-1)!, checkpointId: id(step), source: "loop" });
  }
  return checkpoints.reverse();
}

/** About 1 MB of channel values: a long conversation and a nested scratchpad. */
function values(messages: number): Record<string, unknown> {
  return {
    messages: Array.from({ length: messages }, (_, index) => ({
      type: index % 2 === 0 ? "human" : "ai",
      id: `message-${index}`,
      content: `Message ${index}: ${"lorem ipsum dolor sit amet ".repeat(16)}`,
      ...(index % 2 === 1 ? { tool_calls: [{ id: `call-${index}`, name: "search", args: { query: `q${index}` } }] } : {}),
    })),
    scratchpad: Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`note${index}`, { text: "x".repeat(200), index }])),
    revision: messages,
  };
}

function checkpointDetail(summary: CheckpointSummary, messages: number): CheckpointDetail {
  return { ...summary, threadId: "bench", values: values(messages), metadata: { source: summary.source, step: summary.step }, pendingWrites: [] };
}

function storeData(): { namespaces: NamespaceSummary[]; page: StoreItemView[] } {
  const namespaces = Array.from({ length: NAMESPACES }, (_, index) => ({
    namespace: ["memories", `user-${String(index).padStart(5, "0")}`],
    count: ITEMS_PER_NAMESPACE,
  }));
  const page = Array.from({ length: ITEMS_PER_NAMESPACE }, (_, index) => ({
    namespace: namespaces[0]!.namespace,
    key: `memory-${index}`,
    value: { data: `fact ${index}: ${"the user likes ".repeat(8)}`, kind: "fact" },
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    writtenBy: { threadId: "bench", step: index, node: "call_model" },
  }));
  return { namespaces, page };
}

/**
 * Stand-in for acquireVsCodeApi whose host lives in the page and speaks the view's JSON-RPC
 * (src/protocol/webviewRpc.ts): snapshots go out as notifications (`__notify`), and each request
 * is answered from `__benchAnswers` (prepared snapshots) before its reply, as the real host
 * does, so no test-process round trip is measured.
 */
const inPageHost = `(() => {
  globalThis.__benchAnswers = {};
  globalThis.__notify = (message) => window.postMessage({ jsonrpc: "2.0", method: message.type, params: message }, "*");
  globalThis.acquireVsCodeApi = () => ({
    postMessage: (message) => {
      if (message.id === undefined || !message.method) return;
      const params = message.params;
      const answer = message.method === "timeline/selectCheckpoint" ? globalThis.__benchAnswers[params.checkpointId]
        : message.method === "store/listItems" ? globalThis.__benchAnswers["store/items"] : undefined;
      if (answer) globalThis.__notify(answer);
      window.postMessage({ jsonrpc: "2.0", id: message.id, result: null }, "*");
    },
    getState: () => globalThis.__benchState,
    setState: (state) => { globalThis.__benchState = state; },
  });
  document.addEventListener("securitypolicyviolation", (event) => { throw new Error("CSP violation: " + event.violatedDirective); });
})();`;

interface PageWindow {
  __benchData: Record<string, HostMessage[] | HostMessage>;
  __benchAnswers: Record<string, HostMessage | undefined>;
  __notify(message: HostMessage): void;
  __benchState?: unknown;
  requestAnimationFrame(callback: () => void): void;
  document: {
    querySelector(selector: string): { click(): void; textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
    createElement(tag: string): { textContent: string; append(...nodes: unknown[]): void; className: string };
    body: { append(node: unknown): void };
  };
}

/** In the page: posts prepared messages or clicks, then waits frame by frame until every selector shows. */
async function timeUntilShown(
  page: Page,
  options: { messages?: string; click?: string; shown: string[]; text?: { selector: string; includes: string } },
): Promise<number> {
  return page.evaluate(
    ({ messages, click, shown, text }) =>
      new Promise<number>((resolve, reject) => {
        const win = globalThis as unknown as PageWindow;
        const start = performance.now();
        if (messages) for (const message of win.__benchData[messages] as HostMessage[]) win.__notify(message);
        if (click) win.document.querySelector(click)!.click();
        const check = () => {
          const done =
            shown.every((selector) => win.document.querySelector(selector)) &&
            (!text || (win.document.querySelector(text.selector)?.textContent ?? "").includes(text.includes));
          if (done) resolve(performance.now() - start);
          else if (performance.now() - start > 10_000) reject(new Error(`${shown.join(", ")} did not show within 10 s`));
          else win.requestAnimationFrame(check);
        };
        win.requestAnimationFrame(check);
      }),
    options,
  );
}

/** The naive webview, in the same page: every row in the DOM, the state as one JSON <pre>. */
async function naiveRender(page: Page, kind: "thread" | "store"): Promise<number> {
  return page.evaluate(
    (kind) =>
      new Promise<number>((resolve) => {
        const win = globalThis as unknown as PageWindow;
        const start = performance.now();
        const host = win.document.createElement("div");
        host.className = "naive";
        if (kind === "thread") {
          const [, timelineMessage, checkpointMessage] = win.__benchData.thread as HostMessage[];
          const checkpoints = (timelineMessage as Extract<HostMessage, { type: "timeline/didLoad" }>).checkpoints;
          const rowsOf = checkpoints.map((checkpoint) => {
            const row = win.document.createElement("div");
            row.textContent = `step ${checkpoint.step} ${checkpoint.source} ${checkpoint.writers.join(", ")} → ${checkpoint.next.join(", ")} ${checkpoint.createdAt}`;
            return row;
          });
          const pre = win.document.createElement("pre");
          pre.textContent = JSON.stringify((checkpointMessage as Extract<HostMessage, { type: "checkpoint/didLoad" }>).checkpoint.values, null, 2);
          host.append(...rowsOf, pre);
        } else {
          const [namespaces] = win.__benchData.store as HostMessage[];
          host.append(
            ...(namespaces as Extract<HostMessage, { type: "store/namespacesDidLoad" }>).namespaces.map((namespace) => {
              const row = win.document.createElement("div");
              row.textContent = `${namespace.namespace.join("/")} ${namespace.count}`;
              return row;
            }),
          );
        }
        win.document.body.append(host);
        // Shown once the browser has laid it out and painted: the next frame.
        win.requestAnimationFrame(() => resolve(performance.now() - start));
      }),
    kind,
  );
}

async function main(): Promise<void> {
  ensureBuilt();
  const [browser, server] = await Promise.all([launchChromium(), startWebviewServer()]);
  const checkpoints = timeline();
  const newest = checkpoints[0]!;
  const older = checkpoints[CHECKPOINTS / 2]!;
  const olderParent = checkpoints.find((checkpoint) => checkpoint.checkpointId === older.parentCheckpointId)!;
  const state = checkpointDetail(newest, 1800);
  const stateBytes = JSON.stringify(state.values).length;
  const thread: HostMessage[] = [
    {
      type: "db/didLoad",
      info: { kind: "workspace", dbPath: "/bench/db.json", configFile: "/bench/langgraph.json", readOnly: false, semanticSearch: false },
      threads: [{ threadId: "bench", checkpointCount: CHECKPOINTS, step: newest.step, next: [] }],
    },
    { type: "timeline/didLoad", threadId: "bench", checkpoints, total: checkpoints.length },
    { type: "checkpoint/didLoad", checkpoint: state, parentValues: checkpointDetail(newest, 1799).values },
  ];
  const selectAnswer: HostMessage = {
    type: "checkpoint/didLoad",
    checkpoint: checkpointDetail(older, 1800),
    parentValues: checkpointDetail(olderParent, 1799).values,
  };
  const { namespaces, page: firstPage } = storeData();
  const store: HostMessage[] = [{ type: "store/namespacesDidLoad", namespaces }];
  const itemsAnswer: HostMessage = {
    type: "store/itemsDidLoad",
    query: { namespace: namespaces[0]!.namespace, limit: 50, offset: 0 },
    items: firstPage,
    total: ITEMS_PER_NAMESPACE,
  };

  const firstRender: number[] = [];
  const select: number[] = [];
  const storePage: number[] = [];
  const naiveThread: number[] = [];
  const naiveStore: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const tab of ["state", "store"] as const) {
        const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.addInitScript({ content: inPageHost });
        // The tab the user left open: restored from the saved UI state, as after a reload.
        await page.addInitScript({ content: `globalThis.__benchState = ${JSON.stringify({ tab })};` });
        await page.goto(server.pageUrl("dark"), { waitUntil: "load" });
        await page.evaluate(
          (data) => {
            const win = globalThis as unknown as PageWindow;
            win.__benchData = data.prepared;
            win.__benchAnswers = data.answers;
          },
          { prepared: { thread, store }, answers: { [older.checkpointId]: selectAnswer, "store/items": itemsAnswer } },
        );
        if (tab === "state") {
          const stateRow = ".state-row[data-path='[\"messages\"]']";
          firstRender.push(await timeUntilShown(page, { messages: "thread", shown: [".timeline-row", stateRow] }));
          // Scroll the older checkpoint into view, as a user would before clicking it.
          await page.locator(".tab[data-tab=timeline]").click();
          await page.evaluate((id) => {
            const list = (
              globalThis as unknown as {
                document: { querySelector(s: string): { reveal(i: number, c: boolean): void; rows: Array<{ checkpoint: { checkpointId: string } }> } };
              }
            ).document.querySelector("lg-timeline lg-virtual-list");
            list.reveal(
              list.rows.findIndex((row) => row.checkpoint.checkpointId === id),
              true,
            );
          }, older.checkpointId);
          const row = `.timeline-row[data-checkpoint-id="${older.checkpointId}"]`;
          await page.locator(row).waitFor();
          select.push(await timeUntilShown(page, { click: row, shown: [stateRow], text: { selector: ".state-title", includes: `step ${older.step} ·` } }));
          naiveThread.push(await naiveRender(page, "thread"));
        } else {
          storePage.push(await timeUntilShown(page, { messages: "store", shown: [".namespace-row", ".item-row"] }));
          naiveStore.push(await naiveRender(page, "store"));
        }
        if (errors.length > 0) throw new Error(`The page failed: ${errors.join("; ")}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const add = (measure: string, ours: number[], peer: number[] | undefined, target: number) => {
    const value = median(ours);
    const peerValue = peer ? median(peer) : undefined;
    rows.push({
      measure,
      ours: `${value.toFixed(1)} ms`,
      peer: peerValue !== undefined ? `${peerValue.toFixed(1)} ms` : "—",
      ratio: peerValue !== undefined ? `${(value / peerValue).toFixed(2)}×` : "—",
      target: `≤ ${target} ms`,
      verdict: value <= target ? "met" : "MISSED",
    });
  };
  add(`first render: ${CHECKPOINTS} checkpoints + ${(stateBytes / 1e6).toFixed(2)} MB state`, firstRender, naiveThread, 300);
  add("select a checkpoint → its state shown", select, undefined, 50);
  add(`store: ${NAMESPACES * ITEMS_PER_NAMESPACE} items in ${NAMESPACES} namespaces, first page shown`, storePage, naiveStore, 200);

  console.log(`Median of ${RUNS} runs in headless Chromium; peer = the naive webview (all rows in the DOM, state as one JSON <pre>).\n`);
  console.log("| measure | ours | peer | ours/peer | target | verdict |\n|---|---|---|---|---|---|");
  for (const row of rows) console.log(`| ${row.measure} | ${row.ours} | ${row.peer} | ${row.ratio} | ${row.target} | ${row.verdict} |`);
  process.exitCode = rows.every((row) => row.verdict === "met") ? 0 : 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
