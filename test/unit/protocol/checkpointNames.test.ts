// The one name of a checkpoint: the nodes that wrote it, never the nodes that run next.

import { describe, expect, it } from "vitest";
import { checkpointName, nextText, shortCheckpointId, writersOf } from "../../../src/protocol/checkpointNames";

describe("checkpointName", () => {
  it("names a loop checkpoint by the node(s) whose writes made it", () => {
    expect(checkpointName({ step: 1, source: "loop", writers: ["call_model"] })).toBe("step 1 · call_model");
    expect(checkpointName({ step: 2, source: "loop", writers: ["search", "summarise", "summarise"] })).toBe("step 2 · search, summarise");
  });

  it("names the input checkpoint `input`, qualified inside a subgraph", () => {
    expect(checkpointName({ step: -1, source: "input", writers: ["__start__"] })).toBe("step -1 · input");
    expect(checkpointName({ step: -1, source: "input", writers: [], subgraph: "polish" })).toBe("step -1 · polish:input");
  });

  it("keeps a subgraph's qualified node", () => {
    expect(checkpointName({ step: 1, source: "loop", writers: ["polish:format"], subgraph: "polish" })).toBe("step 1 · polish:format");
  });

  it("marks what updateState and a replay wrote", () => {
    expect(checkpointName({ step: 2, source: "update", writers: ["call_model"] })).toBe("step 2 · call_model (edited)");
    expect(checkpointName({ step: 2, source: "fork", writers: ["review"] })).toBe("step 2 · review (fork)");
    expect(checkpointName({ step: 3, source: "update", writers: [] })).toBe("step 3 (edited)");
  });
});

describe("nextText and shortCheckpointId", () => {
  it("says what runs next as secondary text, nothing at the end", () => {
    expect(nextText(["tools"])).toBe("next: tools");
    expect(nextText([])).toBe("");
  });

  it("keeps the part of a uuid6 checkpoint id that differs between checkpoints of one run", () => {
    // Written a millisecond apart: the same first 8 characters (time high bits), different last 8.
    const ids = ["1f1eff68-6782-64d0-ffff-92dc4224a28a", "1f1eff68-6782-64d1-ffff-f9570c20e523"];
    expect(ids.map(shortCheckpointId)).toEqual(["4224a28a", "0c20e523"]);
  });
});

describe("writersOf", () => {
  const parent = { step: 1, next: ["tools"], writers: ["call_model"] };

  it("gives a loop checkpoint the tasks its parent had pending, and the input checkpoint __start__", () => {
    expect(writersOf({ step: 2, source: "loop" }, parent)).toEqual(["tools"]);
    expect(writersOf({ step: 2, source: "loop" }, { ...parent, next: ["summarise", "summarise"] })).toEqual(["summarise"]);
    expect(writersOf({ step: -1, source: "input" }, undefined)).toEqual(["__start__"]);
    expect(writersOf({ step: 0, source: "loop" }, undefined)).toEqual([]);
  });

  it("gives an edit its parent's writers: updateState writes it as the edited checkpoint's writer", () => {
    expect(writersOf({ step: 2, source: "update" }, parent)).toEqual(["call_model"]);
  });

  it("gives a fork the writers of the checkpoint it copies: its parent (a replay), or a child of it (__copy__)", () => {
    expect(writersOf({ step: 2, source: "fork" }, parent)).toEqual(["call_model"]);
    expect(writersOf({ step: 3, source: "fork" }, parent)).toEqual(["tools"]);
  });
});
