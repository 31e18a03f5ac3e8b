// A thread's checkpoints (newest first, each naming its parent) as rows of a tree, oldest at
// the top: a lineage runs straight down, and every fork, replay or state edit that branches off
// an earlier checkpoint is indented under the checkpoint it branched from, after the lineage it
// left. Iterative, so 10k checkpoints in one lineage need no deep recursion.

import type { CheckpointSummary } from "../src/protocol/engine";

export interface TimelineRow {
  checkpoint: CheckpointSummary;
  /** How many branches deep: 0 on the first lineage. */
  depth: number;
  /** The first checkpoint of a branch (a fork, a replay or an edit). */
  branchStart: boolean;
}

export function timelineRows(checkpoints: readonly CheckpointSummary[]): TimelineRow[] {
  const known = new Set(checkpoints.map((checkpoint) => checkpoint.checkpointId));
  const children = new Map<string | undefined, CheckpointSummary[]>();
  for (const checkpoint of checkpoints) {
    const parent = checkpoint.parentCheckpointId && known.has(checkpoint.parentCheckpointId) ? checkpoint.parentCheckpointId : undefined;
    const siblings = children.get(parent);
    if (siblings) siblings.push(checkpoint);
    else children.set(parent, [checkpoint]);
  }
  // Oldest first among siblings: the original continuation keeps the lineage, later ones branch.
  for (const siblings of children.values()) siblings.sort(olderFirst);

  const rows: TimelineRow[] = [];
  const stack: TimelineRow[] = (children.get(undefined) ?? [])
    .map((checkpoint, index) => ({ checkpoint, depth: index === 0 ? 0 : 1, branchStart: index > 0 }))
    .reverse();
  while (stack.length > 0) {
    const row = stack.pop()!;
    rows.push(row);
    const next = children.get(row.checkpoint.checkpointId) ?? [];
    // Pushed in reverse so the lineage (first child) is visited first, then the branches in order.
    for (let index = next.length - 1; index >= 0; index--) {
      stack.push({ checkpoint: next[index]!, depth: index === 0 ? row.depth : row.depth + 1, branchStart: index > 0 });
    }
  }
  return rows;
}

function olderFirst(a: CheckpointSummary, b: CheckpointSummary): number {
  if (a.step !== b.step) return a.step - b.step;
  return (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.checkpointId.localeCompare(b.checkpointId);
}
