// Names and values that trip up plain JavaScript objects must come back as they went in, through
// the journal, a compaction (on this thread or in the worker) and a reopen (threads then read
// lazily through db.json.index); values the serializer cannot represent are refused by name.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import { emptyCheckpoint, MemorySaver, uuid6 } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { isWorkspaceDbError, openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  // Nothing a test stored may have reached Object.prototype.
  expect(Object.keys(Object.prototype).join(", ")).toBe("");
});
afterAll(removeTempDirs);

async function open(file: string): Promise<WorkspaceDb> {
  const db = await openWorkspaceDb({ path: file, idleCompactionMs: 60_000 });
  opened.push(db);
  return db;
}

const HOSTILE = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];

/** `{ [key]: value }` as an own property, whatever the key (an object literal would set __proto__'s prototype). */
function own(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** A value with every hostile name as a key, at the top and nested, in an object and an array. */
function hostileValue(tag: string): Record<string, unknown> {
  return own(
    HOSTILE.map((key) => [
      key,
      own([
        [key, `${tag}:${key}`],
        ["list", [own([[key, 1]])]],
      ]),
    ]),
  );
}

/** What a user sees of a value: own keys, in order, all the way down (JSON.stringify shows own __proto__ keys). */
const shown = (value: unknown): string => JSON.stringify(value);

/** Puts one checkpoint on thread `name`, namespace `name`, whose channels are named after every hostile name. */
async function putHostileCheckpoint(db: WorkspaceDb, name: string): Promise<void> {
  const channelValues = own(HOSTILE.map((channel) => [channel, hostileValue(`${name}/${channel}`)]));
  const versions = own(HOSTILE.map((channel) => [channel, 1])) as Record<string, number>;
  const checkpoint: Checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: channelValues, channel_versions: versions };
  const config = await db.checkpointer.put(
    { configurable: { thread_id: name, checkpoint_ns: name } },
    checkpoint,
    { source: "loop", step: 0, parents: {} },
    versions,
  );
  await db.checkpointer.putWrites(
    config,
    HOSTILE.map((channel) => [channel, hostileValue(`write ${name}/${channel}`)]),
    "task-1",
  );
}

async function expectHostileCheckpoint(db: WorkspaceDb, name: string): Promise<void> {
  const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: name, checkpoint_ns: name } });
  expect(tuple === undefined, `thread ${name} has a checkpoint`).toBe(false);
  expect([tuple!.config.configurable?.thread_id, tuple!.config.configurable?.checkpoint_ns]).toEqual([name, name]);
  const values = tuple!.checkpoint.channel_values;
  expect(Object.keys(values).sort()).toEqual([...HOSTILE].sort());
  for (const channel of HOSTILE) expect(shown(Object.getOwnPropertyDescriptor(values, channel)?.value)).toBe(shown(hostileValue(`${name}/${channel}`)));
  expect(tuple!.pendingWrites!.map(([, channel, value]) => [channel, shown(value)])).toEqual(
    HOSTILE.map((channel) => [channel, shown(hostileValue(`write ${name}/${channel}`))]),
  );
}

async function putHostileItems(db: WorkspaceDb, name: string): Promise<void> {
  await db.store.put([name, "x"], name, hostileValue(`store ${name}`));
  await db.store.put(["ns", name], "k", hostileValue(`store ns/${name}`));
}

async function expectHostileItems(db: WorkspaceDb, name: string): Promise<void> {
  const item = await db.store.get([name, "x"], name);
  expect(item?.key).toBe(name);
  expect(shown(item?.value)).toBe(shown(hostileValue(`store ${name}`)));
  expect(shown((await db.store.get(["ns", name], "k"))?.value)).toBe(shown(hostileValue(`store ns/${name}`)));
  const found = await db.store.search([name]);
  expect(found.map((each) => [each.namespace, each.key])).toEqual([[[name, "x"], name]]);
  expect(await db.store.listNamespaces({ prefix: ["ns", name] })).toEqual([["ns", name]]);
  // A filter on a hostile key finds the item that has it, and not the ones that inherit something by that name.
  await db.store.put(["plain", name], "without", { other: 1 });
  const filtered = await db.store.search(["plain", name], { filter: own([[name, {}]]) });
  expect(filtered.map((each) => each.key)).toEqual([]);
  await db.store.delete(["plain", name], "without");
  const byKey = await db.store.search(["ns", name], { filter: own([[`${name}.${name}`, `store ns/${name}:${name}`]]) });
  expect(byKey.map((each) => each.key)).toEqual(["k"]);
}

/** A revived message's type; not instanceof, which LangChain's message classes answer by shape (a plain copy passes). */
function messageType(message: unknown): string | undefined {
  const getType = (message as { getType?: unknown } | null)?.getType;
  return typeof getType === "function" ? (getType.call(message) as string) : undefined;
}

/** Copies db.json and its side files (not the lock): what a crash before compaction leaves. */
function crashCopy(file: string): string {
  const copy = tempDbPath();
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  for (const suffix of ["", ".journal", ".journal.folding", ".index"]) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
  return copy;
}

describe("hostile names (__proto__, constructor, prototype, toString, hasOwnProperty)", () => {
  async function filled(): Promise<{ file: string; db: WorkspaceDb }> {
    const file = tempDbPath();
    const db = await open(file);
    for (const name of HOSTILE) {
      await putHostileCheckpoint(db, name);
      await putHostileItems(db, name);
    }
    return { file, db };
  }

  async function expectAll(db: WorkspaceDb): Promise<void> {
    for (const name of HOSTILE) {
      await expectHostileCheckpoint(db, name);
      await expectHostileItems(db, name);
    }
    const threads = new Set<string>();
    for await (const tuple of db.checkpointer.list({})) threads.add(tuple.config.configurable!.thread_id as string);
    expect([...threads].sort()).toEqual([...HOSTILE].sort());
  }

  it("are kept as thread ids, checkpoint_ns, channels, store labels, keys and value keys while open", async () => {
    const { db } = await filled();
    await expectAll(db);
  });

  it("are kept when the journal is replayed at open", async () => {
    const { file } = await filled();
    await expectAll(await open(crashCopy(file)));
  });

  it("are kept through a compaction and a reopen that reads threads through db.json.index", async () => {
    const { file, db } = await filled();
    db.compact();
    await expectAll(db);
    await db.close();
    expect(fs.existsSync(`${file}.index`)).toBe(true);
    await expectAll(await open(file));
  });

  it("are kept through a compaction in the worker thread and a reopen", async () => {
    const { file, db } = await filled();
    await db.compactInBackground();
    await expectAll(db);
    await expectAll(await open(crashCopy(file)));
  });

  it("are kept in db.json as written, so a user reading the file sees them", async () => {
    const { file, db } = await filled();
    db.compact();
    const tree = JSON.parse(fs.readFileSync(file, "utf8")) as { threads: Record<string, unknown>; store: Record<string, unknown> };
    expect(Object.keys(tree.threads).sort()).toEqual([...HOSTILE].sort());
    expect(Object.keys(tree.store)).toEqual(expect.arrayContaining(HOSTILE.map((name) => `${name}.x`)));
  });
});

describe("values the serializer cannot represent", () => {
  async function putValues(db: WorkspaceDb, thread: string, values: Record<string, unknown>): Promise<void> {
    const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
    const checkpoint: Checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions };
    await db.checkpointer.put({ configurable: { thread_id: thread, checkpoint_ns: "" } }, checkpoint, { source: "loop", step: 0, parents: {} }, versions);
  }

  const refusals: Array<[string, unknown, RegExp]> = [
    ["a BigInt", { count: 12n }, /BigInt at count,/],
    ["a BigInt deep in a list", { count: { list: [1, { n: 2n }] } }, /BigInt at count\.list\[1\]\.n/],
    ["a BigInt beside a message", { count: { messages: [new HumanMessage("hi")], n: 3n } }, /BigInt at count\.n/],
    ["a BigInt inside a message", { count: [new HumanMessage({ content: "hi", additional_kwargs: { n: 3n } })] }, /BigInt/],
    ["a Symbol", { count: { tag: Symbol("x") } }, /Symbol at count\.tag/],
    ["a function", { count: { callback: () => 1 } }, /function at count\.callback/],
  ];

  for (const [what, channelValue, problem] of refusals) {
    it(`refuses ${what} in a state channel, naming the channel, and stores nothing`, async () => {
      const db = await open(tempDbPath());
      const put = putValues(db, "t", { fine: "yes", ...(channelValue as object) });
      await expect(put).rejects.toSatisfy((error: unknown) => isWorkspaceDbError(error, "DB_INVALID_INPUT"));
      await expect(put).rejects.toThrow(/channel "count" of thread "t"/);
      await expect(put).rejects.toThrow(problem);
      expect(await db.checkpointer.getTuple({ configurable: { thread_id: "t", checkpoint_ns: "" } })).toBeUndefined();
    });
  }

  it("refuses a BigInt in a checkpoint's metadata, naming the checkpoint and thread", async () => {
    const db = await open(tempDbPath());
    const checkpoint: Checkpoint = { ...emptyCheckpoint(), id: uuid6(-1) };
    const metadata = { source: "loop" as const, step: 0, parents: {}, runCount: 2n };
    const put = db.checkpointer.put({ configurable: { thread_id: "t", checkpoint_ns: "" } }, checkpoint, metadata, {});
    await expect(put).rejects.toThrow(new RegExp(`the metadata of checkpoint ${checkpoint.id} of thread "t": it holds a BigInt at runCount`));
    expect(await db.checkpointer.getTuple({ configurable: { thread_id: "t", checkpoint_ns: "" } })).toBeUndefined();
  });

  it("refuses a BigInt in pending writes, naming the channel", async () => {
    const db = await open(tempDbPath());
    await putValues(db, "t", { count: 1 });
    const config = {
      configurable: { thread_id: "t", checkpoint_ns: "", checkpoint_id: (await db.checkpointer.getTuple({ configurable: { thread_id: "t" } }))!.checkpoint.id },
    };
    await expect(db.checkpointer.putWrites(config, [["count", 5n]], "task-1")).rejects.toThrow(/channel "count" of thread "t".*BigInt/);
    expect((await db.checkpointer.getTuple(config))!.pendingWrites).toEqual([]);
  });

  it("refuses a BigInt in a store value, naming namespace and key, and stores nothing of the batch", async () => {
    const db = await open(tempDbPath());
    await expect(db.store.put(["memories", "u1"], "prefs", { size: 10n })).rejects.toThrow(/store namespace \["memories","u1"\] key "prefs".*BigInt at size/);
    const batch = db.store.batch([
      { namespace: ["memories", "u1"], key: "ok", value: { fine: true } },
      { namespace: ["memories", "u1"], key: "bad", value: { nested: { list: [new Map([["n", 1n]])] } } },
    ]);
    await expect(batch).rejects.toThrow(/key "bad".*BigInt/);
    expect(await db.store.search(["memories"])).toEqual([]);
  });

  it("refuses a BigInt that a custom JsonPlusSerializer turns into an error string", async () => {
    // LangGraph's own serializer (the package does not export its class), passed as a custom one.
    const jsonPlus = new MemorySaver().serde;
    const serde = {
      dumpsTyped: (value: unknown) => jsonPlus.dumpsTyped(value),
      loadsTyped: (type: string, data: Uint8Array | string) => jsonPlus.loadsTyped(type, data),
    };
    const db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000, serde });
    opened.push(db);
    await expect(putValues(db, "t", { count: { n: 1n } })).rejects.toThrow(/channel "count" of thread "t"/);
    await expect(db.store.put(["m"], "k", { n: 1n })).rejects.toThrow(/store namespace \["m"\] key "k"/);
  });
});

describe("user objects with an `lc` key", () => {
  const lookalikes = (): Record<string, unknown> => ({
    note: { lc: 1, note: "x" },
    fake: { lc: 1, type: "constructor", id: ["langchain_core", "messages", "HumanMessage"], kwargs: { content: "not a message" } },
    fakeUndefined: { lc: 2, type: "undefined" },
    fakeSet: { lc: 2, type: "constructor", id: ["Set"], args: [[1, 2]] },
    wrapped: { lc: 0, type: "object", value: { a: 1 } },
    nested: { list: [{ lc: "mine", deeper: { lc: 1, type: "constructor", id: [], kwargs: {} } }] },
  });

  async function expectRoundTrip(db: WorkspaceDb, thread: string, withMessages: boolean): Promise<void> {
    const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: thread, checkpoint_ns: "" } });
    const values = tuple!.checkpoint.channel_values as Record<string, unknown>;
    expect(values.user).toStrictEqual(lookalikes());
    if (withMessages) {
      const messages = values.messages as unknown[];
      expect(messages.map(messageType)).toEqual(["human", "ai"]);
      expect((messages[1] as AIMessage).content).toBe("hi there");
      expect(values.mixed).toMatchObject({ lookalike: { lc: 1, note: "x" } });
      expect(messageType((values.mixed as { message: unknown }).message)).toBe("human");
    }
    expect((await db.store.get(["memories"], thread))!.value).toStrictEqual(lookalikes());
  }

  async function fill(db: WorkspaceDb, thread: string, withMessages: boolean): Promise<void> {
    const values: Record<string, unknown> = { user: lookalikes() };
    if (withMessages) {
      values.messages = [new HumanMessage("hello"), new AIMessage({ content: "hi there", id: "ai-1" })];
      values.mixed = { lookalike: { lc: 1, note: "x" }, message: new HumanMessage("inside") };
    }
    const versions = Object.fromEntries(Object.keys(values).map((channel) => [channel, 1]));
    const checkpoint: Checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: values, channel_versions: versions };
    await db.checkpointer.put({ configurable: { thread_id: thread, checkpoint_ns: "" } }, checkpoint, { source: "loop", step: 0, parents: {} }, versions);
    await db.store.put(["memories"], thread, lookalikes());
  }

  for (const withMessages of [false, true]) {
    it(`come back as the same plain objects${withMessages ? ", beside real messages that come back as messages" : ""}, before and after a reopen`, async () => {
      const file = tempDbPath();
      const db = await open(file);
      await fill(db, "t", withMessages);
      await expectRoundTrip(db, "t", withMessages);
      await expectRoundTrip(await open(crashCopy(file)), "t", withMessages);
      await db.close();
      await expectRoundTrip(await open(file), "t", withMessages);
    });
  }

  it("still reads messages and plain `lc` objects that an older version wrote unescaped", async () => {
    const file = tempDbPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const message = {
      lc: 1,
      type: "constructor",
      id: ["langchain_core", "messages", "HumanMessage"],
      kwargs: { content: "old", additional_kwargs: {}, response_metadata: {} },
    };
    const checkpoint = {
      v: 4,
      id: "1f0a0000-0000-6000-8000-000000000000",
      ts: "2026-01-01T00:00:00.000Z",
      channel_versions: { messages: 1, user: 1, both: 1 },
      versions_seen: {},
    };
    const snapshot = {
      format: "langgraph-workspace-db",
      version: 1,
      journal: { id: "", seq: 0 },
      threads: {
        old: {
          "": {
            checkpoints: { [checkpoint.id]: { parent: null, checkpoint, metadata: { source: "loop", step: 0, parents: {} }, writes: [] } },
            channels: { messages: { "1": [message] }, user: { "1": { lc: 1, note: "x" } }, both: { "1": { message, lc: 1 } } },
          },
        },
      },
      store: {},
    };
    fs.writeFileSync(file, JSON.stringify(snapshot, null, 2));
    const db = await open(file);
    const values = (await db.checkpointer.getTuple({ configurable: { thread_id: "old", checkpoint_ns: "" } }))!.checkpoint.channel_values as Record<
      string,
      unknown
    >;
    expect(messageType((values.messages as unknown[])[0])).toBe("human");
    expect((values.messages as HumanMessage[])[0].content).toBe("old");
    expect(values.user).toStrictEqual({ lc: 1, note: "x" });
    const both = values.both as { message: HumanMessage; lc: number };
    expect(messageType(both.message)).toBe("human");
    expect([both.message.content, both.lc]).toEqual(["old", 1]);
  });
});
