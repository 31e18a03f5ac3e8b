// LangGraph: Restart Engine stops the folder's engine (it keeps the modules and the environment
// it loaded); the views then read the database through a fresh one.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { until } from "./agentRuns";

const contents = () => vscode.commands.executeCommand<{ threads: Array<{ label: string }> }>("langgraph.views.contents");
const restart = () => vscode.commands.executeCommand<{ stopped: number[] } | undefined>("langgraph.restartEngine");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("Restart Engine", () => {
  it("stops the running engine, and the next use starts a fresh one", async () => {
    await contents(); // the Threads view reads the database: the folder's engine runs
    const first = await restart();
    assert.ok(first && first.stopped.length > 0, `nothing was restarted: ${JSON.stringify(first)}`);
    for (const pid of first.stopped) assert.equal(alive(pid), false, `engine ${pid} still runs`);

    // Through a fresh engine: the checkpoints' file system lists the threads again.
    await until("the database to be read again", async () =>
      Array.isArray(await vscode.workspace.fs.readDirectory(vscode.Uri.parse("langgraph-checkpoint:/"))),
    );
    const second = await restart();
    assert.ok(second && second.stopped.length > 0 && second.stopped.every((pid) => !first.stopped.includes(pid)), JSON.stringify({ first, second }));
  });
});
