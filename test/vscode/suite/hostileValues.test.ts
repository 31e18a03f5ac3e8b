// User data that looks like Markdown or HTML stays text in the views' tooltips, and a link to a
// langgraph.json outside the open workspace folders opens nothing.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import * as vscode from "vscode";
import { runAgent, unique } from "./agentRuns";

interface RenderedItem {
  label: string;
  tooltip?: { text: string; trusted: boolean; html: boolean };
  children?: RenderedItem[];
}

const contents = () => vscode.commands.executeCommand<{ threads: RenderedItem[]; store: RenderedItem[] }>("langgraph.views.contents");
// VS Code renders hovers with markdown-it, HTML off.
const markdown = new MarkdownIt({ html: false, linkify: true });
const link = "[x](command:workbench.action.closeWindow)";

function assertShownAsText(item: RenderedItem): void {
  assert.ok(item.tooltip, `${item.label} has no tooltip`);
  assert.equal(item.tooltip.trusted, false, `${item.label}'s tooltip may run commands`);
  assert.equal(item.tooltip.html, false, `${item.label}'s tooltip renders HTML`);
  const html = markdown.render(item.tooltip.text);
  assert.doesNotMatch(html, /<a |<img/, `${item.label}'s tooltip renders a link or an image:\n${html}`);
}

describe("Hostile values in the views", () => {
  const threadId = unique(`t\` ${link} <img src=x> \``);
  const userId = unique("hostile-user");

  before(async () => {
    await runAgent(threadId, userId, `Hi! Remember: \`${link}\` and <img src=x onerror=alert(1)>`);
  });

  after(async () => {
    const namespace = vscode.Uri.parse(`langgraph-store:/memories/${userId}`);
    for (const [name] of await vscode.workspace.fs.readDirectory(namespace)) await vscode.workspace.fs.delete(vscode.Uri.joinPath(namespace, name));
  });

  it("shows a thread id and its checkpoints' tooltips as text", async () => {
    const { threads } = await contents();
    const thread = threads.find((item) => item.label === threadId);
    assert.ok(thread, `no thread ${threadId} among ${threads.map((item) => item.label).join(", ")}`);
    assertShownAsText(thread);
    assert.ok(thread.children?.length, "the thread shows no checkpoints");
    for (const checkpoint of thread.children) assertShownAsText(checkpoint);
  });

  it("shows a memory's value and its writer's thread id as text", async () => {
    const { store } = await contents();
    const namespace = store.find((item) => item.label === `memories › ${userId}`);
    assert.ok(namespace?.children?.length, `no memory under memories › ${userId}`);
    for (const item of namespace.children) {
      assertShownAsText(item);
      assert.ok(item.tooltip?.text.includes(link), "the tooltip lost the value's text");
    }
  });

  it("refuses a link to another project's langgraph.json", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "other-project-"));
    fs.writeFileSync(path.join(elsewhere, "langgraph.json"), JSON.stringify({ graphs: {}, store: { index: { embed: "./embed.js:embed" } } }));
    const config = encodeURIComponent(path.join(elsewhere, "langgraph.json"));
    try {
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(`langgraph-store:/memories/1/k.json?config=${config}`))),
        /is not a langgraph\.json of the open workspace folders/,
      );
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-checkpoint:/?config=${config}`))),
        /is not a langgraph\.json of the open workspace folders/,
      );
      assert.equal(fs.existsSync(path.join(elsewhere, ".langgraph")), false, "the other project's database was opened");
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
