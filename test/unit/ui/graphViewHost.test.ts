// The graph view's host logic against the real engine process; only the webview is absent.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EngineClient } from "../../../src/engineClient/engineClient";
import type { SourceLocation } from "../../../src/protocol/engine";
import type { HostMessage } from "../../../src/protocol/webview";
import { GraphViewHost } from "../../../src/ui/debuggerView/graphViewHost";

const root = join(__dirname, "..", "..", "..");
const configFile = join(root, "test", "unit", "engine", "fixtures", "graphs", "langgraph.json");
const engine = EngineClient.start({ cwd: root, enginePath: join(root, "dist", "engine.js") });
afterAll(() => engine.dispose());

function hostFor(graphId: string) {
  const posted: HostMessage[] = [];
  const opened: SourceLocation[] = [];
  const host = new GraphViewHost({
    engine,
    configFile,
    graphId,
    post: (message) => posted.push(message),
    editor: { openSource: async (location) => void opened.push(location) },
  });
  return { host, posted, opened };
}

describe("GraphViewHost", () => {
  it("answers webview/ready with loading, then the whole graph", async () => {
    const { host, posted } = hostFor("compiled");
    await host.handle({ type: "webview/ready" });
    expect(posted.map((message) => message.type)).toEqual(["graph/loading", "graph/didLoad"]);
    const loaded = posted[1];
    expect(loaded?.type === "graph/didLoad" && loaded.graph.nodes.map((node) => node.id)).toContain("count_up");
  });

  it("re-sends the last snapshot to a webview that starts again, without reloading", async () => {
    const { host, posted } = hostFor("compiled");
    await host.load();
    posted.length = 0;
    await host.handle({ type: "webview/ready" });
    expect(posted.map((message) => message.type)).toEqual(["graph/didLoad"]);
  });

  it("sends an error the user can act on, and recovers on refresh", async () => {
    const { host, posted } = hostFor("missingExport");
    const result = await host.load();
    expect(result).toMatchObject({ ok: false, error: { code: "exportNotFound", file: expect.stringContaining("compiled.ts") } });
    expect(posted.at(-1)).toMatchObject({ type: "graph/didFail", error: { hint: expect.stringContaining("Export the graph") } });
  });

  it("opens a node's addNode line or its function, only for a loaded graph", async () => {
    const { host, opened } = hostFor("compiled");
    await host.handle({ type: "graph/openNode", nodeId: "count_up", target: "addNode" });
    expect(opened).toEqual([]);
    await host.load();
    await host.handle({ type: "graph/openNode", nodeId: "count_up", target: "addNode" });
    await host.handle({ type: "graph/openNode", nodeId: "inner:double", target: "function" });
    await host.handle({ type: "graph/openNode", nodeId: "__start__", target: "addNode" });
    const compiledFile = join(root, "test", "unit", "engine", "fixtures", "graphs", "src", "compiled.ts");
    expect(opened).toEqual([
      { file: compiledFile, line: 17 },
      { file: compiledFile, line: 9 },
    ]);
  });
});
