// The store's semantics as LangGraph's Python reference defines them, checked through the public
// API and through batch() (which is all a node's runtime.store calls).
import * as fs from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncBatchedStore, InvalidNamespaceError } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { HashEmbeddings, openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

let db: WorkspaceDb;
beforeEach(async () => {
  db = await openWorkspaceDb({ path: tempDbPath() });
});
afterEach(async () => {
  await db.close();
});
afterAll(removeTempDirs);

describe("namespaces", () => {
  it.each([
    ["empty", []],
    ["a label with a period", ["docs", "a.b"]],
    ["an empty label", ["docs", ""]],
    ["the langgraph root", ["langgraph", "x"]],
  ])("rejects %s in put()", async (_name, namespace) => {
    await expect(db.store.put(namespace, "k", { a: 1 })).rejects.toBeInstanceOf(InvalidNamespaceError);
  });

  it("rejects invalid namespaces in delete(): ['a.b'] must not delete from ['a', 'b']", async () => {
    await db.store.put(["a", "b"], "k", { a: 1 });
    await expect(db.store.delete(["a.b"], "k")).rejects.toBeInstanceOf(InvalidNamespaceError);
    expect(await db.store.get(["a", "b"], "k")).not.toBeNull();
  });

  it("rejects invalid namespaces arriving through batch(), as AsyncBatchedStore sends them", async () => {
    await expect(db.store.batch([{ namespace: ["a.b"], key: "k", value: { a: 1 } }])).rejects.toThrow(/period/);
    const batched = new AsyncBatchedStore(db.store);
    batched.start();
    await expect(batched.put(["langgraph"], "k", { a: 1 })).rejects.toThrow(/langgraph/);
    await batched.stop();
    expect(await db.store.search([])).toEqual([]);
  });

  it("matches prefixes label by label", async () => {
    await db.store.put(["docs", "a"], "1", { n: 1 });
    await db.store.put(["docs", "ab"], "2", { n: 2 });
    await db.store.put(["docs", "a", "deep"], "3", { n: 3 });
    const keys = (await db.store.search(["docs", "a"])).map((item) => item.key).sort();
    expect(keys).toEqual(["1", "3"]);
  });
});

describe("items", () => {
  it("keeps createdAt and moves updatedAt on update, and deletes", async () => {
    await db.store.put(["u"], "k", { v: 1 });
    const first = await db.store.get(["u"], "k");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await db.store.put(["u"], "k", { v: 2 });
    const second = await db.store.get(["u"], "k");
    expect(second?.value).toEqual({ v: 2 });
    expect(second?.createdAt).toEqual(first?.createdAt);
    expect(second!.updatedAt.getTime()).toBeGreaterThan(first!.updatedAt.getTime());
    await db.store.delete(["u"], "k");
    expect(await db.store.get(["u"], "k")).toBeNull();
  });

  it("returns copies: mutating a returned item changes nothing stored", async () => {
    await db.store.put(["u"], "k", { nested: { list: [1, 2] } });
    const item = await db.store.get(["u"], "k");
    (item!.value.nested as { list: number[] }).list.push(3);
    item!.namespace.push("x");
    const createdAt = item!.createdAt.getTime();
    item!.createdAt.setTime(0);
    const [found] = await db.store.search(["u"]);
    (found.value.nested as { list: number[] }).list.length = 0;
    const again = await db.store.get(["u"], "k");
    expect(again?.value).toEqual({ nested: { list: [1, 2] } });
    expect(again?.namespace).toEqual(["u"]);
    expect(again?.createdAt.getTime()).toBe(createdAt);
  });

  it("keeps its times to the millisecond: as numbers in journal lines, as ISO text in db.json", async () => {
    await db.store.put(["u"], "k", { v: 1 });
    const put = (await db.store.get(["u"], "k"))!;
    const line = JSON.parse(fs.readFileSync(`${db.path}.journal`, "utf8").trim().split("\n").at(-1)!);
    expect(line.item).toMatchObject({ createdAt: put.createdAt.getTime(), updatedAt: put.updatedAt.getTime() });
    await db.close();
    expect(JSON.parse(fs.readFileSync(db.path, "utf8")).store.u.k).toMatchObject({
      createdAt: put.createdAt.toISOString(),
      updatedAt: put.updatedAt.toISOString(),
    });
    db = await openWorkspaceDb({ path: db.path });
    const reopened = (await db.store.get(["u"], "k"))!;
    expect([reopened.createdAt.getTime(), reopened.updatedAt.getTime()]).toEqual([put.createdAt.getTime(), put.updatedAt.getTime()]);
  });

  it("does not keep a reference to the value that was put", async () => {
    const value = { list: [1] };
    await db.store.put(["u"], "k", value);
    value.list.push(2);
    expect((await db.store.get(["u"], "k"))?.value).toEqual({ list: [1] });
  });

  it("answers reads in a batch from the state before the batch's writes", async () => {
    await db.store.put(["u"], "k", { v: 1 });
    const [read] = await db.store.batch([
      { namespace: ["u"], key: "k" },
      { namespace: ["u"], key: "k", value: { v: 2 } },
    ]);
    expect((read as { value: unknown }).value).toEqual({ v: 1 });
    expect((await db.store.get(["u"], "k"))?.value).toEqual({ v: 2 });
  });
});

describe("search filters", () => {
  beforeEach(async () => {
    for (let i = 0; i < 6; i++) {
      await db.store.put(["items"], `k${i}`, { n: i, kind: i % 2 ? "odd" : "even", meta: { level: i * 10, tag: `t${i}` } });
    }
  });
  const keys = async (filter: Record<string, unknown>, extra: { limit?: number; offset?: number } = {}) =>
    (await db.store.search(["items"], { filter, limit: 100, ...extra })).map((item) => item.key).sort();

  it.each([
    [{ kind: "odd" }, ["k1", "k3", "k5"]],
    [{ n: { $eq: 2 } }, ["k2"]],
    [{ n: { $ne: 2 } }, ["k0", "k1", "k3", "k4", "k5"]],
    [{ n: { $gt: 3 } }, ["k4", "k5"]],
    [{ n: { $gte: 3 } }, ["k3", "k4", "k5"]],
    [{ n: { $lt: 2 } }, ["k0", "k1"]],
    [{ n: { $lte: 1 } }, ["k0", "k1"]],
    [{ n: { $in: [1, 4] } }, ["k1", "k4"]],
    [{ n: { $nin: [0, 1, 2, 3] } }, ["k4", "k5"]],
    [{ "meta.level": { $gte: 30, $lt: 50 } }, ["k3", "k4"]],
    [{ "meta.tag": "t2" }, ["k2"]],
    [{ kind: "even", "meta.level": { $gt: 0 } }, ["k2", "k4"]],
    [{ "meta.missing.deeper": 1 }, []],
  ])("filter %j", async (filter, expected) => {
    expect(await keys(filter)).toEqual(expected);
  });

  it("rejects an unknown operator with a clear error", async () => {
    await expect(db.store.search(["items"], { filter: { n: { $regex: "x" } } })).rejects.toThrow(/Unsupported filter operator \$regex/);
  });

  it("pages with limit and offset, most recently updated first", async () => {
    const page1 = (await db.store.search(["items"], { limit: 2 })).map((item) => item.key);
    const page2 = (await db.store.search(["items"], { limit: 2, offset: 2 })).map((item) => item.key);
    expect(page1).toHaveLength(2);
    expect(page2).toHaveLength(2);
    expect(new Set([...page1, ...page2]).size).toBe(4);
    expect((await db.store.search(["items"], { offset: 5 })).length).toBe(1);
  });
});

describe("listNamespaces", () => {
  beforeEach(async () => {
    for (const ns of [
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "x"],
      ["b", "b"],
      ["c", "d", "e", "f"],
    ])
      await db.store.put(ns, "k", { v: 1 });
  });

  it("lists all, sorted", async () => {
    expect(await db.store.listNamespaces()).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "x"],
      ["b", "b"],
      ["c", "d", "e", "f"],
    ]);
  });
  it("filters by prefix and suffix with * wildcards", async () => {
    expect(await db.store.listNamespaces({ prefix: ["a", "b"] })).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
    ]);
    expect(await db.store.listNamespaces({ prefix: ["*", "b"] })).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["b", "b"],
    ]);
    expect(await db.store.listNamespaces({ suffix: ["d"] })).toEqual([["a", "b", "d"]]);
    expect(await db.store.listNamespaces({ suffix: ["*", "f"] })).toEqual([["c", "d", "e", "f"]]);
    expect(await db.store.listNamespaces({ prefix: ["a"], suffix: ["x"] })).toEqual([["a", "x"]]);
  });
  it("truncates to maxDepth without duplicates, and pages", async () => {
    expect(await db.store.listNamespaces({ maxDepth: 2 })).toEqual([
      ["a", "b"],
      ["a", "x"],
      ["b", "b"],
      ["c", "d"],
    ]);
    expect(await db.store.listNamespaces({ maxDepth: 1, limit: 2, offset: 1 })).toEqual([["b"], ["c"]]);
  });
});

describe("semantic search", () => {
  it("ranks by similarity and returns a score, with the offline embedder", async () => {
    const path = db.path;
    await db.close();
    db = await openWorkspaceDb({ path, index: { dims: 128, embed: new HashEmbeddings(128), fields: ["text"] } });
    await db.store.put(["docs"], "py", { text: "python tutorial for beginners" });
    await db.store.put(["docs"], "ts", { text: "typescript guide to generics" });
    await db.store.put(["docs"], "cook", { text: "a recipe for apple pie" });
    await db.store.put(["docs"], "raw", { text: "python without vectors" }, false);
    const results = await db.store.search(["docs"], { query: "python beginners tutorial" });
    expect(results[0].key).toBe("py");
    expect(results[0].score).toBeGreaterThan(results[1].score ?? 0);
    expect(results.at(-1)?.key).toBe("raw");
    expect(results.at(-1)?.score).toBeUndefined();
    // Vectors persist: after reopening the same ranking comes back without re-embedding.
    await db.close();
    db = await openWorkspaceDb({
      path,
      index: {
        dims: 128,
        embed: async () => {
          throw new Error("should not embed documents");
        },
        fields: ["text"],
      },
    });
    await expect(db.store.search(["docs"], { query: "x" })).rejects.toThrow(/should not embed/);
  });

  it("embeds with a plain function and the default field ($: the whole value)", async () => {
    const path = db.path;
    await db.close();
    const seen: string[] = [];
    db = await openWorkspaceDb({
      path,
      index: { dims: 2, embed: async (texts) => texts.map((text) => (seen.push(text), text.includes("cat") ? [1, 0] : [0, 1])) },
    });
    await db.store.put(["pets"], "a", { about: "cat" });
    await db.store.put(["pets"], "b", { about: "dog" });
    expect(seen[0]).toContain('"about": "cat"');
    const [best] = await db.store.search(["pets"], { query: "cat" });
    expect(best.key).toBe("a");
    expect(best.score).toBeCloseTo(1);
  });
});

describe("persistence", () => {
  it("survives close and reopen, with dates and values intact", async () => {
    await db.store.put(["m", "u1"], "prefs", { theme: "dark" });
    const before = await db.store.get(["m", "u1"], "prefs");
    const path = db.path;
    await db.close();
    db = await openWorkspaceDb({ path });
    expect(await db.store.get(["m", "u1"], "prefs")).toEqual(before);
  });
});
