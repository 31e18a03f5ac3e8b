// A full disk, or a write the disk cuts short: a put is acknowledged only once all its bytes are
// written, a snapshot replaces db.json only once it is whole, and whatever fails leaves db.json
// and the journal as they were, says so clearly, and reopens to exactly the acknowledged writes.
// Two kinds of full disk: a write call that takes only part of its bytes (injected below, works
// everywhere), and a real small file system (tmpfs, when this process may mount one).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { foldIntoSnapshot } from "../../../src/persistence/backgroundCompaction";
import type { WorkspaceDb, WorkspaceDbEvent } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath, tempDir } from "./helpers";

/**
 * The injected disk: `room` is the bytes it still takes (a write beyond them is cut short, then
 * fails with ENOSPC); with `syncFails`, fdatasync fails as a disk with an I/O error does.
 */
const disk = vi.hoisted(() => ({ room: Number.POSITIVE_INFINITY, syncFails: false }));

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const writeSync = (fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]): number => {
    if (disk.room === Number.POSITIVE_INFINITY) return Reflect.apply(real.writeSync, real, [fd, data, ...rest]) as number;
    const bytes =
      typeof data === "string"
        ? Buffer.from(data)
        : Buffer.from(
            data.buffer,
            data.byteOffset + ((rest[0] as number | undefined) ?? 0),
            (rest[1] as number | undefined) ?? data.byteLength - ((rest[0] as number | undefined) ?? 0),
          );
    if (disk.room <= 0) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    const taken = Math.min(disk.room, bytes.length);
    disk.room -= taken;
    return real.writeSync(fd, bytes, 0, taken);
  };
  const fdatasyncSync = (fd: number): void => {
    if (disk.syncFails) throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO", syscall: "fdatasync" });
    real.fdatasyncSync(fd);
  };
  return { ...real, default: { ...real, writeSync, fdatasyncSync }, writeSync, fdatasyncSync };
});

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  disk.room = Number.POSITIVE_INFINITY;
  disk.syncFails = false;
  for (const db of opened.splice(0)) await db.close().catch(() => undefined);
});
afterAll(removeTempDirs);

async function open(file: string, onEvent?: (event: WorkspaceDbEvent) => void): Promise<WorkspaceDb> {
  const db = await openWorkspaceDb({ path: file, idleCompactionMs: 60_000, onEvent });
  opened.push(db);
  return db;
}

async function storedKeys(file: string): Promise<string[]> {
  const db = await open(file);
  const items = await db.store.search(["notes"], { limit: 10_000 });
  await db.close();
  return items.map((item) => item.key).sort();
}

const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
const leftovers = (file: string) => fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith(".tmp"));

describe("a write the disk cuts short (injected)", () => {
  it("refuses the puts of that journal write, forgets them, and reopens to what was acknowledged", async () => {
    const file = tempDbPath();
    const db = await open(file);
    await db.store.put(["notes"], "kept", { text: "acknowledged" });

    disk.room = 10;
    const cut = db.store.put(["notes"], "cut", { text: "x".repeat(5000) });
    const sameCommit = db.store.put(["notes"], "same-commit", { text: "y" });
    await expect(cut).rejects.toMatchObject({ code: "DB_WRITE_FAILED", message: expect.stringContaining(`The disk holding ${file}.journal is full`) });
    await expect(sameCommit).rejects.toMatchObject({ code: "DB_WRITE_FAILED" });
    disk.room = Number.POSITIVE_INFINITY;

    // This process shows what a reopen will show: the refused puts are gone, the others kept.
    expect(await db.store.get(["notes"], "cut")).toBeNull();
    expect(await db.store.get(["notes"], "same-commit")).toBeNull();
    expect((await db.store.get(["notes"], "kept"))?.value).toEqual({ text: "acknowledged" });
    await expect(db.store.put(["notes"], "later", { text: "z" })).rejects.toMatchObject({ message: expect.stringContaining("reopen") });
    // No torn line is left for a later line to follow.
    expect(fs.readFileSync(`${file}.journal`, "utf8").endsWith("\n")).toBe(true);
    await db.close();

    expect(await storedKeys(file)).toEqual(["kept"]);
    const again = await open(file);
    await again.store.put(["notes"], "after-reopen", { text: "fine" });
    await again.close();
    expect(await storedKeys(file)).toEqual(["after-reopen", "kept"]);
  });

  it("with durability disk, refuses a put whose fdatasync failed and does not bring it back at reopen", async () => {
    const file = tempDbPath();
    const db = await openWorkspaceDb({ path: file, idleCompactionMs: 60_000, durability: "disk" });
    opened.push(db);
    await db.store.put(["notes"], "synced", { text: "acknowledged" });
    disk.syncFails = true;
    const refused: unknown = await db.store.put(["notes"], "unsynced", { text: "refused" }).then(
      () => "acknowledged",
      (error: unknown) => error,
    );
    disk.syncFails = false;
    expect(await db.store.get(["notes"], "unsynced")).toBeNull();
    await db.close();
    expect(await storedKeys(file)).toEqual(["synced"]);
    expect(refused).toMatchObject({ code: "DB_WRITE_FAILED", message: expect.stringContaining(`Could not write ${file}.journal (EIO`) });
  });

  it("leaves db.json and the journal as they were when the snapshot is cut short in compact and close", async () => {
    const file = tempDbPath();
    const db = await open(file);
    for (const key of keys("folded-", 5)) await db.store.put(["notes"], key, { text: key });
    db.compact();
    for (const key of keys("journaled-", 20)) await db.store.put(["notes"], key, { text: key });
    const snapshotBefore = fs.readFileSync(file, "utf8");
    const journalBefore = fs.readFileSync(`${file}.journal`, "utf8");

    disk.room = 100;
    expect(() => db.compact()).toThrow(`The disk holding ${file} is full`);
    expect(fs.readFileSync(file, "utf8")).toBe(snapshotBefore);
    expect(fs.readFileSync(`${file}.journal`, "utf8")).toBe(journalBefore);
    expect(leftovers(file)).toEqual([]);

    // Puts still go to the journal; close cannot fold them in, and says so.
    disk.room = Number.POSITIVE_INFINITY;
    await db.store.put(["notes"], "after-failed-compact", { text: "still saved" });
    disk.room = 0;
    await expect(db.close()).rejects.toMatchObject({ code: "DB_WRITE_FAILED", message: expect.stringContaining(`The disk holding ${file} is full`) });
    expect(fs.readFileSync(file, "utf8")).toBe(snapshotBefore);
    expect(fs.existsSync(`${file}.journal`)).toBe(true);
    expect(leftovers(file)).toEqual([]);
    disk.room = Number.POSITIVE_INFINITY;

    expect(await storedKeys(file)).toEqual(["after-failed-compact", ...keys("folded-", 5), ...keys("journaled-", 20)]);
  });

  it("fails a background fold whose snapshot is cut short, leaving no temporary file", async () => {
    const source = tempDbPath();
    const db = await open(source);
    for (const key of keys("k", 10)) await db.store.put(["notes"], key, { text: key });
    const journal = fs.readFileSync(`${source}.journal`, "utf8").trim().split("\n");
    const lastSeq = (JSON.parse(journal[journal.length - 1]) as { seq: number }).seq;
    const folding = path.join(tempDir(), "folding");
    fs.writeFileSync(folding, `${journal.join("\n")}\n`);
    const temporary = path.join(path.dirname(folding), "snapshot.tmp");

    disk.room = 100;
    expect(() =>
      foldIntoSnapshot({
        file: path.join(path.dirname(folding), "db.json"),
        seen: undefined,
        folding,
        mark: { id: "next", seq: lastSeq },
        temporary,
        storeHistory: 50,
      }),
    ).toThrow(/ENOSPC/);
    expect(fs.existsSync(temporary)).toBe(false);
  });
});

/** A small tmpfs of our own, when this process may mount one (as root on Linux). */
function mountSmallDisk(): string | undefined {
  if (process.platform !== "linux") return undefined;
  const dir = tempDir();
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    return undefined;
  }
}

const smallDisk = mountSmallDisk();
afterAll(() => {
  if (smallDisk) execFileSync("umount", [smallDisk]);
});

describe.skipIf(smallDisk === undefined)("a real full disk (tmpfs)", () => {
  let count = 0;
  const filler = () => path.join(smallDisk!, "filler");

  /** Fills the disk to the last byte, then gives `bytes` back. */
  function fillDisk(bytes = 0): void {
    const fd = fs.openSync(filler(), "w");
    try {
      for (const chunk of [65536, 4096, 1]) {
        const block = Buffer.alloc(chunk, 1);
        for (;;) {
          try {
            if (fs.writeSync(fd, block) < chunk) break;
          } catch {
            break;
          }
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    if (bytes > 0) fs.truncateSync(filler(), fs.statSync(filler()).size - bytes);
  }

  const freeDisk = () => fs.rmSync(filler(), { force: true });
  afterEach(freeDisk);

  async function databaseWithNotes(count_: number): Promise<{ file: string; db: WorkspaceDb; events: WorkspaceDbEvent[] }> {
    const file = path.join(smallDisk!, `db${++count}`, "db.json");
    const events: WorkspaceDbEvent[] = [];
    const db = await open(file, (event) => events.push(event));
    for (const key of keys("note-", count_)) await db.store.put(["notes"], key, { text: `${key} ${"n".repeat(100)}` });
    return { file, db, events };
  }

  it("refuses a put the full disk cut short, and reopens to the acknowledged puts", async () => {
    const { file, db } = await databaseWithNotes(3);
    fillDisk();
    await expect(db.store.put(["notes"], "too-big", { text: "b".repeat(16_000) })).rejects.toMatchObject({
      code: "DB_WRITE_FAILED",
      message: expect.stringContaining(`The disk holding ${file}.journal is full`),
    });
    expect(await db.store.get(["notes"], "too-big")).toBeNull();
    await db.close();
    freeDisk();
    expect(await storedKeys(file)).toEqual(keys("note-", 3));
  });

  it("keeps db.json and the journal when close cannot write the snapshot", async () => {
    const { file, db } = await databaseWithNotes(200);
    const snapshotBefore = fs.readFileSync(file, "utf8");
    fillDisk(8192);
    await expect(db.close()).rejects.toMatchObject({ code: "DB_WRITE_FAILED", message: expect.stringContaining(`The disk holding ${file} is full`) });
    expect(fs.readFileSync(file, "utf8")).toBe(snapshotBefore);
    expect(leftovers(file)).toEqual([]);
    freeDisk();
    expect(await storedKeys(file)).toEqual(keys("note-", 200));
  });

  it("reports a background fold the full disk stopped, and keeps every change", async () => {
    const { file, db, events } = await databaseWithNotes(200);
    const snapshotBefore = fs.readFileSync(file, "utf8");
    fillDisk(8192);
    await db.compactInBackground();
    const errors = events.flatMap((event) => (event.type === "error" ? [event.error.message] : []));
    expect(errors).toEqual([expect.stringContaining(`The disk holding ${file} is full`)]);
    expect(fs.readFileSync(file, "utf8")).toBe(snapshotBefore);
    expect(leftovers(file)).toEqual([]);
    freeDisk();
    await db.close();
    expect(await storedKeys(file)).toEqual(keys("note-", 200));
  });
});
