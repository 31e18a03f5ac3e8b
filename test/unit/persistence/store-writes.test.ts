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
});
