// Call Stack links point at the user's own code only: a graph that comes from a package (a
// prebuilt agent under node_modules) has frames without a source, shown as labels, rather
// than links into library files.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { frames, launch, removeTempDirs, sessionPool, startAdapter, stopAfter, tempDb } from "./helpers";

const root = join(__dirname, "..", "..");
const pool = sessionPool();
const workspaces: string[] = [];
afterEach(() => pool.release());
afterAll(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

/** A workspace whose langgraph.json names a graph shipped in a package under its node_modules. */
function workspaceWithPackagedGraph(): string {
  const dir = mkdtempSync(join(tmpdir(), "langgraph-packaged-"));
  workspaces.push(dir);
  const pkg = join(dir, "node_modules", "packaged-graph");
  mkdirSync(pkg, { recursive: true });
  // The package's own dependency resolves to this repository's copy.
  symlinkSync(join(root, "node_modules", "@langchain"), join(dir, "node_modules", "@langchain"), "dir");
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "packaged-graph", type: "module" }));
  writeFileSync(
    join(pkg, "graph.mjs"),
    `import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
const State = Annotation.Root({ count: Annotation() });
function work(state) {
  return { count: (state.count ?? 0) + 1 };
}
export const graph = new StateGraph(State).addNode("work", work).addEdge(START, "work").addEdge("work", END).compile();
`,
  );
  writeFileSync(join(dir, "langgraph.json"), JSON.stringify({ graphs: { packaged: "./node_modules/packaged-graph/graph.mjs:graph" } }));
  return dir;
}

describe("Call Stack sources", () => {
  it("links no frame into a package's files: those frames are labels without a source", async () => {
    const session = pool.track(await startAdapter());
    const entry = session.dc.waitForEvent("stopped");
    await launch(session.dc, { cwd: workspaceWithPackagedGraph(), graph: "packaged", db: tempDb(), input: { count: 0 }, stopOnEntry: true });
    await entry;
    await stopAfter(session.dc, () => session.dc.nextRequest({ threadId: 1 }));
    const stack = await frames(session.dc);
    // step 0 is about to run `work`, whose function lives in the package: a label, no link.
    expect(stack.map((frame) => frame.name)).toContain("step 0 · __start__");
    for (const frame of stack) {
      expect(frame.source?.path ?? "", frame.name).not.toMatch(/node_modules|[\\/]dist[\\/]/);
      if (!frame.source) expect(frame.presentationHint, frame.name).toBe("label");
    }
    expect(stack.find((frame) => frame.name === "step 0 · __start__")?.source).toBeUndefined();
  });
});
