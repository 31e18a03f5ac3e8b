// The text of a regression test made from a thread: for vitest when the project has it, else
// for node:test. It imports the graph and (when langgraph.json gives the store an index from a
// module) the embeddings, the way the project's own code does, so it runs under the project's
// test runner with nothing generated at run time.

import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import type { GraphConfig } from "../graphConfig";
import { parseGraphSpec } from "../graphConfig";

export type TestRunner = "vitest" | "node:test";

export interface TestSourceInput {
  runner: TestRunner;
  testFile: string;
  recordingFile: string;
  graphId: string;
  threadId: string;
  /** The graph's module and export (langgraph.json). */
  graphModule: string;
  graphExport: string;
  config: GraphConfig;
}

/** vitest when the nearest package.json above `dir` lists it, else node:test. */
export function detectRunner(dir: string): TestRunner {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, "package.json");
    if (existsSync(manifest)) {
      try {
        const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8")) as Record<string, Record<string, string>>;
        if ("vitest" in dependencies || "vitest" in devDependencies) return "vitest";
      } catch {
        // An unreadable package.json says nothing about the runner.
      }
      return "node:test";
    }
    if (dirname(at) === at) return "node:test";
  }
}

/** The test file's name for a thread: `<graph>-<thread>.test.ts` (`.test.mjs` for JavaScript graphs under node:test). */
export function defaultTestFileName(graphId: string, threadId: string, graphModule: string, runner: TestRunner): string {
  const safe = (text: string) =>
    text
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "thread";
  const typescript = /\.[cm]?tsx?$/.test(graphModule);
  return `${safe(graphId)}-${safe(threadId)}.test.${typescript || runner === "vitest" ? "ts" : "mjs"}`;
}

/** `./x.js` for a TypeScript module as ES module imports name it; `../src/agent.js` from the test's folder. */
function importPath(fromFile: string, module: string): string {
  let path = relative(dirname(fromFile), module).split(sep).join("/");
  if (!path.startsWith(".")) path = `./${path}`;
  return path.replace(/\.([cm]?)tsx?$/, (_match, kind: string) => `.${kind}js`);
}

export function regressionTestSource(input: TestSourceInput): string {
  const { runner, testFile, recordingFile, graphId, threadId, config } = input;
  const imports: string[] = [];
  imports.push(runner === "vitest" ? 'import { expect, test } from "vitest";' : 'import assert from "node:assert/strict";\nimport { test } from "node:test";');
  imports.push('import { InMemoryStore, MemorySaver } from "@langchain/langgraph";');
  imports.push('import { loadRecording, replayRecording } from "langgraph-debugger/testing";');
  imports.push(
    `import { ${input.graphExport === "default" ? "default as graph" : input.graphExport === "graph" ? "graph" : `${input.graphExport} as graph`} } from "${importPath(testFile, input.graphModule)}";`,
  );
  let storeArgs = "";
  const index = config.storeIndex;
  if (index) {
    const { modulePath, exportName } = parseGraphSpec(index.embed);
    if (/\.[cm]?[jt]sx?$/.test(modulePath)) {
      const embedModule = join(config.root, modulePath);
      imports.push(`import { ${exportName === "embeddings" ? "embeddings" : `${exportName} as embeddings`} } from "${importPath(testFile, embedModule)}";`);
      storeArgs = `{ index: { dims: ${index.dims}, embed: embeddings${index.fields ? `, fields: ${JSON.stringify(index.fields)}` : ""} } }`;
    }
  }
  const check = (what: string) =>
    runner === "vitest" ? `  expect(run.${what}).toEqual(recording.expected.${what});` : `  assert.deepEqual(run.${what}, recording.expected.${what});`;
  const header = [
    `// Regression test made from thread ${JSON.stringify(threadId)} of graph ${JSON.stringify(graphId)} by the LangGraph Time-Travel Debugger.`,
    `// It runs the graph on the thread's inputs with every model, tool and HTTP call answered from`,
    `// ${basename(recordingFile)} (replay "strict": offline, no API key), then compares the nodes that`,
    `// ran, the final state and the store writes with the recorded run. A call the recording lacks`,
    `// (a changed prompt) fails its node, naming the closest recording. When a change is intended,`,
    `// create the test again from a new thread (LangGraph: Create Regression Test from Thread).`,
    ...(runner === "node:test" && /\.[cm]?tsx?$/.test(input.graphModule)
      ? [`// Node runs TypeScript through a loader: node --import tsx --test ${basename(testFile)}`]
      : []),
  ];
  return `${header.join("\n")}
${imports.join("\n")}

const recording = loadRecording(new URL("./${relative(dirname(testFile), recordingFile).split(sep).join("/")}", import.meta.url));

test(${JSON.stringify(`graph "${graphId}" runs thread "${threadId}" as recorded`)}, async () => {
  const run = await replayRecording(graph, recording, { checkpointer: new MemorySaver(), store: new InMemoryStore(${storeArgs}) });
${check("path")}
${check("state")}
${check("storeWrites")}
});
`;
}
