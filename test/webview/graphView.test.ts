// The graph webview in real headless Chromium, driven by the real GraphViewHost and the real
// engine process loading the example workspaces: asserts what a user sees and can do.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../src/engineClient/engineClient";
import type { EngineMethod, EngineParams, EngineResult, SourceLocation } from "../../src/protocol/engine";
import { GraphViewHost } from "../../src/ui/debuggerView/graphViewHost";
import type { GraphViewEngine } from "../../src/ui/debuggerView/graphViewHost";
import { ensureBuilt, launchChromium, lineIn, openWebviewPage, repoRoot, startWebviewServer } from "./webviewHarness";
import type { PageElement, PageGlobals, Theme, WebviewPage, WebviewServer } from "./webviewHarness";

const memoryAgentConfig = join(repoRoot, "examples/memory-agent/langgraph.json");
const playgroundConfig = join(repoRoot, "examples/debug-playground/langgraph.json");
const brokenConfig = join(repoRoot, "test/webview/fixtures/broken-config/langgraph.json");
const screenshotDir = process.env.WEBVIEW_SCREENSHOT_DIR ?? tmpdir();

let browser: Browser;
let server: WebviewServer;
const engines = new Map<string, EngineClient>();
const engineLog: string[] = [];
let current: WebviewPage | undefined;

/** One engine per workspace folder, as the extension runs them. */
function engineFor(folder: string): EngineClient {
  let engine = engines.get(folder);
  if (!engine?.isRunning) {
    engine = EngineClient.start({ cwd: folder, enginePath: join(repoRoot, "dist/engine.js") });
    engine.onLog((stream, line) => engineLog.push(`${stream}: ${line}`));
    engines.set(folder, engine);
  }
  return engine;
}

interface ShownGraph {
  view: WebviewPage;
  host: GraphViewHost;
  /** Where the host asked the editor to open the user's source. */
  opened: SourceLocation[];
}

async function showGraph(configFile: string, graphId: string, options: { theme?: Theme; engine?: GraphViewEngine; folder?: string } = {}): Promise<ShownGraph> {
  const view = await openWebviewPage(browser, server);
  current = view;
  const opened: SourceLocation[] = [];
  const host = new GraphViewHost({
    engine: options.engine ?? engineFor(options.folder ?? join(configFile, "..")),
    configFile,
    graphId,
    post: (message) => void view.post(message),
    editor: { openSource: async (location) => void opened.push(location) },
  });
  view.connect(host);
  await view.open(options.theme);
  return { view, host, opened };
}

interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface SeenGraph {
  nodes: { id: string; kind: string; label: string; subgraph?: string; box: ScreenBox }[];
  edges: { source: string; target: string; conditional: boolean; dashed: boolean; arrow: boolean }[];
  subgraphs: { id: string; label: string; box: ScreenBox }[];
}

/** What is on screen, read from the DOM contract other tests rely on. */
async function seenGraph(view: WebviewPage): Promise<SeenGraph> {
  await view.page.locator("svg.graph g.graph-node").first().waitFor({ timeout: 20_000 });
  return view.page.evaluate(() => {
    const win = globalThis as unknown as PageGlobals;
    const doc = win.document;
    const rectOf = (element: PageElement) => {
      const rect = element.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    };
    return {
      nodes: Array.from(doc.querySelectorAll("svg.graph g.graph-node")).map((node) => ({
        id: node.getAttribute("data-node-id") ?? "",
        kind: node.getAttribute("data-kind") ?? "",
        label: node.querySelector("text.graph-node-label")?.textContent ?? "",
        subgraph: node.getAttribute("data-subgraph") ?? undefined,
        box: rectOf(node),
      })),
      edges: Array.from(doc.querySelectorAll("svg.graph path.graph-edge")).map((edge) => ({
        source: edge.getAttribute("data-source") ?? "",
        target: edge.getAttribute("data-target") ?? "",
        conditional: edge.getAttribute("data-conditional") === "true",
        dashed: win.getComputedStyle(edge).strokeDasharray !== "none",
        arrow: /url\(#.+\)/.test(edge.getAttribute("marker-end") ?? ""),
      })),
      subgraphs: Array.from(doc.querySelectorAll("svg.graph g.graph-subgraph")).map((subgraph) => ({
        id: subgraph.getAttribute("data-subgraph") ?? "",
        label: subgraph.querySelector(".graph-subgraph-label")?.textContent ?? "",
        box: rectOf(subgraph.querySelector(".graph-subgraph-box")!),
      })),
    };
  });
}

function edgeList(graph: SeenGraph): string[] {
  return graph.edges.map((edge) => `${edge.source} ${edge.conditional ? "-?->" : "--->"} ${edge.target}`).sort();
}

beforeAll(async () => {
  ensureBuilt();
  [browser, server] = await Promise.all([launchChromium(), startWebviewServer()]);
});

afterEach(async () => {
  const view = current;
  current = undefined;
  await view?.page.context().close();
  // A CSP violation, page error or console error anywhere in a test fails that test.
  expect(view?.problems ?? []).toEqual([]);
});

afterAll(async () => {
  await Promise.all([...engines.values()].map((engine) => engine.dispose()));
  await browser?.close();
  await server?.close();
});

describe("graph webview against the real engine", () => {
  it("shows the memory agent: START → call_model → END", async () => {
    const { view } = await showGraph(memoryAgentConfig, "agent");
    const graph = await seenGraph(view);

    expect(graph.nodes.map(({ id, kind, label }) => ({ id, kind, label }))).toEqual(
      expect.arrayContaining([
        { id: "__start__", kind: "start", label: "__start__" },
        { id: "call_model", kind: "node", label: "call_model" },
        { id: "__end__", kind: "end", label: "__end__" },
      ]),
    );
    expect(graph.nodes).toHaveLength(3);
    expect(edgeList(graph)).toEqual(["__start__ ---> call_model", "call_model ---> __end__"]);
    expect(graph.edges.every((edge) => !edge.dashed && edge.arrow)).toBe(true);
    expect(await view.page.locator(".toolbar-title").textContent()).toBe("agent");
    await view.page.screenshot({ path: join(screenshotDir, "graph-memory-agent-dark.png") });
  });

  it("shows the playground's loop as a dashed conditional edge and the polish subgraph with its nodes", async () => {
    const { view } = await showGraph(playgroundConfig, "playground");
    const graph = await seenGraph(view);

    const labels = graph.nodes.map((node) => node.label);
    for (const name of ["__start__", "write_draft", "review", "tidy", "format", "ask_human", "publish", "__end__"]) {
      expect(labels).toContain(name);
    }
    // The loop back to write_draft and the way on to the subgraph are both conditional.
    const fromReview = graph.edges.filter((edge) => edge.source === "review");
    expect(fromReview.map((edge) => edge.target).sort()).toEqual(["polish:tidy", "write_draft"]);
    expect(fromReview.every((edge) => edge.conditional && edge.dashed && edge.arrow)).toBe(true);
    const plain = graph.edges.filter((edge) => !edge.conditional);
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((edge) => !edge.dashed && edge.arrow)).toBe(true);
    expect(edgeList(graph)).toContain("write_draft ---> review");

    const polish = graph.subgraphs.find((subgraph) => subgraph.id === "polish");
    expect(polish?.label).toBe("polish");
    const inner = graph.nodes.filter((node) => node.subgraph === "polish");
    expect(inner.map((node) => node.id).sort()).toEqual(["polish:format", "polish:tidy"]);
    expect(inner.map((node) => node.label).sort()).toEqual(["format", "tidy"]);
    // Inside the cluster's box on screen, and no outer node is.
    const inside = (node: SeenGraph["nodes"][number]) => {
      const box = node.box;
      const cluster = polish!.box;
      return box.x >= cluster.x && box.y >= cluster.y && box.x + box.width <= cluster.x + cluster.width && box.y + box.height <= cluster.y + cluster.height;
    };
    expect(inner.every(inside)).toBe(true);
    expect(graph.nodes.filter((node) => node.subgraph !== "polish").some(inside)).toBe(false);

    await view.page.screenshot({ path: join(screenshotDir, "graph-playground-dark.png") });
  });

  it("collapses the polish subgraph into one box with its edges and state, and the choice survives a reload", async () => {
    const { view } = await showGraph(playgroundConfig, "playground");
    await seenGraph(view);
    const page = view.page;
    const toggle = page.locator('g.graph-subgraph-toggle[data-subgraph="polish"]');
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await toggle.getAttribute("aria-label")).toBe("Collapse subgraph polish");
    expect(await toggle.getAttribute("role")).toBe("button");
    // The chevron is a codicon glyph, drawn in the codicon font.
    expect(
      await toggle
        .locator(".graph-subgraph-chevron")
        .evaluate((text) => (globalThis as unknown as { getComputedStyle(element: PageElement): { fontFamily: string } }).getComputedStyle(text).fontFamily),
    ).toMatch(/codicon/);

    await toggle.click();
    const box = page.locator('g.graph-subgraph.collapsed[data-subgraph="polish"]');
    await box.waitFor({ timeout: 10_000 });
    const collapsed = await seenGraph(view);
    // Inner nodes gone; the box is named after the subgraph and says it holds 2 nodes.
    expect(collapsed.nodes.filter((node) => node.id.startsWith("polish:"))).toEqual([]);
    expect(collapsed.nodes.map((node) => node.id).sort()).toEqual(["__end__", "__start__", "ask_human", "publish", "review", "write_draft"]);
    expect(collapsed.subgraphs.map(({ id, label }) => ({ id, label }))).toEqual([{ id: "polish", label: "polish" }]);
    expect(await box.locator(".graph-subgraph-count-text").textContent()).toBe("2");
    expect(await box.getAttribute("aria-label")).toBe("Subgraph polish, collapsed, 2 nodes");
    // Edges to and from the inner nodes now attach to the box, once each.
    expect(edgeList(collapsed).filter((edge) => edge.includes("polish"))).toEqual(["polish ---> ask_human", "review -?-> polish"]);
    expect(collapsed.edges.find((edge) => edge.target === "polish")?.dashed).toBe(true);
    const ends = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: PageElement }).document;
      const rect = doc.querySelector('g.graph-subgraph.collapsed[data-subgraph="polish"] .graph-subgraph-box')!;
      const number = (name: string) => Number(rect.getAttribute(name));
      const points = (selector: string) => (doc.querySelector(selector)?.getAttribute("d") ?? "").match(/-?[\d.]+/g)!.map(Number);
      const into = points('path.graph-edge[data-target="polish"]');
      const out = points('path.graph-edge[data-source="polish"]');
      return {
        box: { x: number("x"), y: number("y"), width: number("width"), height: number("height") },
        into: { x: into.at(-2)!, y: into.at(-1)! },
        out: { x: out[0]!, y: out[1]! },
      };
    });
    const onBox = (point: { x: number; y: number }) =>
      point.x >= ends.box.x - 1 && point.x <= ends.box.x + ends.box.width + 1 && point.y >= ends.box.y - 1 && point.y <= ends.box.y + ends.box.height + 1;
    expect(onBox(ends.into), JSON.stringify(ends)).toBe(true);
    expect(onBox(ends.out), JSON.stringify(ends)).toBe(true);
    const collapsedToggle = page.locator('g.graph-subgraph-toggle[data-subgraph="polish"]');
    expect(await collapsedToggle.getAttribute("aria-expanded")).toBe("false");
    expect(await collapsedToggle.getAttribute("aria-label")).toBe("Expand subgraph polish");
    await expect.poll(() => view.savedState()).toMatchObject({ subgraphs: { graphId: "playground", collapsed: { polish: true } } });

    // The session's state on an inner node shows on the box (the debugger view sets highlights).
    await page.evaluate(() => {
      const app = (globalThis as unknown as { document: { querySelector(s: string): { highlights: unknown } } }).document.querySelector("lg-graph-app");
      app.highlights = { ran: ["review"], next: ["polish:tidy"], breakpoints: ["polish:format"], errored: [] };
    });
    await expect.poll(() => box.getAttribute("class")).toMatch(/\bnext\b/);
    expect(await box.getAttribute("class")).toMatch(/\bhas-breakpoint\b/);
    expect(await box.getAttribute("class")).not.toMatch(/\b(ran|errored)\b/);
    expect(await page.locator('g.graph-node[data-node-id="review"]').getAttribute("class")).toMatch(/\bran\b/);
    expect(await box.getAttribute("aria-label")).toBe("Subgraph polish, collapsed, 2 nodes; inside: runs next, has a breakpoint");
    await page.screenshot({ path: join(screenshotDir, "graph-playground-collapsed-dark.png") });

    // A reload keeps it collapsed; the keyboard expands it again, and focus stays on its button.
    await page.reload({ waitUntil: "load" });
    await view.waitForPosted("webview/ready", 2);
    await page.locator('g.graph-subgraph.collapsed[data-subgraph="polish"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('g.graph-node[data-subgraph="polish"]').count()).toBe(0);
    await page.locator('g.graph-subgraph-toggle[data-subgraph="polish"]').focus();
    await page.keyboard.press("Enter");
    await page.locator('g.graph-node[data-node-id="polish:tidy"]').waitFor({ timeout: 10_000 });
    const expanded = await seenGraph(view);
    expect(
      expanded.nodes
        .filter((node) => node.subgraph === "polish")
        .map((node) => node.id)
        .sort(),
    ).toEqual(["polish:format", "polish:tidy"]);
    expect(await page.locator("g.graph-subgraph.collapsed").count()).toBe(0);
    expect(await page.locator('g.graph-subgraph-toggle[data-subgraph="polish"]').getAttribute("aria-expanded")).toBe("true");
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute("data-subgraph"))).toBe("polish");
    await expect.poll(() => view.savedState()).toMatchObject({ subgraphs: { graphId: "playground", collapsed: { polish: false } } });
  });

  it("shows a progress ring while the engine loads the graph", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const realEngine = engineFor(join(memoryAgentConfig, ".."));
    // The real engine answers, but only once the test has seen the loading state.
    const gated: GraphViewEngine = {
      request: async <M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> => {
        await released;
        return realEngine.request(method, params);
      },
    };
    const { view } = await showGraph(memoryAgentConfig, "agent", { engine: gated });

    await view.page.locator("vscode-progress-ring").waitFor({ state: "visible", timeout: 10_000 });
    expect(await view.page.locator(".loading").textContent()).toContain("Loading graph agent");
    expect(await view.page.locator("svg.graph").count()).toBe(0);

    release();
    await view.page.locator('g.graph-node[data-node-id="call_model"]').waitFor({ timeout: 20_000 });
    expect(await view.page.locator("vscode-progress-ring").count()).toBe(0);
  });

  it("explains a broken langgraph.json with its file and a hint", async () => {
    const { view } = await showGraph(brokenConfig, "agent");
    const alert = view.page.locator('[role="alert"].error');
    await alert.waitFor({ timeout: 20_000 });

    const shown = await alert.innerText();
    expect(shown).toContain("not a valid LangGraph configuration");
    expect(await alert.locator(".error-file").innerText()).toContain(brokenConfig);
    expect(await alert.locator(".error-hint").innerText()).toContain('"graphs" object');
    expect(await alert.locator("vscode-button.retry").isVisible()).toBe(true);
    expect(await view.page.locator("svg.graph").count()).toBe(0);
    await view.page.screenshot({ path: join(screenshotDir, "graph-error-dark.png") });
  });

  it("Retry loads the graph again once the user has fixed langgraph.json", async () => {
    const folder = await mkdtemp(join(tmpdir(), "lg-webview-retry-"));
    try {
      const configFile = join(folder, "langgraph.json");
      await writeFile(configFile, '{ "graphs": { "agent": ');
      const { view } = await showGraph(configFile, "agent", { folder });
      const alert = view.page.locator('[role="alert"].error');
      await alert.waitFor({ timeout: 20_000 });
      expect(await alert.locator(".error-file").innerText()).toContain(configFile);

      const agentModule = join(repoRoot, "examples/memory-agent/src/agent.ts");
      await writeFile(configFile, JSON.stringify({ graphs: { agent: `${agentModule}:graph` } }));
      await alert.locator("vscode-button.retry").click();

      await view.page.locator('g.graph-node[data-node-id="call_model"]').waitFor({ timeout: 20_000 });
      expect(await alert.count()).toBe(0);
      expect(view.posted.filter((message) => (message as { type: string }).type === "graph/refresh")).toHaveLength(1);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("clicking a node opens its addNode line, selects it, and the selection survives a reload", async () => {
    const { view, opened } = await showGraph(memoryAgentConfig, "agent");
    const node = view.page.locator('g.graph-node[data-node-id="call_model"]');
    await node.waitFor({ timeout: 20_000 });
    expect(await node.getAttribute("class")).not.toMatch(/\bselected\b/);

    await node.click();
    await view.waitForPosted("graph/openNode");
    expect(view.posted).toContainEqual({ type: "graph/openNode", nodeId: "call_model", target: "addNode" });
    const agentFile = join(memoryAgentConfig, "..", "src", "agent.ts");
    await expect.poll(() => opened).toEqual([{ file: agentFile, line: lineIn(agentFile, '.addNode("call_model"') }]);
    await expect.poll(() => node.getAttribute("class")).toMatch(/\bselected\b/);
    await expect.poll(() => view.savedState()).toMatchObject({ graphId: "agent", selectedNodeId: "call_model" });

    await view.page.reload({ waitUntil: "load" });
    await view.waitForPosted("webview/ready", 2);
    const restored = view.page.locator('g.graph-node[data-node-id="call_model"]');
    await restored.waitFor({ timeout: 20_000 });
    expect(await restored.getAttribute("class")).toMatch(/\bselected\b/);
    expect(await view.page.locator("g.graph-node.selected").count()).toBe(1);
    // Only UI state is saved, never the graph itself.
    expect(Object.keys(view.savedState() as object).sort()).toEqual(["configFile", "graphId", "selectedNodeId"]);
  });

  it("nodes are reachable with Tab and Enter opens the focused one", async () => {
    const { view, opened } = await showGraph(memoryAgentConfig, "agent");
    await view.page.locator('g.graph-node[data-node-id="call_model"]').waitFor({ timeout: 20_000 });

    let focused = "";
    for (let presses = 0; presses < 30 && focused !== "call_model"; presses++) {
      await view.page.keyboard.press("Tab");
      focused = await view.page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute("data-node-id") ?? "");
    }
    expect(focused).toBe("call_model");
    await view.page.keyboard.press("Enter");
    const agentFile = join(memoryAgentConfig, "..", "src", "agent.ts");
    await expect.poll(() => opened).toEqual([{ file: agentFile, line: lineIn(agentFile, '.addNode("call_model"') }]);
    await expect.poll(() => view.page.locator('g.graph-node[data-node-id="call_model"]').getAttribute("class")).toMatch(/\bselected\b/);
  });

  it("takes its colours from the VS Code theme", async () => {
    const fills: Record<string, string> = {};
    for (const theme of ["light", "high-contrast"] as const) {
      const { view } = await showGraph(playgroundConfig, "playground", { theme });
      await seenGraph(view);
      fills[theme] = await view.page
        .locator('g.graph-node[data-node-id="review"] .graph-node-shape')
        .evaluate((shape) => (globalThis as unknown as PageGlobals).getComputedStyle(shape).stroke);
      await view.page.screenshot({ path: join(screenshotDir, `graph-playground-${theme}.png`) });
      await view.page.context().close();
      expect(view.problems).toEqual([]);
      current = undefined;
    }
    // --vscode-editorWidget-border in Light Modern; --vscode-contrastBorder in high contrast.
    expect(fills.light).toBe("rgb(200, 200, 200)");
    expect(fills["high-contrast"]).toBe("rgb(111, 195, 223)");
  });
});

describe("test harness", () => {
  it("fails a test on a CSP violation (an inline style attribute)", async () => {
    const { view } = await showGraph(memoryAgentConfig, "agent");
    await view.page.locator("svg.graph").waitFor({ timeout: 20_000 });
    await view.page.evaluate(() => {
      (globalThis as unknown as PageGlobals).document.body.insertAdjacentHTML("beforeend", '<div style="color: red">inline</div>');
    });
    await expect.poll(() => view.problems.some((problem) => /CSP violation: style-src/.test(problem))).toBe(true);
    view.problems.length = 0;
  });
});
