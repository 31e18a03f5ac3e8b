// The debugger view's pure models: the timeline tree (forks as branches) and the state diff.
import { describe, expect, it } from "vitest";
import type { CheckpointSummary } from "../../src/protocol/engine";
import { timelineRows } from "../../webview/timelineTree";
import { diffValues, messageChannels, pathId, valueRows } from "../../webview/valueTree";

function checkpoint(checkpointId: string, parentCheckpointId: string | undefined, step: number, source = "loop"): CheckpointSummary {
  return {
    checkpointId,
    ...(parentCheckpointId ? { parentCheckpointId } : {}),
    step,
    source,
    writers: [],
    next: [],
    createdAt: `2026-01-01T00:00:0${step + 1}.000Z`,
  };
}

describe("timeline tree", () => {
  it("keeps a lineage straight and indents a fork under the checkpoint it branched from, after the lineage", () => {
    // a → b → c → d, and a fork b → x → y (newest first, as db/checkpoints returns them).
    const checkpoints = [
      checkpoint("y", "x", 2),
      checkpoint("d", "c", 2),
      checkpoint("x", "b", 1, "fork"),
      checkpoint("c", "b", 1),
      checkpoint("b", "a", 0),
      checkpoint("a", undefined, -1, "input"),
    ];
    // x was written after c (same step): ids sort the same way as time here.
    checkpoints[2]!.createdAt = "2026-01-01T00:00:09.000Z";
    const rows = timelineRows(checkpoints);
    expect(rows.map((row) => `${"  ".repeat(row.depth)}${row.checkpoint.checkpointId}${row.branchStart ? " (branch)" : ""}`)).toEqual([
      "a",
      "b",
      "c",
      "d",
      "  x (branch)",
      "  y",
    ]);
  });

  it("handles a lineage of 10k checkpoints without recursion", () => {
    const checkpoints = Array.from({ length: 10_000 }, (_, index) => checkpoint(`c${index}`, index > 0 ? `c${index - 1}` : undefined, index - 1)).reverse();
    const rows = timelineRows(checkpoints);
    expect(rows).toHaveLength(10_000);
    expect(rows.every((row) => row.depth === 0)).toBe(true);
    expect(rows[0]!.checkpoint.checkpointId).toBe("c0");
  });
});

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
