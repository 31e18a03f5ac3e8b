// What a reader of the README's "The workspace database" section does: `npm pack` the clone and
// install the tarball into an app that has LangGraph, then import `langgraph-debugger/persistence`
// from ESM, CommonJS and TypeScript. The tarball is packed from a staging copy (package.json,
// .npmignore, the bundles the test build wrote, declarations from tsconfig.types.json), so the
// repo's dist/ is never rebuilt under the other tests' feet. The install reads npm's cache first
// (--prefer-offline) and goes to the registry only for what is not cached.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
const work = mkdtempSync(join(tmpdir(), "lg-pack-"));
const app = join(work, "app");
let packed: string[] = [];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  const staging = join(work, "package");
  mkdirSync(join(staging, "dist"), { recursive: true });
  for (const file of ["package.json", ".npmignore", "README.md", "LICENSE"]) copyFileSync(join(root, file), join(staging, file));
  for (const file of ["persistence.mjs", "persistence.cjs", "compaction-worker.js", "testing.mjs"])
    copyFileSync(join(root, "dist", file), join(staging, "dist", file));
  run(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.types.json", "--outDir", join(staging, "dist", "types")],
    root,
  );

  const report = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], staging)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  packed = report[0]!.files.map((file) => file.path).sort();
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "reader-app", private: true }));
  const langchain = ["@langchain/langgraph-checkpoint", "@langchain/core"].map((name) => `${name}@${manifest.devDependencies[name]}`);
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, report[0]!.filename), ...langchain], app);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

// Saves a checkpoint and a store item, reopens the database, and prints what it reads back.
const script = (load: (specifier: string) => string) => `
  const { openWorkspaceDb } = ${load("langgraph-debugger/persistence")};
  const { emptyCheckpoint } = ${load("@langchain/langgraph-checkpoint")};
  const path = "db/db.json";
  const config = { configurable: { thread_id: "t1", checkpoint_ns: "" } };
  let db = await openWorkspaceDb({ path });
  const checkpoint = { ...emptyCheckpoint(), channel_values: { topic: "tea" }, channel_versions: { topic: 1 } };
  await db.checkpointer.put(config, checkpoint, { source: "input", step: -1, parents: {} }, { topic: 1 });
  await db.store.put(["memories", "u1"], "likes", { data: "green tea" });
  await db.close();
  db = await openWorkspaceDb({ path });
  const tuple = await db.checkpointer.getTuple(config);
  const item = await db.store.get(["memories", "u1"], "likes");
  await db.close();
  console.log(tuple.checkpoint.channel_values.topic, item.value.data);`;

describe("the packed langgraph-debugger, installed into an app", () => {
  it("holds the persistence bundles, their worker and declarations, and nothing of the extension", () => {
    expect(packed.filter((file) => !file.startsWith("dist/types/"))).toEqual([
      "LICENSE",
      "README.md",
      "dist/compaction-worker.js",
      "dist/persistence.cjs",
      "dist/persistence.mjs",
      "dist/testing.mjs",
      "package.json",
    ]);
    expect(packed).toContain("dist/types/persistence/index.d.ts");
    expect(packed).toContain("dist/types/testing/index.d.ts");
  });

  it("gives regression tests langgraph-debugger/testing as an ES module", () => {
    writeFileSync(
      join(app, "testing.mjs"),
      `const testing = await import("langgraph-debugger/testing");\nconsole.log(typeof testing.loadRecording, typeof testing.replayRecording, testing.RECORDING_FORMAT);`,
    );
    expect(run(process.execPath, ["testing.mjs"], app).trim()).toBe("function function langgraph-debugger-recording");
  });

  it("saves and reads a checkpoint and a store item from ESM", () => {
    writeFileSync(
      join(app, "esm.mjs"),
      script((specifier) => `await import("${specifier}")`),
    );
    rmSync(join(app, "db"), { recursive: true, force: true });
    expect(run(process.execPath, ["esm.mjs"], app).trim()).toBe("tea green tea");
  });

  it("saves and reads a checkpoint and a store item from CommonJS", () => {
    writeFileSync(join(app, "cjs.cjs"), `(async () => { ${script((specifier) => `require("${specifier}")`)} })();`);
    rmSync(join(app, "db"), { recursive: true, force: true });
    expect(run(process.execPath, ["cjs.cjs"], app).trim()).toBe("tea green tea");
  });

  // tsc takes a while on a busy machine: a limit for a hung compiler, not a timing assertion.
  it("type-checks an ESM TypeScript app against the shipped declarations", { timeout: 120_000 }, () => {
    const compilerOptions = { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.mts"] }));
    writeFileSync(
      join(app, "app.mts"),
      `import { openWorkspaceDb, type WorkspaceDb } from "langgraph-debugger/persistence";\n` +
        `const db: WorkspaceDb = await openWorkspaceDb({ path: "db/db.json" });\n` +
        `await db.store.put(["memories", "u1"], "likes", { data: "tea" });\nawait db.close();\n`,
    );
    const tsc = (config: string) =>
      spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", config], { cwd: app, encoding: "utf8" });
    expect(tsc("tsconfig.json")).toMatchObject({ status: 0, stdout: "" });
    // A wrong call fails: the declarations are read, not typed as any.
    writeFileSync(join(app, "tsconfig.wrong.json"), JSON.stringify({ compilerOptions, files: ["wrong.mts"] }));
    writeFileSync(join(app, "wrong.mts"), `import { openWorkspaceDb } from "langgraph-debugger/persistence";\nawait openWorkspaceDb({ path: 42 });\n`);
    expect(tsc("tsconfig.wrong.json")).toMatchObject({ status: 2, stdout: expect.stringMatching(/^wrong\.mts\(2,\d+\): error TS2322/) });
  });
});
