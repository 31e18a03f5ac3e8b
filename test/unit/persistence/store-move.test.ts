// Renaming a store item (WorkspaceStore.move): one journal entry that removes the item from its
// place and writes it at the new one, so a crash cannot leave it in both places or in neither;
// refused, with nothing written, when its premise no longer holds.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CommitEvent } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

afterAll(removeTempDirs);

function journalLines(dbPath: string): string[] {
  return fs.readFileSync(`${dbPath}.journal`, "utf8").split("\n").slice(1, -1);
}

async function keysAt(dbPath: string): Promise<{ old: boolean; renamed: boolean }> {
  const db = await openWorkspaceDb({ path: dbPath });
  try {
    return { old: (await db.store.get(["mem", "u1"], "old")) !== null, renamed: (await db.store.get(["mem", "u2"], "new")) !== null };
  } finally {
    await db.close();
  }
}

describe("renaming a store item", () => {
  it("moves it in one journal entry, keeping its value and creation time, and tells two store changes", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await db.store.put(["mem", "u1"], "old", { text: "Bob" });
    const before = (await db.store.get(["mem", "u1"], "old"))!;
    const events: CommitEvent[] = [];
    db.onCommit((event) => events.push(event));
    const linesBefore = journalLines(dbPath).length;

    const moved = await db.store.move({ namespace: ["mem", "u1"], key: "old" }, { namespace: ["mem", "u2"], key: "new" }, before.updatedAt.getTime());

    expect(moved).toMatchObject({ namespace: ["mem", "u2"], key: "new", value: { text: "Bob" }, createdAt: before.createdAt });
    expect(await db.store.get(["mem", "u1"], "old")).toBeNull();
    expect(await db.store.listNamespaces({ prefix: ["mem"] })).toEqual([["mem", "u2"]]);
    const lines = journalLines(dbPath);
    expect(lines.length - linesBefore).toBe(1);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ op: "storeMove", namespace: "mem.u1", key: "old", toNamespace: "mem.u2", toKey: "new" });
    expect(events).toEqual([
      { kind: "store", namespace: ["mem", "u1"], key: "old", deleted: true },
      { kind: "store", namespace: ["mem", "u2"], key: "new", deleted: false },
    ]);
    await db.close();
    expect(await keysAt(dbPath)).toEqual({ old: false, renamed: true });
  });

  it("is in exactly one place after a crash cut the journal anywhere in its line", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await db.store.put(["mem", "u1"], "old", { text: "Bob" });
    // Fold the put into db.json, so the journal holds only the rename.
    await db.close();
    const reopened = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await reopened.store.move({ namespace: ["mem", "u1"], key: "old" }, { namespace: ["mem", "u2"], key: "new" });
    const journal = fs.readFileSync(`${dbPath}.journal`);
    const snapshot = fs.readFileSync(dbPath);
    // A crash: the process dies with the journal as it is (no compaction at close).
    const crashed = path.join(path.dirname(tempDbPath()), "crashed");
    fs.mkdirSync(crashed, { recursive: true });
    const copy = path.join(crashed, "db.json");
    const headerEnd = journal.indexOf("\n") + 1;
    for (const cut of [headerEnd + 1, headerEnd + Math.floor((journal.length - headerEnd) / 2), journal.length - 1, journal.length]) {
      fs.writeFileSync(copy, snapshot);
      fs.writeFileSync(`${copy}.journal`, journal.subarray(0, cut));
      const where = await keysAt(copy);
      expect(where, `journal cut at byte ${cut} of ${journal.length}`).toEqual(
        cut === journal.length ? { old: false, renamed: true } : { old: true, renamed: false },
      );
    }
    await reopened.close();
  });

  it("refuses a taken target, a changed item and a gone one, writing nothing", async () => {
    const dbPath = tempDbPath();
    const db = await openWorkspaceDb({ path: dbPath, idleCompactionMs: 60_000 });
    await db.store.put(["mem", "u1"], "old", { text: "Bob" });
    await db.store.put(["mem", "u2"], "new", { text: "taken" });
    const stale = (await db.store.get(["mem", "u1"], "old"))!.updatedAt.getTime() - 1;
    const lines = journalLines(dbPath).length;
    const from = { namespace: ["mem", "u1"], key: "old" };

    await expect(db.store.move(from, { namespace: ["mem", "u2"], key: "new" })).rejects.toMatchObject({
      code: "DB_CONFLICT",
      message: expect.stringContaining("already exists"),
    });
    await expect(db.store.move(from, { namespace: ["mem", "u3"], key: "x" }, stale)).rejects.toMatchObject({
      code: "DB_CONFLICT",
      message: expect.stringContaining("changed since you opened it"),
    });
    await expect(db.store.move({ namespace: ["mem", "u1"], key: "absent" }, { namespace: ["mem", "u3"], key: "x" })).rejects.toMatchObject({
      code: "DB_CONFLICT",
      message: expect.stringContaining("no longer in the store"),
    });
    await expect(db.store.move(from, from)).rejects.toMatchObject({ code: "DB_INVALID_INPUT" });
    await expect(db.store.move(from, { namespace: ["a.b"], key: "x" })).rejects.toMatchObject({ name: "InvalidNamespaceError" });

    expect(journalLines(dbPath).length).toBe(lines);
    expect((await db.store.get(["mem", "u1"], "old"))?.value).toEqual({ text: "Bob" });
    expect((await db.store.get(["mem", "u2"], "new"))?.value).toEqual({ text: "taken" });
    await db.close();
  });
});
