// Workspace trust, enforced by the engine itself (dist/engine.js started with --untrusted, as the
// extension starts it in Restricted Mode): requests that would import user code are refused with
// a clear error, and no module of the workspace runs. The fixture's modules append their name to
// a marker file when imported; the trusted engine proves the marker does get written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EngineClient } from "../../../src/engineClient/engineClient";

const root = join(__dirname, "..", "..", "..");
const fixture = join(__dirname, "fixtures", "untrusted");
const configFile = join(fixture, "langgraph.json");
let engine: EngineClient | undefined;
let scratch: string;
let marker: string;

function startEngine(untrusted: boolean): EngineClient {
  // The engine inherits this process's environment: the fixture reads the marker's path from it.
  process.env.LANGGRAPH_TEST_IMPORT_MARKER = marker;
  engine = EngineClient.start({ cwd: fixture, enginePath: join(root, "dist", "engine.js"), untrusted });
  return engine;
}

function importedModules(): string[] {
  return existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean) : [];
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "langgraph-untrusted-"));
  marker = join(scratch, "imported.txt");
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  delete process.env.LANGGRAPH_TEST_IMPORT_MARKER;
  rmSync(scratch, { recursive: true, force: true });
});

describe("an engine started for an untrusted workspace", () => {
  it("refuses graphs/shape with an error that says how to trust the workspace, and imports nothing", async () => {
    const client = startEngine(true);
    // Reading langgraph.json is not running user code: the graph list still works.
    const { graphs } = await client.request("graphs/list", { configFile });
    expect(graphs.map((graph) => graph.graphId)).toEqual(["agent"]);

    const error = await client.request("graphs/shape", { configFile, graphId: "agent" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "EngineRequestError",
      code: "untrusted",
      message: expect.stringContaining("Restricted Mode"),
      hint: expect.stringContaining("Manage Workspace Trust"),
    });
    expect(importedModules()).toEqual([]);
  });

  it("refuses session/open, and imports nothing", async () => {
    const client = startEngine(true);
    const dbPath = join(scratch, "db.json");
    const error = await client.request("session/open", { configFile, graphId: "agent", threadId: "1", dbPath }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "untrusted", message: expect.stringContaining("Restricted Mode") });
    expect(importedModules()).toEqual([]);
  });

  it("opens the database read-only without the store's embeddings, even when asked for a trusted open", async () => {
    const client = startEngine(true);
    const info = await client.request("db/open", { configFile, dbPath: join(scratch, "db.json"), trusted: true });
    expect(info).toMatchObject({ readOnly: true, semanticSearch: false });
    const { threads } = await client.request("db/threads", { dbPath: info.dbPath });
    expect(threads).toEqual([]);
    expect(importedModules()).toEqual([]);
  });
});

describe("the same workspace, trusted", () => {
  it("imports the graph module (the marker works) and describes the graph", async () => {
    const client = startEngine(false);
    const shape = await client.request("graphs/shape", { configFile, graphId: "agent" });
    expect(shape.nodes.map((node) => node.id)).toContain("reply");
    expect(importedModules()).toContain("agent");
  });
});
