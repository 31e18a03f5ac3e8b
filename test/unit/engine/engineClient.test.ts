// The real engine process (dist/engine.js) over JSON-RPC, as the extension uses it.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EngineClient } from "../../../src/engineClient/engineClient";

const root = join(__dirname, "..", "..", "..");
const configFile = join(__dirname, "fixtures", "graphs", "langgraph.json");
let engine: EngineClient | undefined;

function startEngine(onLog?: (stream: string, line: string) => void): EngineClient {
  engine = EngineClient.start({ cwd: join(__dirname, "fixtures", "graphs"), enginePath: join(root, "dist", "engine.js") });
  if (onLog) engine.onLog(onLog);
  return engine;
}

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

describe("EngineClient", () => {
  it("lists graphs and describes one from the engine process", async () => {
    const client = startEngine();
    const { graphs } = await client.request("graphs/list", { configFile });
    expect(graphs.map((graph) => graph.graphId)).toContain("compiled");
    const shape = await client.request("graphs/shape", { configFile, graphId: "compiled" });
    expect(shape.nodes.map((node) => node.id)).toContain("inner:double");
  });

  it("turns engine errors into errors with code, file and hint", async () => {
    const client = startEngine();
    const error = await client.request("graphs/shape", { configFile, graphId: "throws" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "EngineRequestError",
      code: "moduleFailed",
      file: join(__dirname, "fixtures", "graphs", "src", "throws.ts"),
      hint: expect.stringContaining("Fix the error"),
    });
    // The engine survives a failing user module and keeps answering.
    await expect(client.request("graphs/list", { configFile })).resolves.toBeTruthy();
  });

  it("fails pending requests clearly when the engine dies, and reports it stopped", async () => {
    const client = startEngine();
    await client.request("graphs/list", { configFile });
    const pending = client.request("graphs/shape", { configFile, graphId: "compiled" });
    process.kill((client as unknown as { child: { pid: number } }).child.pid, "SIGKILL");
    await expect(pending).rejects.toMatchObject({ code: "engineExited", message: expect.stringContaining("stopped") });
    await expect.poll(() => client.isRunning).toBe(false);
    await expect(client.request("graphs/list", { configFile })).rejects.toMatchObject({ code: "engineExited" });
  });

  it("says why the engine stopped, e.g. an extension installed without its engine", async () => {
    engine = EngineClient.start({ cwd: root, enginePath: join(root, "dist", "no-such-engine.js") });
    await expect(engine.request("graphs/list", { configFile })).rejects.toMatchObject({
      code: "engineExited",
      message: expect.stringMatching(/stopped before answering \(exit code 1: Error: Cannot find module .*no-such-engine\.js/),
    });
  });

  it("forwards what user code prints", async () => {
    const lines: string[] = [];
    const client = startEngine((stream, line) => lines.push(`${stream}: ${line}`));
    // This config names a .env file that does not exist: the engine says so, as information (stdout, not red stderr).
    const envConfig = join(__dirname, "fixtures", "env-file", "langgraph.json");
    await client.request("graphs/shape", { configFile: envConfig, graphId: "g" });
    await expect.poll(() => lines.join("\n")).toMatch(/stdout: langgraph\.json names env file .*\.env\.missing, which does not exist; continuing without it/);
  });

  it("tells every subscriber about output and exit, until it unsubscribes", async () => {
    const client = startEngine();
    const kept: string[] = [];
    const dropped: string[] = [];
    const exits: string[] = [];
    client.onLog((_stream, line) => kept.push(line));
    const unsubscribe = client.onLog((_stream, line) => dropped.push(line));
    client.onExit((code) => exits.push(`first ${code}`));
    client.onExit((code) => exits.push(`second ${code}`));
    unsubscribe();
    await client.request("graphs/shape", { configFile: join(__dirname, "fixtures", "env-file", "langgraph.json"), graphId: "g" });
    await expect.poll(() => kept.join("\n")).toContain(".env.missing");
    expect(dropped).toEqual([]);
    await client.dispose();
    expect(exits).toEqual(["first 0", "second 0"]);
    // Subscribing after the exit still hears about it.
    const late = await new Promise((resolve) => client.onExit((code) => resolve(code)));
    expect(late).toBe(0);
  });

  it("knows the Node.js it runs on, under any name of that file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "engine-node-"));
    try {
      const alias = join(dir, "node-alias");
      symlinkSync(process.execPath, alias);
      engine = EngineClient.start({ cwd: join(__dirname, "fixtures", "graphs"), enginePath: join(root, "dist", "engine.js"), nodePath: alias });
      await expect(engine.request("graphs/list", { configFile })).resolves.toBeTruthy();
      expect(engine.runsNode(process.execPath)).toBe(true);
      expect(engine.runsNode(undefined)).toBe(true);
      expect(engine.runsNode(join(dir, "..", dir.split(/[\\/]/).pop()!, "node-alias"))).toBe(true);
      expect(engine.runsNode(join(dir, "another-node"))).toBe(false);
    } finally {
      await engine?.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
