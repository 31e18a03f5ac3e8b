// db.json edited by hand or by git while it is open: reloaded, merged, never silently lost.
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import * as fs from "node:fs";
import { emptyCheckpoint } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb, WorkspaceDbEvent } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

let db: WorkspaceDb;
let events: WorkspaceDbEvent[];
beforeEach(async () => {
  events = [];
  // No idle compaction: changes stay in the journal until the test folds them in.
  db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000, onEvent: (event) => events.push(event) });
});
afterEach(async () => {
  await db.close();
});
afterAll(removeTempDirs);

/** Edits db.json the way a user would: parse, change, write back pretty-printed. */
function editFile(change: (tree: { store: Record<string, Record<string, { value: unknown }>> }) => void): void {
  const tree = JSON.parse(fs.readFileSync(db.path, "utf8"));
  change(tree);
  fs.writeFileSync(db.path, JSON.stringify(tree, null, 2));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

it("notices a hand edit through the file watcher and serves the new values", async () => {
  await db.store.put(["prefs"], "theme", { value: "dark" });
  db.compact();
  editFile((tree) => {
    tree.store.prefs.theme.value = { value: "light" };
    tree.store.prefs.added = { ...tree.store.prefs.theme, value: { by: "hand" } };
  });
  await until(() => events.some((event) => event.type === "reloaded"), "the reload");
  expect((await db.store.get(["prefs"], "theme"))?.value).toEqual({ value: "light" });
  expect((await db.store.get(["prefs"], "added"))?.value).toEqual({ by: "hand" });
});

it("keeps noticing edits through the watcher after the file is replaced, by git or by a compaction", async () => {
  // Each step waits out the watcher's 50 ms settling delay, so that no check still pending from
  // an earlier event can notice the next change in the watcher's stead.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  await db.store.put(["w"], "k", { v: 1 });
  db.compact();
  await settle();
  const replaced = JSON.parse(fs.readFileSync(db.path, "utf8"));
  replaced.store.w.k.value = { v: "replaced" };
  fs.writeFileSync(`${db.path}.git-tmp`, JSON.stringify(replaced, null, 2));
  fs.renameSync(`${db.path}.git-tmp`, db.path);
  await until(() => events.some((event) => event.type === "reloaded"), "the reload after the replacement");
  expect((await db.store.get(["w"], "k"))?.value).toEqual({ v: "replaced" });
  await settle();
  // The watch moved to the new file: an edit in place is seen too, also after our own compaction.
  await db.store.put(["w"], "other", { v: 2 });
  db.compact();
  await settle();
  events.length = 0;
  editFile((tree) => (tree.store.w.k.value = { v: "edited in place" }));
  await until(() => events.some((event) => event.type === "reloaded"), "the reload after the edit");
  expect((await db.store.get(["w"], "k"))?.value).toEqual({ v: "edited in place" });
});

it("merges an edit with changes not yet folded into the file, keeping both", async () => {
  await db.store.put(["a"], "user-edits-this", { v: 1 });
  db.compact();
  await db.store.put(["a"], "program-writes-this", { v: 2 });
  const config = await db.checkpointer.put({ configurable: { thread_id: "t" } }, emptyCheckpoint(), { source: "input", step: -1, parents: {} }, {});
  editFile((tree) => (tree.store.a["user-edits-this"].value = { v: "edited" }));
  db.checkForExternalChange();
  expect((await db.store.get(["a"], "user-edits-this"))?.value).toEqual({ v: "edited" });
  expect((await db.store.get(["a"], "program-writes-this"))?.value).toEqual({ v: 2 });
  expect(await db.checkpointer.getTuple(config)).toBeDefined();
  expect(events.filter((event) => event.type === "conflict")).toEqual([]);
  // The merged result is in the file itself now.
  const tree = JSON.parse(fs.readFileSync(db.path, "utf8"));
  expect(tree.store.a["user-edits-this"].value).toEqual({ v: "edited" });
  expect(tree.store.a["program-writes-this"].value).toEqual({ v: 2 });
});

it("reports a record changed on both sides: the program's write is kept, the user's saved aside", async () => {
  await db.store.put(["a"], "k", { v: "original" });
  db.compact();
  await db.store.put(["a"], "k", { v: "program" });
  editFile((tree) => (tree.store.a.k.value = { v: "user" }));
  db.checkForExternalChange();
  expect((await db.store.get(["a"], "k"))?.value).toEqual({ v: "program" });
  const conflict = events.find((event) => event.type === "conflict");
  expect(conflict).toBeDefined();
  if (conflict?.type !== "conflict") return;
  expect(conflict.records).toEqual(['store "a" key "k"']);
  const saved = JSON.parse(fs.readFileSync(conflict.conflictFile, "utf8"));
  // As db.json shows it: times as ISO text.
  expect(Object.values(saved.records)).toEqual([expect.objectContaining({ value: { v: "user" }, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) })]);
});

it("never overwrites a file saved as invalid JSON, and recovers once it is fixed", async () => {
  await db.store.put(["a"], "k", { v: 1 });
  db.compact();
  const good = fs.readFileSync(db.path, "utf8");
  const broken = good.replace('"v": 1', '"v": ');
  fs.writeFileSync(db.path, broken);
  db.checkForExternalChange();
  const error = events.find((event) => event.type === "error");
  expect(error?.type === "error" && error.error.code).toBe("DB_CORRUPT");
  // Writes still succeed (into the journal), reads still work, the broken file stays as it is.
  await db.store.put(["a"], "later", { v: 2 });
  db.compact();
  expect(fs.readFileSync(db.path, "utf8")).toBe(broken);
  fs.writeFileSync(db.path, good.replace('"v": 1', '"v": 10'));
  db.checkForExternalChange();
  expect((await db.store.get(["a"], "k"))?.value).toEqual({ v: 10 });
  expect((await db.store.get(["a"], "later"))?.value).toEqual({ v: 2 });
});

it("keeps the journal when closing over a broken file, and replays it once the file is fixed", async () => {
  await db.store.put(["a"], "k", { v: 1 });
  db.compact();
  const good = fs.readFileSync(db.path, "utf8");
  fs.writeFileSync(db.path, "{ broken");
  db.checkForExternalChange();
  await db.store.put(["a"], "unsaved-in-file", { v: 3 });
  await db.close();
  expect(fs.existsSync(`${db.path}.journal`)).toBe(true);
  fs.writeFileSync(db.path, good);
  db = await openWorkspaceDb({ path: db.path });
  expect((await db.store.get(["a"], "unsaved-in-file"))?.value).toEqual({ v: 3 });
});

it("takes a whole file replaced by git checkout", async () => {
  await db.store.put(["branch"], "main", { v: 1 });
  db.compact();
  const other = JSON.parse(fs.readFileSync(db.path, "utf8"));
  other.store = { branch: { feature: { value: { v: 2 }, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" } } };
  // git writes a new file and renames it over the old one.
  fs.writeFileSync(`${db.path}.git-tmp`, JSON.stringify(other, null, 2));
  fs.renameSync(`${db.path}.git-tmp`, db.path);
  db.checkForExternalChange();
  expect(await db.store.get(["branch"], "main")).toBeNull();
  expect((await db.store.get(["branch"], "feature"))?.value).toEqual({ v: 2 });
});
