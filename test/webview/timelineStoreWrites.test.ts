// The Timeline's store badge in real headless Chromium, from the real DebuggerViewHost and engine
// on a workspace database the memory agent ran on: the checkpoint whose step saved a memory
// shows how many store items it wrote, and lists them in its tooltip; the others show nothing.

import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DebuggerViewHost } from "../../src/ui/debuggerView/debuggerViewHost";
import { debuggerSuite } from "./debuggerSuite";
import { databaseLink, engineFor, recordingEditor, startDebugSession } from "./debuggerLinks";
import { openWebviewPage, repoRoot } from "./webviewHarness";

const memoryAgent = join(repoRoot, "examples/memory-agent");
const screenshotDir = process.env.WEBVIEW_SCREENSHOT_DIR ?? tmpdir();

const suite = debuggerSuite("lg-timeline-store-");

describe("debugger view: store writes on the Timeline", () => {
  it("badges the checkpoint whose step wrote a memory with the count, listing the writes in its tooltip", async () => {
    const db = join(suite.folder, "db.json");
    const session = await startDebugSession();
    try {
      const ended = session.nextPosition("ended");
      await session.launch({
        cwd: memoryAgent,
        graph: "agent",
        db,
        threadId: "1",
        context: { userId: "1" },
        input: { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
      });
      await ended;
    } finally {
      await session.close();
    }

    const view = await openWebviewPage(suite.browser, suite.server);
    const host = new DebuggerViewHost({
      engine: engineFor(memoryAgent),
      configFile: join(memoryAgent, "langgraph.json"),
      graphId: "agent",
      post: (message) => void view.post(message),
      log: () => undefined,
      db: databaseLink(join(memoryAgent, "langgraph.json"), db),
      editor: recordingEditor(),
    });
    view.connect(host);
    try {
      await view.open();
      await view.page.locator('.timeline-row[data-step="1"]').waitFor({ timeout: 20_000 });
      const badges = view.page.locator(".timeline-row .timeline-store");
      expect(await badges.count()).toBe(1);
      const badge = view.page.locator('.timeline-row[data-step="1"] .timeline-store');
      expect((await badge.textContent())?.trim()).toBe("1");
      expect(await badge.getAttribute("title")).toMatch(/^Store writes of this step:\nadded memories\/1\/[0-9a-f-]{36}$/);
      await view.page.screenshot({ path: join(screenshotDir, "debugger-timeline-store-writes.png") });
      expect(view.problems).toEqual([]);
    } finally {
      host.dispose();
      await view.page.context().close();
    }
  });
});
