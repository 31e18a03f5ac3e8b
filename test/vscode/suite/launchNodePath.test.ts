// A launch that names a Node.js (`nodePath`) shares the workspace folder's engine and database
// with the views instead of starting a second engine that finds the database locked: here the
// same Node.js under another name (a symlink), while the views hold the database open.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { ended, launch, nextPosition, unique, until } from "./agentRuns";

const contents = () => vscode.commands.executeCommand<{ threads: Array<{ label: string }> }>("langgraph.views.contents");

describe("A launch with nodePath", () => {
  it("runs on the folder's engine and database, without an error, and the views see its thread", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "langgraph-node-"));
    const nodePath = path.join(dir, "node");
    symlinkSync(process.execPath, nodePath);
    try {
      await contents(); // the views open the database: the folder's engine holds it
      const threadId = unique("node-path-thread");
      const name = unique("node-path");
      const stopped = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
      const done = ended(name);
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
        ...launch(name, threadId, "node-path-user", "Hi", true),
        nodePath,
      });
      assert.ok(started, "the launch was refused");
      const { session } = await stopped;
      await until("the Threads view to list the session's thread", async () =>
        (await contents()).threads.some((item) => item.label === threadId) ? true : undefined,
      );
      await vscode.debug.stopDebugging(session);
      await done;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
