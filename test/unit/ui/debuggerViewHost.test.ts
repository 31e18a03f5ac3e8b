// The debugger view's host logic against the real engine; only the webview is absent, and the
// database link holds back one answer to put answers out of order, as a slow semantic search can.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { ItemsQuery } from "../../../src/protocol/engine";
import type { HostMessage } from "../../../src/protocol/webview";
import type { DatabaseLink } from "../../../src/ui/debuggerView/hostLinks";
import { DebuggerViewHost } from "../../../src/ui/debuggerView/debuggerViewHost";
import { databaseLink, disposeEngines, engineFor, postedOfType } from "../../webview/debuggerLinks";

const root = join(__dirname, "..", "..", "..");
const workspace = join(root, "examples", "memory-agent");
const configFile = join(workspace, "langgraph.json");
afterAll(disposeEngines);

it("shows the store listing answered last-asked, even when an older answer arrives after it", async () => {
  const real = databaseLink(configFile, join(mkdtempSync(join(tmpdir(), "lg-view-host-")), "db.json"));
  // The next db/items answer is held until released.
  let hold: { release?: () => void } | undefined;
  const db: DatabaseLink = {
    ...real,
    request: async (method, params) => {
      const answer = await real.request(method, params);
      if (method === "db/items" && hold) {
        const held = hold;
        hold = undefined;
        await new Promise<void>((resolve) => (held.release = resolve));
      }
      return answer;
    },
  };
  const posted: HostMessage[] = [];
  const host = new DebuggerViewHost({ engine: engineFor(workspace), configFile, graphId: "agent", post: (message) => posted.push(message), db });
  await host.handle({ type: "webview/ready" });
  await real.request("db/putItem", { namespace: ["memories", "1"], key: "old", value: { data: "deleted soon" } });

  const query: ItemsQuery = { namespace: ["memories", "1"], limit: 50, offset: 0 };
  const held: { release?: () => void } = {};
  hold = held;
  const older = host.handle({ type: "store/listItems", query });
  await expect.poll(() => held.release !== undefined).toBe(true);
  // The item is deleted from the view meanwhile; its refresh comes back first.
  await host.handle({ type: "store/deleteItem", namespace: ["memories", "1"], key: "old" });
  held.release!();
  await older;

  const listings = postedOfType(posted, "store/itemsDidLoad");
  expect(listings.length).toBeGreaterThan(0);
  expect(listings.at(-1)!.items.map((item) => item.key)).not.toContain("old");
  host.dispose();
});

it("lists only the threads of its own graph: sessions record the graph in their checkpoints", async () => {
  const playground = join(root, "examples", "debug-playground");
  const playgroundConfig = join(playground, "langgraph.json");
  const dbPath = join(mkdtempSync(join(tmpdir(), "lg-view-host-")), "db.json");
  const engine = engineFor(playground);
  // A thread of each of the folder's two graphs, run to their stop before the first node.
  for (const graphId of ["playground", "failing"]) {
    const { sessionId } = await engine.request("session/open", { configFile: playgroundConfig, graphId, dbPath, threadId: `${graphId}-thread` });
    let stopListening = () => {};
    const stopped = new Promise<void>((resolve) => {
      stopListening = engine.onNotification("session/stopped", (stop) => stop.sessionId === sessionId && resolve());
    });
    await engine.request("session/run", { sessionId, input: {}, stopOnEntry: true });
    await stopped;
    stopListening();
    await engine.request("session/close", { sessionId });
  }
  const threadsShownFor = async (graphId: string) => {
    const posted: HostMessage[] = [];
    const host = new DebuggerViewHost({
      engine,
      configFile: playgroundConfig,
      graphId,
      post: (message) => posted.push(message),
      db: databaseLink(playgroundConfig, dbPath),
    });
    await host.handle({ type: "webview/ready" });
    host.dispose();
    const loaded = postedOfType(posted, "db/didLoad").at(-1);
    return loaded?.threads.map((thread) => [thread.threadId, thread.graphId]);
  };
  expect(await threadsShownFor("playground")).toEqual([["playground-thread", "playground"]]);
  expect(await threadsShownFor("failing")).toEqual([["failing-thread", "failing"]]);
});
