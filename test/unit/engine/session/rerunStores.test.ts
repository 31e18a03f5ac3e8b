// Which store a session's run gets (rerunStores.ts): the live store in "now" and for runs that
// are no re-run; an overlay of the store as it was at the checkpoint for a re-run "asItWas",
// kept by the runs continuing its branch; refused while the last overlay holds writes, and on a
// store that keeps no history (LangGraph's own InMemoryStore here).
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { InMemoryStore } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../../src/persistence/index";
import { openWorkspaceDb } from "../../../../src/persistence/index";
import type { StoreLike } from "../../../../src/engine/session/recordingStore";
import { RerunStores } from "../../../../src/engine/session/rerunStores";
import type { StateSnapshotLike } from "../../../../src/engine/session/snapshots";
import { removeTempDirs, tempDbPath } from "../../persistence/helpers";

afterAll(removeTempDirs);

let db: WorkspaceDb | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** A checkpoint of step `step`, written at `createdAt`. */
function checkpoint(id: string, step: number, createdAt: Date): StateSnapshotLike {
  return {
    values: {},
    next: ["call_model"],
    tasks: [],
    metadata: { step },
    config: { configurable: { checkpoint_id: id } },
    createdAt: createdAt.toISOString(),
  };
}

async function workspaceStore(): Promise<StoreLike> {
  db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000 });
  return db.store as unknown as StoreLike;
}

describe("RerunStores", () => {
  it('gives "now" runs and runs that are no re-run the live store', async () => {
    const live = await workspaceStore();
    const stores = new RerunStores(live, new Map());
    expect(stores.storeForRun(checkpoint("a", 0, new Date()), true, "b").store).toBe(live);
    stores.mode = "asItWas";
    expect(stores.storeForRun(checkpoint("b", 1, new Date()), false, "b").store).toBe(live);
  });

  it('gives a re-run "asItWas" an overlay as of its checkpoint, kept on its branch, and refuses a new one while it holds writes', async () => {
    const live = await workspaceStore();
    await live.put(["memories", "1"], "name", { data: "my name is Bob" });
    const past = new Date(Date.now() + 5);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await live.put(["memories", "1"], "name", { data: "my name is Robert" });
    const stores = new RerunStores(live, new Map(), "asItWas");

    const { store, announce } = stores.storeForRun(checkpoint("a", 0, past), true, "c");
    expect(announce).toMatch(/^Re-running with the store as of step 0 · .*: writes go to an overlay \(apply with `langgraph\/applyOverlay`\)\.\n$/);
    expect((await store.get(["memories", "1"], "name"))?.value).toEqual({ data: "my name is Bob" });
    await store.put(["memories", "1"], "colour", { data: "green" });
    // The run wrote checkpoints d (newer than c, the newest before it); a and b are older.
    stores.noteWritten([checkpoint("a", 0, past), checkpoint("d", 1, new Date())]);
    expect(stores.overlayOf("d")?.label).toMatch(/^as of step 0 · /);
    expect(stores.overlayOf("a")).toBeUndefined();

    // Continuing from d keeps the overlay: it sees its own write.
    const continued = stores.storeForRun(checkpoint("d", 1, new Date()), false, "d");
    expect(continued.announce).toBeUndefined();
    expect((await continued.store.get(["memories", "1"], "colour"))?.value).toEqual({ data: "green" });

    expect(() => stores.storeForRun(checkpoint("a", 0, past), true, "d")).toThrow(/still holds 1 write/);
    expect(stores.discard().map((write) => write.key)).toEqual(["colour"]);
    expect(stores.storeForRun(checkpoint("a", 0, past), true, "d").store).not.toBe(live);
  });

  it("refuses a re-run as it was on a store that keeps no history, saying what to do", () => {
    const stores = new RerunStores(new InMemoryStore() as unknown as StoreLike, new Map(), "asItWas");
    expect(() => stores.storeForRun(checkpoint("a", 0, new Date()), true, "b")).toThrow(/only the workspace database keeps them/);
  });
});
