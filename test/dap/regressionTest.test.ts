// A regression test made from a thread, as a user gets it: the memory agent runs under the
// debugger (its stand-in model's calls recorded), langgraph/createTest writes a vitest test and
// its recordings into the project, and the project's own vitest runs it: it passes as written,
// offline, and fails with the closest recording and the difference after a one-line change to
// call_model. The project is a copy of examples/memory-agent inside the repo (so it finds the
// repo's node_modules), with `langgraph-debugger` linked into its node_modules as an install would.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DebugClient } from "@vscode/debugadapter-testsupport";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CreateTestResult } from "../../src/protocol/engine";
import type { Recording } from "../../src/testing/recording";
import { launch, memoryAgent, removeTempDirs, startAdapter, stopAfter, type Session } from "./helpers";

const root = join(__dirname, "..", "..");
const projects = join(root, "test-results", `regression-${process.pid}`);
let project = join(projects, "vitest");

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(() => {
  rmSync(projects, { recursive: true, force: true });
  removeTempDirs();
});

function makeProject(runner: "vitest" | "node:test"): void {
  project = join(projects, runner === "vitest" ? "vitest" : "node-test");
  rmSync(project, { recursive: true, force: true });
  mkdirSync(join(project, "node_modules"), { recursive: true });
  cpSync(join(memoryAgent, "src"), join(project, "src"), { recursive: true });
  cpSync(join(memoryAgent, "langgraph.json"), join(project, "langgraph.json"));
  cpSync(join(memoryAgent, "tsconfig.json"), join(project, "tsconfig.json"));
  const manifest = JSON.parse(readFileSync(join(memoryAgent, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(project, "package.json"), JSON.stringify({ ...manifest, ...(runner === "vitest" ? { devDependencies: { vitest: "4" } } : {}) }, null, 2));
  symlinkSync(root, join(project, "node_modules", "langgraph-debugger"), "dir");
  // The project's own vitest configuration (vitest would otherwise find the repo's above it).
  writeFileSync(join(project, "vitest.config.mjs"), "export default { test: {} };\n");
}

async function runThread(dc: DebugClient, threadId: string, content: string): Promise<void> {
  const entry = dc.waitForEvent("stopped");
  await launch(dc, {
    cwd: project,
    graph: "agent",
    threadId,
    stopOnEntry: true,
    context: { userId: "7" },
    input: { messages: [{ role: "user", content }] },
  });
  await entry;
  expect((await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }))).body.reason).toBe("end");
}

function vitest(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", file], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, OPENAI_API_KEY: "", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe("langgraph/createTest", () => {
  it("writes a node:test test when the project has no vitest, which Node runs (TypeScript through tsx)", { timeout: 120_000 }, async () => {
    makeProject("node:test");
    session = await startAdapter();
    const { dc } = session;
    await runThread(dc, "n", "Remember: I like jasmine tea");
    const created = (await dc.customRequest("langgraph/createTest", {})).body as CreateTestResult;
    expect(created.runner).toBe("node:test");
    expect(created.testFile).toBe(join(project, "test", "agent-n.test.ts"));
    expect(created.command).toBe("node --test test/agent-n.test.ts");
    const recording = JSON.parse(readFileSync(created.recordingFile, "utf8")) as Recording;
    expect(recording.expected.storeWrites).toEqual([{ namespace: ["memories", "7"], key: "<uuid>", value: { data: "I like jasmine tea" } }]);
    const result = spawnSync(process.execPath, ["--import", "tsx", "--test", created.testFile], {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, OPENAI_API_KEY: "" },
    });
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/# pass 1\n# fail 0/);
    expect(result.status).toBe(0);
  });

  it("writes a vitest test that passes as written and fails after a one-line change to call_model", { timeout: 180_000 }, async () => {
    makeProject("vitest");
    // Thread "a" leaves a memory in the store; thread "b" reads it: the test must start from it.
    session = await startAdapter();
    await runThread(session.dc, "a", "Remember: my name is Ada");
    await session.dc.stop();
    session = await startAdapter();
    const { dc } = session;
    await runThread(dc, "b", "What is my name?");

    const created = (await dc.customRequest("langgraph/createTest", { path: join(project, "test") })).body as CreateTestResult;
    expect(created.runner).toBe("vitest");
    expect(created.testFile).toBe(join(project, "test", "agent-b.test.ts"));
    expect(created.recordingFile).toBe(join(project, "test", "agent-b.recording.json"));
    expect(created.path).toEqual(["call_model"]);
    expect(created.calls).toBe(1);
    expect(created.command).toBe("npx vitest run test/agent-b.test.ts");
    const recording = JSON.parse(readFileSync(created.recordingFile, "utf8")) as Recording;
    expect(recording.runs).toEqual([{ input: { messages: [{ role: "user", content: "What is my name?" }] }, context: { userId: "7" } }]);
    expect(recording.store.before).toEqual([{ namespace: ["memories", "7"], key: expect.any(String), value: { data: "my name is Ada" } }]);
    expect(recording.calls.map((call) => `${call.name} call ${call.index} of ${call.node}`)).toEqual(["OfflineChatModel call 1 of call_model"]);
    expect(JSON.stringify(recording.expected.state)).toContain("Your name is Ada.");
    const source = readFileSync(created.testFile, "utf8");
    expect(source).toContain('import { loadRecording, replayRecording } from "langgraph-debugger/testing";');
    expect(source).toContain('import { graph } from "../src/agent.js";');
    expect(source).toContain('import { embeddings } from "../src/embeddings.js";');

    // Refused a second time: the test is there already.
    await expect(dc.customRequest("langgraph/createTest", { path: join(project, "test") })).rejects.toThrow(/already exists/);

    const passing = vitest("test/agent-b.test.ts");
    expect(passing.output).toMatch(/1 passed/);
    expect(passing.status).toBe(0);

    // One line of call_model changes what the model is asked: the recording no longer answers it.
    const callModel = join(project, "src", "call-model.ts");
    const code = readFileSync(callModel, "utf8");
    const changed = code.replace("new SystemMessage(systemPrompt(memories))", 'new SystemMessage(systemPrompt(memories) + " Be brief.")');
    expect(changed).not.toBe(code);
    writeFileSync(callModel, changed);
    const failing = vitest("test/agent-b.test.ts");
    expect(failing.status).not.toBe(0);
    expect(failing.output).toContain("no recording of OfflineChatModel call 1 of call_model matches its request");
    expect(failing.output).toMatch(/messages\[0\]\.content: ".*" → ".* Be brief\."/);
    expect(existsSync(created.testFile)).toBe(true);
  });
});
