// The standalone adapter (node dist/debugAdapter.js, DAP over stdio) is a process a DAP client
// starts for one session: `disconnect` ends it, engine included, so no process is left behind.

import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryAgent, processAlive, removeTempDirs, tempDb } from "./helpers";

afterAll(removeTempDirs);

/** A DAP client of our own over the adapter's stdio: sends requests, collects events and responses. */
function adapterProcess(): {
  child: ChildProcess;
  request(command: string, args?: unknown): Promise<Record<string, unknown>>;
  events: Array<Record<string, unknown>>;
} {
  const child = spawn(process.execPath, [join(__dirname, "..", "..", "dist", "debugAdapter.js")], { stdio: ["pipe", "pipe", "inherit"] });
  const events: Array<Record<string, unknown>> = [];
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  let buffer = Buffer.alloc(0);
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf("\r\n\r\n");
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())?.[1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()) as Record<string, unknown>;
      buffer = buffer.subarray(header + 4 + length);
      if (message.type === "response") waiting.get(message.request_seq as number)?.(message);
      else events.push(message);
    }
  });
  let seq = 0;
  return {
    child,
    events,
    request: (command, args) =>
      new Promise((resolve) => {
        const body = JSON.stringify({ seq: ++seq, type: "request", command, arguments: args });
        waiting.set(seq, resolve);
        child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      }),
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("standalone adapter", () => {
  it("exits on disconnect, and its engine with it", { timeout: 60_000 }, async () => {
    const adapter = adapterProcess();
    await adapter.request("initialize", { adapterID: "langgraph" });
    const launched = adapter.request("launch", {
      cwd: memoryAgent,
      graph: "agent",
      db: tempDb(),
      threadId: "t",
      context: { userId: "1" },
      input: { messages: [] },
      stopOnEntry: true,
    });
    await adapter.request("configurationDone");
    expect((await launched).success).toBe(true);
    const output = adapter.events
      .filter((event) => event.event === "output")
      .map((event) => (event.body as { output: string }).output)
      .join("");
    const enginePid = Number(/engine pid (\d+)/.exec(output)?.[1]);
    expect(enginePid).toBeGreaterThan(0);

    expect((await adapter.request("disconnect", { terminateDebuggee: true })).success).toBe(true);
    expect(await exited(adapter.child)).toBe(0);
    expect(processAlive(enginePid)).toBe(false);
  });
});
