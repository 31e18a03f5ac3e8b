// A thread's checkpoints as a tree: rows for the debugger view's Timeline, nested nodes for the
// Threads view. Both keep a lineage straight and put a fork under the checkpoint it left.
import { describe, expect, it } from "vitest";
import type { CheckpointSummary } from "../../../src/protocol/engine";
import { checkpointBranches, checkpointRows, lineageOf, pathsSideBySide, type CheckpointBranchNode } from "../../../src/protocol/checkpointTree";

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

/** a → b → c → d, and a fork b → x → y (newest first, as db/checkpoints returns them). */
function forkedThread(): CheckpointSummary[] {
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
  return checkpoints;
}

/** The nested tree as indented lines, a branch start naming its origin. */
function outline(nodes: CheckpointBranchNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [
    `${"  ".repeat(depth)}${node.checkpoint.checkpointId}${node.branchStart ? ` (from ${node.origin?.checkpointId ?? "?"})` : ""}`,
    ...outline(node.branches, depth + 1),
  ]);
}

describe("checkpoint rows (Timeline)", () => {
  it("keeps a lineage straight and indents a fork under the checkpoint it branched from, after the lineage", () => {
    const rows = checkpointRows(forkedThread());
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
    const rows = checkpointRows(checkpoints);
    expect(rows).toHaveLength(10_000);
    expect(rows.every((row) => row.depth === 0)).toBe(true);
    expect(rows[0]!.checkpoint.checkpointId).toBe("c0");
  });
});

describe("checkpoint branches (Threads view)", () => {
  it("lists the lineage newest first and nests a fork's checkpoints under its origin", () => {
    expect(outline(checkpointBranches(forkedThread()))).toEqual(["d", "c", "b", "  y", "  x (from b)", "a"]);
  });

  it("nests a branch of a branch under its own origin, and two forks of one checkpoint side by side", () => {
    const checkpoints = [...forkedThread(), checkpoint("z", "x", 2, "update"), checkpoint("w", "b", 1, "update")];
    checkpoints.at(-2)!.createdAt = "2026-01-01T00:00:10.000Z";
    checkpoints.at(-1)!.createdAt = "2026-01-01T00:00:11.000Z";
    expect(outline(checkpointBranches(checkpoints))).toEqual(["d", "c", "b", "  w (from b)", "  y", "  x (from b)", "    z (from x)", "a"]);
  });

  it("keeps a branch whose origin is on an older page at the top level", () => {
    // Paging cut a and b: the fork x's origin is not loaded.
    const page = forkedThread().slice(0, 4);
    expect(outline(checkpointBranches(page))).toEqual(["y", "x (from ?)", "d", "c"]);
  });
});

describe("paths (Compare)", () => {
  it("follows parents from the thread's first checkpoint, through the origin of a fork", () => {
    const ids = (path: CheckpointSummary[]) => path.map((each) => each.checkpointId);
    expect(ids(lineageOf(forkedThread(), "y"))).toEqual(["a", "b", "x", "y"]);
    expect(ids(lineageOf(forkedThread(), "d"))).toEqual(["a", "b", "c", "d"]);
    expect(lineageOf(forkedThread(), "nope")).toEqual([]);
  });

  it("stops at a parent link that loops", () => {
    const looped = [checkpoint("p", "q", 1), checkpoint("q", "p", 0)];
    expect(lineageOf(looped, "p").map((each) => each.checkpointId)).toEqual(["q", "p"]);
  });

  it("puts two paths side by side: the shared history, then where each went", () => {
    const rows = pathsSideBySide(lineageOf(forkedThread(), "d"), lineageOf(forkedThread(), "x"));
    expect(rows.map(({ left, right, shared }) => `${left?.checkpointId ?? "-"} ${right?.checkpointId ?? "-"}${shared ? " shared" : ""}`)).toEqual([
      "a a shared",
      "b b shared",
      "c x",
      "d -",
    ]);
  });
});
