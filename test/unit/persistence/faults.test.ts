// Crashes, broken files and a second process: what a user must never lose or be surprised by.
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { isWorkspaceDbError, openWorkspaceDb } from "../../../src/persistence/index";
import type { WorkspaceDbEvent } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

afterAll(removeTempDirs);

const root = path.resolve(__dirname, "../../..");
const fixture = (name: string) => path.join(__dirname, "fixtures", name);

function runNode(script: string, args: string[]) {
  return spawn(process.execPath, ["--import", "jiti/register", script, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
}

async function openOnce(dbPath: string, mode?: string): Promise<Record<string, unknown>> {
  const child = runNode(fixture("open-once.ts"), [dbPath, mode ?? "write"]);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  await new Promise((resolve) => child.on("exit", resolve));
  return JSON.parse(output);
}

describe("kill -9 at random points", () => {
  it("keeps every acknowledged write and always reopens", async () => {
    const dbPath = tempDbPath();
    const rounds = 6;
    let totalAcks = 0;
    for (let round = 0; round < rounds; round++) {
      const child = runNode(fixture("writer.ts"), [dbPath, `p${round}`]);
      const acks: string[] = [];
      let ready!: () => void;
      const isReady = new Promise<void>((resolve) => (ready = resolve));
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (line === "ready") ready();
        else if (line.startsWith("ack ")) acks.push(line.slice(4));
      });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await isReady;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 400));
      child.kill("SIGKILL");
      await exited;
      totalAcks += acks.length;

      const db = await openWorkspaceDb({ path: dbPath });
      try {
        for (const ack of acks) {
          const [kind, id] = ack.split(" ");
          if (kind === "store") {
            expect(await db.store.get(["crash", `p${round}`], id), ack).not.toBeNull();
          } else {
            const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: `thread-p${round}`, checkpoint_id: id } });
            expect(tuple, ack).toBeDefined();
            expect(tuple!.pendingWrites).toHaveLength(1);
          }
        }
      } finally {
        await db.close();
      }
    }
    expect(totalAcks).toBeGreaterThan(0);
  }, 90_000);
});

describe("a torn journal tail", () => {
  it("is cut off, the lines before it are kept, and the repair is reported", async () => {
    const dbPath = tempDbPath();
    let db = await openWorkspaceDb({ path: dbPath });
    await db.store.put(["a"], "before", { v: 1 });
    await db.close();
    const mark = JSON.parse(fs.readFileSync(dbPath, "utf8")).journal as { id: string; seq: number };
    const line = (seq: number, key: string) =>
      JSON.stringify({
        seq,
        op: "storePut",
        namespace: ["a"],
        key,
        item: { value: { v: seq }, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" },
      });
    const good = line(mark.seq + 1, "journaled");
    const torn = line(mark.seq + 2, "torn").slice(0, 40);
    fs.writeFileSync(`${dbPath}.journal`, `${JSON.stringify({ journal: mark.id, format: "langgraph-workspace-db-journal" })}\n${good}\n${torn}`);
    const events: WorkspaceDbEvent[] = [];
    db = await openWorkspaceDb({ path: dbPath, onEvent: (event) => events.push(event) });
    expect(await db.store.get(["a"], "journaled")).not.toBeNull();
    expect(await db.store.get(["a"], "torn")).toBeNull();
    expect(events).toContainEqual({ type: "repaired", file: `${dbPath}.journal`, droppedBytes: 40 });
    await db.store.put(["a"], "after", { v: 2 });
    await db.close();
    db = await openWorkspaceDb({ path: dbPath });
    expect((await db.store.search(["a"])).map((item) => item.key).sort()).toEqual(["after", "before", "journaled"]);
    await db.close();
  });

  it("reads store lines of earlier versions, which hold the namespace's labels as an array", async () => {
    const dbPath = tempDbPath();
    let db = await openWorkspaceDb({ path: dbPath });
    await db.store.put(["mem", "u1"], "gone", { v: 0 });
    await db.close();
    const mark = JSON.parse(fs.readFileSync(dbPath, "utf8")).journal as { id: string; seq: number };
    const item = { value: { v: 1 }, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    const lines = [
      { journal: mark.id, format: "langgraph-workspace-db-journal" },
      { seq: mark.seq + 1, op: "storePut", namespace: ["mem", "u1"], key: "old", item },
      { seq: mark.seq + 2, op: "storeDelete", namespace: ["mem", "u1"], key: "gone" },
      { seq: mark.seq + 3, op: "storePut", namespace: "mem.u2", key: "new", item },
    ];
    fs.writeFileSync(`${dbPath}.journal`, lines.map((line) => JSON.stringify(line) + "\n").join(""));
    db = await openWorkspaceDb({ path: dbPath });
    expect((await db.store.get(["mem", "u1"], "old"))?.value).toEqual({ v: 1 });
    expect(await db.store.get(["mem", "u1"], "gone")).toBeNull();
    expect((await db.store.get(["mem", "u2"], "new"))?.value).toEqual({ v: 1 });
    expect(await db.store.listNamespaces({ prefix: ["mem"] })).toEqual([
      ["mem", "u1"],
      ["mem", "u2"],
    ]);
    // This version writes the joined form.
    await db.store.put(["mem", "u3"], "k", { v: 3 });
    const written = fs.readFileSync(`${dbPath}.journal`, "utf8").trim().split("\n").pop()!;
    expect(JSON.parse(written)).toMatchObject({ op: "storePut", namespace: "mem.u3", key: "k", item: { value: { v: 3 } } });
    await db.close();
  });

  it("refuses a journal broken in the middle, naming the file and line", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    fs.writeFileSync(
      `${dbPath}.journal`,
      `${JSON.stringify({ journal: "x", format: "langgraph-workspace-db-journal" })}\n{oops\n{"seq":1,"op":"deleteThread","thread":"t"}\n`,
    );
    await expect(openWorkspaceDb({ path: dbPath })).rejects.toMatchObject({
      code: "DB_CORRUPT",
      message: expect.stringContaining(`${dbPath}.journal cannot be read`),
    });
    await expect(openWorkspaceDb({ path: dbPath })).rejects.toThrow(/at line 2/);
  });
});

describe("a corrupt or hand-broken db.json", () => {
  it("gives a clear error with line and column, leaves the file untouched and keeps a backup", async () => {
    const dbPath = tempDbPath();
    let db = await openWorkspaceDb({ path: dbPath });
    await db.store.put(["a"], "k", { v: 1 });
    db.compact();
    await db.store.put(["a"], "k2", { v: 2 });
    await db.close();
    const good = fs.readFileSync(dbPath, "utf8");
    const broken = good.replace('"v": 2', '"v": 2,,');
    fs.writeFileSync(dbPath, broken);
    const line = broken.split("\n").findIndex((text) => text.includes(",,")) + 1;
    const error = await openWorkspaceDb({ path: dbPath }).catch((caught: unknown) => caught);
    expect(isWorkspaceDbError(error, "DB_CORRUPT")).toBe(true);
    expect((error as Error).message).toContain(dbPath);
    expect((error as Error).message).toContain(`line ${line}, column`);
    expect((error as Error).message).toContain(`${dbPath}.bak`);
    expect(fs.readFileSync(dbPath, "utf8")).toBe(broken);
    expect(JSON.parse(fs.readFileSync(`${dbPath}.bak`, "utf8")).store.a.k.value).toEqual({ v: 1 });
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);
    // Fixed by hand, it opens again.
    fs.writeFileSync(dbPath, good);
    db = await openWorkspaceDb({ path: dbPath });
    expect((await db.store.get(["a"], "k2"))?.value).toEqual({ v: 2 });
    await db.close();
  });

  it("names the position of a value of the wrong shape", async () => {
    const dbPath = tempDbPath();
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const text = JSON.stringify({
      format: "langgraph-workspace-db",
      version: 1,
      store: { a: { k: { value: {}, createdAt: "yesterday", updatedAt: "2026-01-01T00:00:00Z" } } },
    });
    fs.writeFileSync(dbPath, text);
    await expect(openWorkspaceDb({ path: dbPath })).rejects.toThrow(
      /store\["a"\]\["k"\]\.createdAt: expected an ISO date|expected an ISO date.*at store\["a"\]\["k"\]\.createdAt/,
    );
    expect(fs.readFileSync(dbPath, "utf8")).toBe(text);
  });
});

describe("a second process", () => {
  it("is refused with a clear error while the database is open, and may open it read-only", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath });
    await db.store.put(["shared"], "k", { from: "first process" });
    const second = await openOnce(dbPath);
    expect(second).toMatchObject({ opened: false, code: "DB_LOCKED" });
    expect(second.message).toContain(`already open in process ${process.pid}`);
    const reader = await openOnce(dbPath, "read-only");
    expect(reader).toEqual({ opened: true, value: { from: "first process" }, writeError: "DB_READ_ONLY" });
    await expect(openWorkspaceDb({ path: dbPath })).rejects.toMatchObject({ code: "DB_LOCKED" });
    await db.close();
    expect(await openOnce(dbPath)).toMatchObject({ opened: true, value: { from: "first process" } });
  }, 30_000);
});
