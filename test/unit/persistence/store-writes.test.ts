// Each step's store writes: the versions a thread's nodes wrote from one checkpoint, as added,
// changed or deleted, with the version each replaced; another branch's or thread's writes apart.
import { afterAll, describe, expect, it } from "vitest";
import type { Operation } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import type { StoreWriter } from "../../../src/persistence/records";
import { attributePut } from "../../../src/persistence/store";
import { removeTempDirs, tempDbPath } from "./helpers";

afterAll(removeTempDirs);

function putAs(db: WorkspaceDb, writer: StoreWriter | undefined, key: string, value: Record<string, unknown> | null): Promise<unknown> {
  const op: Operation = { namespace: ["memories", "1"], key, value };
  if (writer !== undefined) attributePut(op, writer);
  return db.store.batch([op]);
}

const from = (checkpointId: string, threadId = "t"): StoreWriter => ({ threadId, checkpointId, step: 1, node: "remember" });

describe("stepWrites", () => {
  it("lists a step's puts and deletes by the checkpoint it ran from, each with the version it replaced", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    await putAs(db, from("cp-a"), "name", { data: "Bob" });
    await putAs(db, from("cp-a"), "gone", { data: "old" });
    // Another branch of the thread ran the step again from its own checkpoint.
    await putAs(db, from("cp-b"), "name", { data: "Robert" });
    await putAs(db, from("cp-b"), "gone", null);
    await putAs(db, from("cp-b", "other thread"), "name", { data: "Alice" });
    await putAs(db, undefined, "name", { data: "by hand" });

    const summary = async (checkpointId: string, threadId = "t") =>
      (await db.store.stepWrites(threadId, checkpointId)).map(({ namespace, key, change, before, after }) => ({
        at: `${namespace.join("/")}/${key}`,
        change,
        before: before?.value?.data,
        after: after.deleted ? "deleted" : after.value?.data,
      }));
    expect(await summary("cp-a")).toEqual([
      { at: "memories/1/gone", change: "added", before: undefined, after: "old" },
      { at: "memories/1/name", change: "added", before: undefined, after: "Bob" },
    ]);
    expect(await summary("cp-b")).toEqual([
      { at: "memories/1/gone", change: "deleted", before: "old", after: "deleted" },
      { at: "memories/1/name", change: "changed", before: "Bob", after: "Robert" },
    ]);
    expect(await summary("cp-b", "other thread")).toEqual([{ at: "memories/1/name", change: "changed", before: "Robert", after: "Alice" }]);
    expect(await summary("cp-none")).toEqual([]);
    expect([...db.store.stepWritesByCheckpoint("t").keys()].sort()).toEqual(["cp-a", "cp-b"]);
    await db.close();
  });

  it("finds the writes made after the first lookup, through a rename, a delete and a reopen", async () => {
    const path = tempDbPath();
    const db = await openWorkspaceDb({ path });
    const where = async (target: WorkspaceDb, checkpointId: string) =>
      (await target.store.stepWrites("t", checkpointId)).map(({ namespace, key, change }) => `${namespace.join("/")}/${key} ${change}`);
    await putAs(db, from("cp-a"), "name", { data: "Bob" });
    // The first lookup indexes the steps' writes; the ones below must join that index.
    expect(await where(db, "cp-a")).toEqual(["memories/1/name added"]);
    await putAs(db, from("cp-b"), "name", { data: "Robert" });
    await putAs(db, from("cp-b"), "other", { data: "x" });
    await putAs(db, undefined, "name", { data: "by hand" });
    await db.store.move({ namespace: ["memories", "1"], key: "name" }, { namespace: ["memories", "2"], key: "renamed" });
    await putAs(db, from("cp-c"), "other", null);
    // A rename takes the item's earlier versions along: the steps' writes are found there now.
    const expected = {
      "cp-a": ["memories/2/renamed added"],
      "cp-b": ["memories/1/other added", "memories/2/renamed changed"],
      "cp-c": ["memories/1/other deleted"],
    };
    for (const [checkpointId, writes] of Object.entries(expected)) expect(await where(db, checkpointId)).toEqual(writes);
    db.compact();
    await db.close();
    // Reopened, the index is built again from db.json (its history read on first use).
    const reopened = await openWorkspaceDb({ path });
    for (const [checkpointId, writes] of Object.entries(expected)) expect(await where(reopened, checkpointId)).toEqual(writes);
    expect([...reopened.store.stepWritesByCheckpoint("t").keys()].sort()).toEqual(["cp-a", "cp-b", "cp-c"]);
    await reopened.close();
  });
});
