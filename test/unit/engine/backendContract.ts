// The DataBackend contract (src/engine/db/backend.ts) as tests any backend must pass: the
// workspace JSON database (workspaceBackend.test.ts) and, as they come, Postgres and a LangGraph
// server. Data is written through the backend's own LangGraph checkpointer and store (a real
// graph runs on them), then read and edited through the contract, as the views do.

import { join } from "node:path";
import { uuid6, type Checkpoint } from "@langchain/langgraph-checkpoint";
import { afterEach, describe, expect, it } from "vitest";
import type { DataBackend, ItemAddress } from "../../../src/engine/db/backend";
import { readGraphConfig, type GraphConfig } from "../../../src/engine/graphConfig";
import { loadGraph } from "../../../src/engine/graphLoader";
import type { DbChange } from "../../../src/protocol/engine";

export interface BackendFactory {
  /** A new, empty, writable backend; with `semanticSearch`, searching by meaning over the `text` field of values. */
  create(): Promise<DataBackend>;
  /**
   * Whether the backend under test ranks items by meaning. One that cannot (Postgres without
   * pgvector) must say so, with a reason, and refuse a query instead of ignoring it.
   */
  semanticSearch: boolean;
  /** The data of `backend`, opened a second time read-only (as a production connection set `readOnly`). */
  openReadOnly(backend: DataBackend): Promise<DataBackend>;
  /**
   * Cases that cannot hold for this backend, each with the reason (shown in the skipped case's
   * title, so a report counts them): e.g. a LangGraph server has no local checkpointer to seed
   * made-up checkpoints through. Its own test file covers what it can of them another way.
   */
  notApplicable?: Partial<Record<ContractCase, string>>;
}

/** The contract's cases that need a local checkpointer and store, or a read-only mode. */
export type ContractCase = "threadPages" | "fork" | "listeners" | "readOnly";

/** langgraph.json of the `notes` graph: `remember` puts the note in the store, `confirm` waits at an interrupt. */
const notesConfigFile = join(__dirname, "fixtures", "db", "langgraph.json");

/** A checkpoint as LangGraph 1.x writes one, with `agent` to run next. */
function checkpointAt(step: number): Checkpoint {
  return {
    v: 4,
    id: uuid6(-1),
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
    channel_values: { count: step, "branch:to:agent": null },
    channel_versions: { count: step + 2, "branch:to:agent": step + 2 },
    versions_seen: {},
  };
}

/** The backend's LangGraph checkpointer and store, which the seeding cases write through. */
function local(backend: DataBackend): { checkpointer: NonNullable<DataBackend["checkpointer"]>; store: NonNullable<DataBackend["store"]> } {
  const { checkpointer, store } = backend;
  if (!checkpointer || !store)
    throw new Error(`${backend.info().location} runs no graph here (${backend.localRuns?.reason}): list this case in notApplicable.`);
  return { checkpointer, store };
}

/** Saves a checkpoint after `parent` through the backend's checkpointer; returns its id. */
async function putCheckpoint(backend: DataBackend, threadId: string, step: number, parent?: string): Promise<string> {
  const checkpoint = checkpointAt(step);
  const config = { configurable: { thread_id: threadId, checkpoint_ns: "", ...(parent ? { checkpoint_id: parent } : {}) } };
  await local(backend).checkpointer.put(config, checkpoint, { source: "loop", step, parents: {} }, checkpoint.channel_versions);
  return checkpoint.id;
}

/** Runs the notes graph on the backend's checkpointer and store until its interrupt (steps -1 … 2). */
async function runNotes(backend: DataBackend, config: GraphConfig, threadId: string, note: string): Promise<void> {
  const { graph } = await loadGraph(config, "notes");
  const runnable = graph as { checkpointer?: unknown; store?: unknown; invoke(input: unknown, options: unknown): Promise<unknown> };
  runnable.checkpointer = local(backend).checkpointer;
  runnable.store = local(backend).store;
  await runnable.invoke({ note }, { configurable: { thread_id: threadId } });
}

/** Waits until the clock shows a later millisecond, so two writes cannot share an `updatedAt`. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
}

/** The error a call rejects with. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

export function backendContract(name: string, factory: BackendFactory): void {
  describe(`DataBackend contract: ${name}`, () => {
    const opened: DataBackend[] = [];
    const fresh = async () => {
      const backend = await factory.create();
      opened.push(backend);
      return backend;
    };
    const readOnlyOf = async (backend: DataBackend) => {
      const readOnly = await factory.openReadOnly(backend);
      opened.push(readOnly);
      return readOnly;
    };
    /** `it`, or a skipped case saying why it cannot hold for this backend. */
    const contractCase = (key: ContractCase, title: string, body: () => Promise<void>) => {
      const reason = factory.notApplicable?.[key];
      if (reason === undefined) it(title, body);
      else it.skip(`${title} (not applicable: ${reason})`, body);
    };
    afterEach(async () => {
      // The newest first: a read-only view closes before the backend it looks at.
      for (const backend of opened.splice(0).reverse()) await backend.close();
    });

    it("says where it is and what it can do", async () => {
      const info = (await fresh()).info();
      expect(info.location).not.toBe("");
      expect(info).toMatchObject({ readOnly: false, semanticSearch: factory.semanticSearch });
      expect(info.readOnlyReason).toBeUndefined();
      for (const [feature, capability] of Object.entries(info.capabilities)) {
        if (feature === "semanticSearch" && !factory.semanticSearch) expect(capability).toEqual({ available: false, reason: expect.stringMatching(/\w/) });
        else expect(capability, feature).toEqual({ available: true });
      }
    });

    contractCase("threadPages", "pages threads newest first and a thread's checkpoints newest first, with totals", async () => {
      const backend = await fresh();
      const first: Record<string, string> = {};
      for (const threadId of ["t0", "t1", "t2", "t3", "t4"]) first[threadId] = await putCheckpoint(backend, threadId, 0);
      // t1 gets two more checkpoints later: it is now the most recently updated.
      const second = await putCheckpoint(backend, "t1", 1, first.t1);
      const third = await putCheckpoint(backend, "t1", 2, second);

      const all = await backend.threads({ offset: 0, limit: 10 });
      expect(all.total).toBe(5);
      expect(all.threads.map((thread) => thread.threadId)).toEqual(["t1", "t4", "t3", "t2", "t0"]);
      expect(all.threads[0]).toMatchObject({ checkpointCount: 3, step: 2, next: ["agent"] });
      expect(await backend.threads({ offset: 1, limit: 2 })).toMatchObject({ total: 5, threads: [{ threadId: "t4" }, { threadId: "t3" }] });
      expect(await backend.threads({ offset: 5, limit: 2 })).toEqual({ total: 5, threads: [] });

      const history = await backend.checkpoints("t1", { offset: 0, limit: 10 });
      expect(history.total).toBe(3);
      expect(history.checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint.parentCheckpointId, checkpoint.step])).toEqual([
        [third, second, 2],
        [second, first.t1, 1],
        [first.t1, undefined, 0],
      ]);
      const middle = await backend.checkpoints("t1", { offset: 1, limit: 1 });
      expect(middle).toMatchObject({ total: 3, checkpoints: [{ checkpointId: second }] });

      const detail = await backend.checkpoint("t1", second);
      expect(detail).toMatchObject({ threadId: "t1", checkpointId: second, step: 1, values: { count: 1 }, metadata: { source: "loop", step: 1 } });
      await expect(backend.checkpoints("absent", { offset: 0, limit: 10 })).rejects.toMatchObject({ code: "checkpointNotFound" });
      await expect(backend.checkpoint("t1", "absent")).rejects.toMatchObject({ code: "checkpointNotFound" });

      await backend.deleteThread("t4");
      expect((await backend.threads({ offset: 0, limit: 10 })).threads.map((thread) => thread.threadId)).toEqual(["t1", "t3", "t2", "t0"]);
      await expect(backend.checkpoints("t4", { offset: 0, limit: 10 })).rejects.toMatchObject({ code: "checkpointNotFound" });
    });

    contractCase("fork", "forks with updateState and leaves the original branch as it was", async () => {
      const backend = await fresh();
      const config = await readGraphConfig(notesConfigFile);
      await runNotes(backend, config, "thread-a", "buy milk");
      const before = (await backend.checkpoints("thread-a", { offset: 0, limit: 10 })).checkpoints;
      expect(before.map((checkpoint) => checkpoint.step)).toEqual([2, 1, 0, -1]);
      const details = await Promise.all(before.map((checkpoint) => backend.checkpoint("thread-a", checkpoint.checkpointId)));
      const mid = before[1]!;

      const { checkpointId } = await backend.updateState({ threadId: "thread-a", checkpointId: mid.checkpointId, path: ["note"], value: "buy bread" }, config);

      const after = await backend.checkpoints("thread-a", { offset: 0, limit: 10 });
      expect(after.total).toBe(5);
      expect(after.checkpoints[0]).toMatchObject({ checkpointId, parentCheckpointId: mid.checkpointId, source: "update", step: 2 });
      expect((await backend.checkpoint("thread-a", checkpointId)).values).toMatchObject({ note: "buy bread" });
      // Every checkpoint of the original branch reads as it did before the fork. LangGraph's
      // updateState records the edit as pending writes of the checkpoint it forks: only those are new.
      for (const detail of details) {
        const now = await backend.checkpoint("thread-a", detail.checkpointId);
        if (detail.checkpointId !== mid.checkpointId) expect(now).toEqual(detail);
        else {
          // Savers may return pending writes in any order (PostgresSaver sorts them by task id).
          expect({ ...now, pendingWrites: [] }).toEqual({ ...detail, pendingWrites: [] });
          expect(now.pendingWrites).toEqual(expect.arrayContaining(detail.pendingWrites));
          expect(now.pendingWrites.length).toBeGreaterThan(detail.pendingWrites.length);
        }
      }
      expect(details[0]!.values).toMatchObject({ note: "buy milk" });
    });

    it("puts, gets, searches and counts store items", async () => {
      const backend = await fresh();
      await backend.putItem({ namespace: ["notes", "user-1"], key: "a" }, { text: "buy milk" });
      await backend.putItem({ namespace: ["notes", "user-1"], key: "b" }, { text: "zebra crossing" });
      await backend.putItem({ namespace: ["notes", "user-2"], key: "a" }, { text: "call mom" });
      await backend.putItem({ namespace: ["other"], key: "x" }, { text: "elsewhere" });

      expect(await backend.item({ namespace: ["notes", "user-1"], key: "a" })).toMatchObject({
        namespace: ["notes", "user-1"],
        key: "a",
        value: { text: "buy milk" },
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(await backend.item({ namespace: ["notes", "user-1"], key: "absent" })).toBeNull();

      expect(await backend.namespaces([])).toEqual([
        { namespace: ["notes", "user-1"], count: 2 },
        { namespace: ["notes", "user-2"], count: 1 },
        { namespace: ["other"], count: 1 },
      ]);
      expect(await backend.namespaces([], 1)).toEqual([
        { namespace: ["notes"], count: 3 },
        { namespace: ["other"], count: 1 },
      ]);
      expect(await backend.namespaces(["notes", "user-2"])).toEqual([{ namespace: ["notes", "user-2"], count: 1 }]);

      const notes = await backend.items({ namespace: ["notes"], offset: 0, limit: 2 });
      expect(notes.total).toBe(3);
      expect(notes.items).toHaveLength(2);
      const rest = await backend.items({ namespace: ["notes"], offset: 2, limit: 2 });
      expect([...notes.items, ...rest.items].map((item) => `${item.namespace.join("/")}:${item.key}`).sort()).toEqual([
        "notes/user-1:a",
        "notes/user-1:b",
        "notes/user-2:a",
      ]);
      expect(await backend.items({ namespace: ["notes"], filter: { text: "call mom" }, offset: 0, limit: 10 })).toMatchObject({
        total: 1,
        items: [{ namespace: ["notes", "user-2"], key: "a" }],
      });
      const ranking = backend.items({ namespace: [], query: "zebra crossing", offset: 0, limit: 10 });
      if (factory.semanticSearch) expect((await ranking).items[0]).toMatchObject({ key: "b", score: expect.any(Number) });
      else expect(await failureOf(ranking)).toBeInstanceOf(Error);

      await backend.deleteItem({ namespace: ["notes", "user-1"], key: "a" });
      expect(await backend.item({ namespace: ["notes", "user-1"], key: "a" })).toBeNull();
      expect((await backend.items({ namespace: ["notes"], offset: 0, limit: 10 })).total).toBe(2);
    });

    it("refuses a put whose updatedAt no longer holds (compare-and-set)", async () => {
      const backend = await fresh();
      const address = { namespace: ["notes"], key: "k" };
      const original = await backend.putItem(address, { text: "one" });
      await nextMillisecond();
      const edited = await backend.putItem(address, { text: "two" }, { ifUpdatedAt: original.updatedAt });
      expect(edited).toMatchObject({ value: { text: "two" }, createdAt: original.createdAt });

      const stale = await failureOf(backend.putItem(address, { text: "three" }, { ifUpdatedAt: original.updatedAt }));
      expect(stale).toMatchObject({ code: "conflict", message: expect.stringContaining("changed since you opened it") });
      expect((await backend.item(address))?.value).toEqual({ text: "two" });

      await backend.deleteItem(address);
      const gone = await failureOf(backend.putItem(address, { text: "back" }, { ifUpdatedAt: edited.updatedAt }));
      expect(gone).toMatchObject({ code: "conflict", message: expect.stringContaining("was deleted") });
      expect(await backend.item(address)).toBeNull();
    });

    it("moves an item in one step and refuses a taken target or a stale updatedAt", async () => {
      const backend = await fresh();
      const from = { namespace: ["notes", "user-1"], key: "a" };
      const taken = { namespace: ["notes", "user-2"], key: "b" };
      const put = await backend.putItem(from, { text: "mine" });
      await backend.putItem(taken, { text: "theirs" });

      expect(await failureOf(backend.moveItem(from, taken))).toMatchObject({ code: "conflict", message: expect.stringContaining("already exists") });
      expect((await backend.item(from))?.value).toEqual({ text: "mine" });
      expect((await backend.item(taken))?.value).toEqual({ text: "theirs" });

      const to = { namespace: ["notes", "user-3"], key: "a2" };
      expect(await failureOf(backend.moveItem(from, to, { ifUpdatedAt: "2000-01-01T00:00:00.000Z" }))).toMatchObject({ code: "conflict" });
      expect(await backend.item(to)).toBeNull();

      const moved = await backend.moveItem(from, to, { ifUpdatedAt: put.updatedAt });
      expect(moved).toMatchObject({ ...to, value: { text: "mine" } });
      expect(await backend.item(from)).toBeNull();
      expect((await backend.item(to))?.value).toEqual({ text: "mine" });
    });

    contractCase("listeners", "tells its listeners of every write, whoever makes it, until they unsubscribe", async () => {
      const backend = await fresh();
      const config = await readGraphConfig(notesConfigFile);
      const changes: DbChange[] = [];
      const unsubscribe = backend.onChange((change) => changes.push(change));
      const location = backend.info().location;
      /** Every change is about this backend; returns the threads and namespaces they name. */
      const named = () => {
        expect(changes.every((change) => change.dbPath === location)).toBe(true);
        return {
          threadIds: new Set(changes.filter((c) => c.kinds.includes("checkpoints")).flatMap((c) => c.threadIds ?? [])),
          namespaces: changes.filter((c) => c.kinds.includes("store")).flatMap((c) => (c.namespaces ?? []).map((labels) => labels.join("/"))),
        };
      };
      const after = async (write: () => Promise<unknown>, expected: { threadId?: string; namespaces?: string[] }) => {
        changes.length = 0;
        await write();
        if (expected.threadId) await expect.poll(() => named().threadIds.has(expected.threadId!), { timeout: 10_000 }).toBe(true);
        for (const namespace of expected.namespaces ?? []) await expect.poll(() => named().namespaces, { timeout: 10_000 }).toContain(namespace);
      };

      // A graph run writes checkpoints and a store item through LangGraph's own interfaces.
      await after(() => runNotes(backend, config, "thread-a", "buy milk"), { threadId: "thread-a", namespaces: ["notes/user-1"] });
      const mid = (await backend.checkpoints("thread-a", { offset: 1, limit: 1 })).checkpoints[0]!;
      await after(() => backend.updateState({ threadId: "thread-a", checkpointId: mid.checkpointId, path: ["note"], value: "x" }, config), {
        threadId: "thread-a",
      });
      const address: ItemAddress = { namespace: ["notes", "user-9"], key: "k" };
      await after(() => backend.putItem(address, { text: "t" }), { namespaces: ["notes/user-9"] });
      await after(() => backend.moveItem(address, { namespace: ["moved"], key: "k" }), { namespaces: ["notes/user-9", "moved"] });
      await after(() => backend.deleteItem({ namespace: ["moved"], key: "k" }), { namespaces: ["moved"] });
      await after(() => backend.deleteThread("thread-a"), { threadId: "thread-a" });

      unsubscribe();
      changes.length = 0;
      await backend.putItem(address, { text: "unheard" });
      await putCheckpoint(backend, "thread-b", 0);
      // A listener that already left hears nothing more; a new one hears what follows.
      const later: DbChange[] = [];
      backend.onChange((change) => later.push(change));
      await backend.deleteItem(address);
      await expect.poll(() => later.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(changes).toEqual([]);
    });

    contractCase("readOnly", "read-only: refuses every write with its reason, says so in info(), and still reads", async () => {
      const backend = await fresh();
      const config = await readGraphConfig(notesConfigFile);
      await runNotes(backend, config, "thread-a", "buy milk");
      const item = { namespace: ["notes", "user-1"], key: "note-0" };
      const stored = await backend.item(item);
      expect(stored?.value).toEqual({ text: "buy milk" });
      const checkpoints = (await backend.checkpoints("thread-a", { offset: 0, limit: 10 })).checkpoints;

      const readOnly = await readOnlyOf(backend);
      const info = readOnly.info();
      expect(info.readOnly).toBe(true);
      expect(info.readOnlyReason).toEqual(expect.stringMatching(/\S/));
      for (const write of ["deleteThread", "updateState", "putItem", "deleteItem", "moveItem"] as const) {
        expect(info.capabilities[write], write).toEqual({ available: false, reason: info.readOnlyReason });
      }

      const writes: Record<string, () => Promise<unknown>> = {
        deleteThread: () => readOnly.deleteThread("thread-a"),
        updateState: () => readOnly.updateState({ threadId: "thread-a", checkpointId: checkpoints[1]!.checkpointId, path: ["note"], value: "x" }, config),
        putItem: () => readOnly.putItem(item, { text: "changed" }),
        putItemIfUpdatedAt: () => readOnly.putItem(item, { text: "changed" }, { ifUpdatedAt: stored!.updatedAt }),
        deleteItem: () => readOnly.deleteItem(item),
        moveItem: () => readOnly.moveItem(item, { namespace: ["elsewhere"], key: "k" }),
      };
      for (const [write, call] of Object.entries(writes)) {
        expect(await failureOf(call()), write).toMatchObject({ code: "notEditable", message: info.readOnlyReason });
      }
      // LangGraph's own objects refuse too: a graph run on a read-only backend fails instead of writing.
      await expect(local(readOnly).store.put(["notes"], "k", { text: "x" })).rejects.toThrow();
      await expect(putCheckpoint(readOnly, "thread-b", 0)).rejects.toThrow();

      // Reads work, and nothing changed.
      expect((await readOnly.threads({ offset: 0, limit: 10 })).threads.map((thread) => thread.threadId)).toEqual(["thread-a"]);
      expect((await readOnly.checkpoints("thread-a", { offset: 0, limit: 10 })).checkpoints).toEqual(checkpoints);
      expect(await readOnly.item(item)).toEqual(stored);
      expect(await readOnly.namespaces([])).toEqual([{ namespace: ["notes", "user-1"], count: 1 }]);
      expect(await backend.item({ namespace: ["elsewhere"], key: "k" })).toBeNull();
    });
  });
}
