// The text of a regression test made from a thread, for each runner: what it imports (the graph
// and the store's embeddings as the project names them, ES module style) and how it compares.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { GraphConfig } from "../../../src/engine/graphConfig";
import { defaultTestFileName, detectRunner, regressionTestSource } from "../../../src/engine/db/regressionTestSource";
import { removeTempDirs, tempDir } from "../persistence/helpers";

afterAll(removeTempDirs);

const root = "/project";
const config: GraphConfig = {
  configFile: `${root}/langgraph.json`,
  root,
  graphs: [{ graphId: "agent", spec: "./src/agent.ts:graph", file: `${root}/src/agent.ts`, exportName: "graph" }],
  storeIndex: { embed: "./src/embeddings.ts:hashing", dims: 256, fields: ["data"] },
};
const input = {
  testFile: `${root}/test/agent-1.test.ts`,
  recordingFile: `${root}/test/agent-1.recording.json`,
  graphId: "agent",
  threadId: "1",
  graphModule: `${root}/src/agent.ts`,
  graphExport: "graph",
  config,
};

describe("regressionTestSource", () => {
  it("writes a vitest test importing the graph and the embeddings as ES modules name them", () => {
    const source = regressionTestSource({ ...input, runner: "vitest" });
    expect(source).toContain('import { expect, test } from "vitest";');
    expect(source).toContain('import { graph } from "../src/agent.js";');
    expect(source).toContain('import { hashing as embeddings } from "../src/embeddings.js";');
    expect(source).toContain('const recording = loadRecording(new URL("./agent-1.recording.json", import.meta.url));');
    expect(source).toContain('new InMemoryStore({ index: { dims: 256, embed: embeddings, fields: ["data"] } })');
    expect(source).toContain("  expect(run.storeWrites).toEqual(recording.expected.storeWrites);");
  });

  it("writes a node:test test with assert, saying how Node runs a TypeScript graph", () => {
    const source = regressionTestSource({ ...input, runner: "node:test", config: { ...config, storeIndex: undefined } });
    expect(source).toContain('import assert from "node:assert/strict";\nimport { test } from "node:test";');
    expect(source).toContain("  assert.deepEqual(run.path, recording.expected.path);");
    expect(source).toContain("node --import tsx --test agent-1.test.ts");
    expect(source).toContain("new InMemoryStore()");
  });

  it("names the file after the graph and thread, .mjs for a JavaScript graph under node:test", () => {
    expect(defaultTestFileName("agent", "thread/1 ☃", "/p/src/agent.ts", "vitest")).toBe("agent-thread-1.test.ts");
    expect(defaultTestFileName("agent", "1", "/p/src/agent.js", "node:test")).toBe("agent-1.test.mjs");
  });

  it("detects vitest from the nearest package.json", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "package.json"), JSON.stringify({ devDependencies: { vitest: "^4" } }));
    mkdirSync(join(dir, "nested"));
    expect(detectRunner(join(dir, "nested"))).toBe("vitest");
    writeFileSync(join(dir, "nested", "package.json"), JSON.stringify({ dependencies: {} }));
    expect(detectRunner(join(dir, "nested"))).toBe("node:test");
  });
});
