// What the Threads and Store views are sent for values and names that trip up plain objects:
// the same keys the user stored, `__proto__` and `toString` included.
import { afterAll, afterEach, expect, it } from "vitest";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { checkpointDetail, listThreads } from "../../../src/engine/db/checkpointSummaries";
import { itemView, listNamespaceCounts } from "../../../src/engine/db/storeViews";
import { removeTempDirs, tempDbPath } from "../persistence/helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

/** `{ __proto__: { toString: "x", list: [{ constructor: 1 }] } }` with own keys (a literal would set the prototype). */
function hostileValue(): Record<string, unknown> {
  const inner: Record<string, unknown> = { toString: "x", list: [{ constructor: 1 }] };
  const value: Record<string, unknown> = {};
  Object.defineProperty(value, "__proto__", { value: inner, enumerable: true, writable: true, configurable: true });
  return value;
}

const shownAsSent = (value: unknown): string => JSON.stringify(JSON.parse(JSON.stringify(value)));

it("shows a checkpoint's values, pending writes and store items with their __proto__ and toString keys", async () => {
  const db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000 });
  opened.push(db);
  const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: { constructor: hostileValue() }, channel_versions: { constructor: 1 } };
  const config = await db.checkpointer.put(
    { configurable: { thread_id: "toString", checkpoint_ns: "" } },
    checkpoint,
    { source: "loop", step: 0, parents: {} },
    { constructor: 1 },
  );
  await db.checkpointer.putWrites(config, [["constructor", hostileValue()]], "task-1");
  await db.store.put(["prototype"], "__proto__", hostileValue());

  expect(listThreads(db, { offset: 0, limit: 10 }).threads.map((thread) => thread.threadId)).toEqual(["toString"]);
  const detail = await checkpointDetail(db, "toString", checkpoint.id);
  expect(shownAsSent(detail.values)).toBe(JSON.stringify({ constructor: hostileValue() }));
  expect(detail.pendingWrites.map((write) => [write.channel, shownAsSent(write.value)])).toEqual([["constructor", JSON.stringify(hostileValue())]]);

  expect(listNamespaceCounts(db, [], undefined)).toEqual([{ namespace: ["prototype"], count: 1 }]);
  const view = itemView((await db.store.get(["prototype"], "__proto__"))!);
  expect(view.key).toBe("__proto__");
  expect(shownAsSent(view.value)).toBe(JSON.stringify(hostileValue()));
});
