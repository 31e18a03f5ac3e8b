// The debugger view's pure models: the state diff (the timeline tree is test/unit/protocol/checkpointTree.test.ts).
import { describe, expect, it } from "vitest";
import { diffValues, messageChannels, pathId, valueRows } from "../../webview/valueTree";

describe("state diff", () => {
  it("marks added, removed and changed paths, and the containers above a change", () => {
    const parent = { topic: "a", reviews: ["ok"], gone: 1, same: { x: 1 } };
    const current = { topic: "b", reviews: ["ok", "more"], added: true, same: { x: 1 } };
    const diff = diffValues(current, parent);
    expect(Object.fromEntries(diff)).toEqual({
      [pathId(["topic"])]: "changed",
      [pathId(["reviews", 1])]: "added",
      [pathId(["reviews"])]: "changed",
      [pathId(["added"])]: "added",
      [pathId(["gone"])]: "removed",
    });
    const rows = valueRows(current, parent, new Set([pathId(["reviews"])]), diff);
    expect(rows.map((row) => `${row.id}:${row.diff ?? ""}`)).toEqual([
      '["topic"]:changed',
      '["reviews"]:changed',
      '["reviews",0]:',
      '["reviews",1]:added',
      '["added"]:added',
      '["same"]:',
      '["gone"]:removed',
    ]);
  });

  it("finds the channels that hold messages", () => {
    expect(messageChannels({ messages: [{ type: "human", content: "hi" }], notes: ["x"], empty: [] })).toEqual(["messages"]);
  });
});
