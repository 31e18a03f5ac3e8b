// WorkspaceDb.onCommit: the one way to observe the database's writes (the engine's db/changed
// feed subscribes to it), and the graph a run names in configurable.graph_id recorded in its
// checkpoints' metadata.
import { emptyCheckpoint, uuid6, type CheckpointMetadata } from "@langchain/langgraph-checkpoint";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommitEvent, WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

let db: WorkspaceDb;
beforeEach(async () => {
  db = await openWorkspaceDb({ path: tempDbPath() });
});
afterEach(async () => {
  await db.close();
});
afterAll(removeTempDirs);

function checkpoint() {
  return { ...emptyCheckpoint(), id: uuid6(-1) };
}

describe("onCommit", () => {
  it("tells every checkpoint, pending write, deleted thread and store change, in order", async () => {
    const events: CommitEvent[] = [];
    db.onCommit((event) => events.push(event));
    const first = checkpoint();
    const saved = await db.checkpointer.put({ configurable: { thread_id: "t", checkpoint_ns: "" } }, first, { source: "input", step: -1, parents: {} }, {});
    await db.checkpointer.putWrites(saved, [["messages", "hi"]], "task-1");
    await db.store.put(["notes", "alice"], "k", { text: "a" });
    await db.store.batch([{ namespace: ["notes"], key: "gone", value: null }]);
    await db.checkpointer.deleteThread("t");
    expect(events).toEqual([
      { kind: "checkpoint", threadId: "t", checkpointNs: "", checkpointId: first.id },
      { kind: "writes", threadId: "t", checkpointNs: "", checkpointId: first.id },
      { kind: "store", namespace: ["notes", "alice"], key: "k", deleted: false },
      { kind: "store", namespace: ["notes"], key: "gone", deleted: true },
      { kind: "deleteThread", threadId: "t" },
    ]);
  });

  it("stops telling a listener once unsubscribed, and a listener that throws fails no write", async () => {
    const events: CommitEvent[] = [];
    const stop = db.onCommit((event) => events.push(event));
    db.onCommit(() => {
      throw new Error("listener bug");
    });
    await db.store.put(["a"], "1", { v: 1 });
    stop();
    await db.store.put(["a"], "2", { v: 2 });
    expect(events.map((event) => event.kind === "store" && event.key)).toEqual(["1"]);
    expect((await db.store.get(["a"], "2"))?.value).toEqual({ v: 2 });
  });
});

describe("graph_id", () => {
  it("records the run's configurable.graph_id in the checkpoint's metadata, unless the metadata names one", async () => {
    const named = checkpoint();
    await db.checkpointer.put({ configurable: { thread_id: "t", checkpoint_ns: "", graph_id: "agent" } }, named, { source: "loop", step: 0, parents: {} }, {});
    const own = checkpoint();
    const ownMetadata: CheckpointMetadata<{ graph_id: string }> = { source: "loop", step: 1, parents: {}, graph_id: "other" };
    await db.checkpointer.put({ configurable: { thread_id: "t", checkpoint_ns: "", graph_id: "agent" } }, own, ownMetadata, {});
    const plain = checkpoint();
    await db.checkpointer.put({ configurable: { thread_id: "u", checkpoint_ns: "" } }, plain, { source: "loop", step: 0, parents: {} }, {});
    const metadataOf = async (thread: string, id: string) =>
      (await db.checkpointer.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "", checkpoint_id: id } }))?.metadata as Record<string, unknown>;
    expect((await metadataOf("t", named.id)).graph_id).toBe("agent");
    expect((await metadataOf("t", own.id)).graph_id).toBe("other");
    expect(await metadataOf("u", plain.id)).not.toHaveProperty("graph_id");
  });
});
