// The historic store overlay (a re-run with the store "as it was"): reads see the workspace
// store at T layered with the overlay's own writes; writes stay in the overlay until applied in
// one batch, where an item changed in the live store since T is a conflict, not overwritten.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Operation } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../../src/persistence/index";
import { openWorkspaceDb } from "../../../../src/persistence/index";
import { attributePut } from "../../../../src/persistence/store";
import { OverlayStore, keepsHistory } from "../../../../src/engine/session/overlayStore";
import { removeTempDirs, tempDbPath } from "../../persistence/helpers";

afterAll(removeTempDirs);

let db: WorkspaceDb | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** A wait long enough for the next write to get a later millisecond. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

/**
 * memories/1: name Bob, food pizza (deleted later), colour green; memories/2: name Ann (its only
 * item, deleted later); docs/a: one item. Then, after T: name becomes Robert, food and Ann go,
 * and memories/1 gets a new item "late".
 */
async function storeWithHistory(): Promise<{ db: WorkspaceDb; time: Date }> {
  db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000 });
  const store = db.store;
  await store.put(["memories", "1"], "name", { data: "my name is Bob" });
  await store.put(["memories", "1"], "food", { data: "pizza", kind: "food" });
  await store.put(["memories", "1"], "colour", { data: "green", kind: "colour" });
  await store.put(["memories", "2"], "name", { data: "my name is Ann" });
  await store.put(["docs", "a"], "readme", { data: "hello" });
  await tick();
  const time = new Date();
  await tick();
  await store.edit(["memories", "1"], "name", { data: "my name is Robert" });
  await store.delete(["memories", "1"], "food");
  await store.delete(["memories", "2"], "name");
  await store.put(["memories", "1"], "late", { data: "written after T" });
  return { db, time };
}

function overlayOn(opened: WorkspaceDb, time: Date): OverlayStore {
  if (!keepsHistory(opened.store)) throw new Error("the workspace store keeps history");
  return new OverlayStore(opened.store, time, "as of step 0");
}

const data = (items: Array<{ value: Record<string, unknown> }>) => items.map((item) => item.value.data).sort();

describe("OverlayStore reads", () => {
  it("reads items as they were at T, not as they are now", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    expect((await overlay.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Bob" });
    expect((await overlay.get(["memories", "1"], "food"))?.value).toEqual({ data: "pizza", kind: "food" });
    expect(await overlay.get(["memories", "1"], "late")).toBeNull();
    expect((await overlay.get(["memories", "2"], "name"))?.value).toEqual({ data: "my name is Ann" });
  });

  it("searches by namespace prefix (label by label) and filter as of T, a query listing without ranking", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    expect(data(await overlay.search(["memories", "1"]))).toEqual(["green", "my name is Bob", "pizza"]);
    // memories/2 has no item now: its past still shows under the prefix.
    expect(data(await overlay.search(["memories"]))).toEqual(["green", "my name is Ann", "my name is Bob", "pizza"]);
    expect(data(await overlay.search(["memories"], { filter: { kind: "food" } }))).toEqual(["pizza"]);
    expect(data(await overlay.search(["memories", "1"], { query: "what is my name?" }))).toEqual(["green", "my name is Bob", "pizza"]);
    expect(await overlay.search(["mem"])).toEqual([]);
    expect(await overlay.listNamespaces({ prefix: ["memories"] })).toEqual([
      ["memories", "1"],
      ["memories", "2"],
    ]);
    expect(await overlay.listNamespaces({ maxDepth: 1 })).toEqual([["docs"], ["memories"]]);
  });

  it("layers its own puts and deletes over the store at T, and keeps them out of the live store", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    await overlay.put(["memories", "1"], "name", { data: "my name is Bobby" });
    await overlay.delete(["memories", "1"], "colour");
    await overlay.put(["memories", "3"], "new", { data: "fresh" });
    expect((await overlay.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Bobby" });
    expect(await overlay.get(["memories", "1"], "colour")).toBeNull();
    expect(data(await overlay.search(["memories"]))).toEqual(["fresh", "my name is Ann", "my name is Bobby", "pizza"]);
    expect(overlay.pending().map(({ namespace, key, value }) => ({ namespace, key, value }))).toEqual([
      { namespace: ["memories", "1"], key: "name", value: { data: "my name is Bobby" } },
      { namespace: ["memories", "1"], key: "colour", value: null },
      { namespace: ["memories", "3"], key: "new", value: { data: "fresh" } },
    ]);
    // The live store is untouched.
    expect((await opened.store.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Robert" });
    expect((await opened.store.get(["memories", "1"], "colour"))?.value).toEqual({ data: "green", kind: "colour" });
    expect(await opened.store.get(["memories", "3"], "new")).toBeNull();
  });

  it("refuses a bad put as the workspace store does, writing nothing of its batch", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    const ops = [
      { namespace: ["memories", "1"], key: "ok", value: { data: "fine" } },
      { namespace: ["memories", "1"], key: "bad", value: 3 },
    ] as unknown as Operation[];
    await expect(overlay.batch(ops)).rejects.toThrow(/A store value must be an object \(or null to delete\), got 3 for key "bad"/);
    expect(overlay.pending()).toEqual([]);
  });

  it("reads in a batch see the store before the batch's writes", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    const ops: Operation[] = [
      { namespace: ["memories", "1"], key: "name", value: { data: "changed" } },
      { namespace: ["memories", "1"], key: "name" },
    ];
    const [, read] = await overlay.batch(ops);
    expect((read as { value: unknown }).value).toEqual({ data: "my name is Bob" });
    expect((await overlay.get(["memories", "1"], "name"))?.value).toEqual({ data: "changed" });
  });
});

describe("OverlayStore apply and discard", () => {
  it("applies its writes in one batch under their writers, reporting items changed since T instead of overwriting them", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    const writer = { threadId: "1", step: 2, node: "call_model" };
    const put: Operation = { namespace: ["memories", "1"], key: "colour", value: { data: "blue" } };
    attributePut(put, writer);
    await overlay.batch([put]);
    // Changed in the live store after T: a conflict.
    await overlay.put(["memories", "1"], "name", { data: "my name is Bobby" });
    const versionsBefore = (await opened.store.history(["memories", "1"], "colour")).length;

    const { applied, conflicts } = await overlay.apply();
    expect(applied.map((write) => write.key)).toEqual(["colour"]);
    expect(conflicts.map(({ write, reason }) => ({ key: write.key, reason }))).toEqual([
      { key: "name", reason: expect.stringMatching(/^changed in the live store at .* \(edited in VS Code\), after the store the re-run saw$/) },
    ]);
    const colour = await opened.store.history(["memories", "1"], "colour");
    expect(colour).toHaveLength(versionsBefore + 1);
    expect(colour[0]).toMatchObject({ value: { data: "blue" }, writtenBy: writer });
    expect((await opened.store.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Robert" });
    // The conflict stays in the overlay: overwriting is the user's explicit choice.
    expect(overlay.pending().map((write) => write.key)).toEqual(["name"]);
    expect((await overlay.apply(true)).applied.map((write) => write.key)).toEqual(["name"]);
    expect((await opened.store.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Bobby" });
    expect(overlay.pending()).toEqual([]);
  });

  it("discards its writes without touching the live store", async () => {
    const { db: opened, time } = await storeWithHistory();
    const overlay = overlayOn(opened, time);
    await overlay.put(["memories", "1"], "colour", { data: "blue" });
    const before = await opened.store.history(["memories", "1"], "colour");
    expect(overlay.discard()).toHaveLength(1);
    expect(overlay.pending()).toEqual([]);
    expect(await opened.store.history(["memories", "1"], "colour")).toEqual(before);
  });
});
