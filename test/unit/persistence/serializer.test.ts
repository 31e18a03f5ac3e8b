// Values round-trip through LangGraph's serializer, and the file keeps them as readable JSON.
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import * as fs from "node:fs";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { emptyCheckpoint } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
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

const rich = () => ({
  messages: [new HumanMessage("hello"), new AIMessage({ content: "hi there", id: "ai-1" })],
  map: new Map<string, unknown>([
    ["a", 1],
    ["b", { c: [1, 2] }],
  ]),
  set: new Set(["x", "y"]),
  bytes: new Uint8Array([0, 1, 254, 255]),
  missing: undefined,
  plain: { deep: { list: [1, "two", null, true] } },
});

function expectRich(value: ReturnType<typeof rich>): void {
  expect(value.messages[0]).toBeInstanceOf(HumanMessage);
  expect(value.messages[1]).toBeInstanceOf(AIMessage);
  expect(value.messages[1].content).toBe("hi there");
  expect(value.map).toBeInstanceOf(Map);
  expect(value.map.get("b")).toEqual({ c: [1, 2] });
  expect(value.set).toEqual(new Set(["x", "y"]));
  expect(value.bytes).toBeInstanceOf(Uint8Array);
  expect([...value.bytes]).toEqual([0, 1, 254, 255]);
  expect("missing" in value).toBe(true);
  expect(value.missing).toBeUndefined();
  expect(value.plain).toEqual({ deep: { list: [1, "two", null, true] } });
}

async function reopen(): Promise<void> {
  const path = db.path;
  await db.close();
  db = await openWorkspaceDb({ path });
}

it("round-trips messages, Map, Set, Uint8Array and undefined through checkpoints, before and after reopening", async () => {
  const checkpoint = { ...emptyCheckpoint(), channel_values: { state: rich(), raw: new Uint8Array([7, 8]) }, channel_versions: { state: 1, raw: 1 } };
  const config = await db.checkpointer.put({ configurable: { thread_id: "t" } }, checkpoint, { source: "input", step: -1, parents: {} }, { state: 1, raw: 1 });
  await db.checkpointer.putWrites(config, [["state", rich()]], "task");
  for (const round of ["live", "reopened"]) {
    if (round === "reopened") await reopen();
    const tuple = await db.checkpointer.getTuple({ configurable: { thread_id: "t" } });
    expectRich(tuple!.checkpoint.channel_values.state as ReturnType<typeof rich>);
    expect(tuple!.checkpoint.channel_values.raw).toEqual(new Uint8Array([7, 8]));
    expectRich(tuple!.pendingWrites![0][2] as ReturnType<typeof rich>);
  }
});

it("round-trips the same values through the store", async () => {
  await db.store.put(["m"], "k", rich());
  expectRich((await db.store.get(["m"], "k"))!.value as ReturnType<typeof rich>);
  await reopen();
  expectRich((await db.store.get(["m"], "k"))!.value as ReturnType<typeof rich>);
});

it("writes readable, pretty-printed JSON with stable key order and no base64", async () => {
  await db.store.put(["m", "b"], "z", { text: "second" });
  await db.store.put(["m", "a"], "y", { msg: new HumanMessage("readable text") });
  await db.close();
  const text = fs.readFileSync(db.path, "utf8");
  expect(text).toContain('\n  "store": {\n    "m.a": {');
  expect(text.indexOf('"m.a"')).toBeLessThan(text.indexOf('"m.b"'));
  expect(text).toContain('"content": "readable text"');
  expect(text).toContain('"HumanMessage"');
  expect(text).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/);
  // Writing the same content again gives the same bytes: diffs only show real changes.
  db = await openWorkspaceDb({ path: db.path });
  db.compact();
  expect(fs.readFileSync(db.path, "utf8").replace(/"journal": \{[^}]*\}/, "")).toBe(text.replace(/"journal": \{[^}]*\}/, ""));
});

it("stores an unchanged channel value once, not in every checkpoint", async () => {
  let config = { configurable: { thread_id: "t" } } as { configurable: Record<string, unknown> };
  const big = "x".repeat(1000);
  for (let step = 0; step < 5; step++) {
    const checkpoint = { ...emptyCheckpoint(), channel_values: { big, step }, channel_versions: { big: 1, step: step + 1 } };
    config = (await db.checkpointer.put(
      config,
      checkpoint,
      { source: "loop", step, parents: {} },
      step === 0 ? { big: 1, step: 1 } : { step: step + 1 },
    )) as typeof config;
  }
  await db.close();
  const text = fs.readFileSync(db.path, "utf8");
  expect(text.split(big).length - 1).toBe(1);
  db = await openWorkspaceDb({ path: db.path });
  const history = [];
  for await (const tuple of db.checkpointer.list({ configurable: { thread_id: "t" } })) history.push(tuple.checkpoint.channel_values);
  expect(history.map((values) => values.step)).toEqual([4, 3, 2, 1, 0]);
  expect(history.every((values) => values.big === big)).toBe(true);
});

it("keeps plain values exactly, a '__proto__' key included, and hands out copies", async () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "list": [{"a": [1, {"b": null}]}], "n": 1.5, "s": "x"}');
  await db.store.put(["p"], "k", value);
  for (const round of ["live", "reopened"]) {
    if (round === "reopened") await reopen();
    const got = (await db.store.get(["p"], "k"))!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(["__proto__", "list", "n", "s"]);
    expect(JSON.stringify(got)).toBe(JSON.stringify(value));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A copy, also deep down: changing it changes nothing stored.
    ((got.list as Array<{ a: unknown[] }>)[0].a[1] as { b: unknown }).b = "changed";
    expect(JSON.stringify((await db.store.get(["p"], "k"))!.value)).toBe(JSON.stringify(value));
  }
});
