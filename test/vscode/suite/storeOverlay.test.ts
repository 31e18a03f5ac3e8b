// The palette commands of a re-run with the store as it was, in the real VS Code, on the active
// LangGraph session: "Re-run with Store as It Was" makes a re-run from a past checkpoint write
// to an overlay, "Apply Store Overlay" writes it to the store, "Discard Store Overlay" drops it.
import * as assert from "node:assert/strict";
import type { DebugProtocol } from "@vscode/debugprotocol";
import * as vscode from "vscode";
import { launch, nextPosition, unique, until } from "./agentRuns";

interface OverlayWrite {
  namespace: string[];
  key: string;
  value?: Record<string, unknown>;
}

describe("store overlay commands", () => {
  const threadId = unique("overlay");
  const userId = unique("overlay-user");
  let session: vscode.DebugSession | undefined;

  after(async () => {
    await vscode.debug.stopDebugging();
  });

  /** Sends a request that makes the run go and waits for the stop it leads to. */
  async function stopAfter(command: string, args: Record<string, unknown>): Promise<void> {
    const stopped = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    await session!.customRequest(command, args);
    await stopped;
  }

  /** Restart Frame on the input's first checkpoint, then Continue to the end: a re-run from the past. */
  async function rerunFromStart(): Promise<void> {
    const trace = (await session!.customRequest("stackTrace", { threadId: 1 })) as DebugProtocol.StackTraceResponse["body"];
    const start = trace.stackFrames.find((frame) => frame.name === "step 0 · __start__");
    assert.ok(start, `no frame "step 0 · __start__" in ${trace.stackFrames.map((frame) => frame.name).join(", ")}`);
    await stopAfter("restartFrame", { frameId: start.id });
    await stopAfter("continue", { threadId: 1 });
  }

  const pending = async () => ((await session!.customRequest("langgraph/overlay", {})) as { writes: OverlayWrite[] }).writes;
  const versions = async (key: string) =>
    ((await session!.customRequest("langgraph/storeHistory", { namespace: ["memories", userId], key })) as { versions: unknown[] }).versions;

  it("re-runs against an overlay, applies it once, and discards the next one", async () => {
    const entry = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    const name = unique("overlay");
    assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], launch(name, threadId, userId, "Hi! Remember: my name is Bob", true)));
    session = (await entry).session;
    await until("the LangGraph session to be the active one", () => vscode.debug.activeDebugSession?.id === session!.id || undefined);
    await stopAfter("continue", { threadId: 1 });

    await vscode.commands.executeCommand("langgraph.rerunStoreAsItWas");
    await rerunFromStart();
    const [written] = await pending();
    assert.ok(written, "the re-run wrote nothing to the overlay");
    assert.deepEqual(written.value, { data: "my name is Bob" });
    assert.deepEqual(await versions(written.key), [], "the overlay's write reached the store before it was applied");

    await vscode.commands.executeCommand("langgraph.applyStoreOverlay");
    assert.deepEqual(await pending(), []);
    assert.equal((await versions(written.key)).length, 1);

    await rerunFromStart();
    const [again] = await pending();
    assert.ok(again, "the second re-run wrote nothing to the overlay");
    await vscode.commands.executeCommand("langgraph.discardStoreOverlay");
    assert.deepEqual(await pending(), []);
    assert.deepEqual(await versions(again.key), []);
  });
});
