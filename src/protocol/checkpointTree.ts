// A thread's checkpoints (newest first, each naming its parent) as a tree, for the debugger
// view's Timeline and the Threads view alike: a lineage runs straight, and every fork, replay or
// state edit that branches off an earlier checkpoint goes under the checkpoint it branched from.
// Iterative, so 10k checkpoints in one lineage need no deep recursion. Pure: no vscode, no DOM.

import type { CheckpointSummary } from "./engine";

export interface CheckpointRow {
  checkpoint: CheckpointSummary;
  /** How many branches deep: 0 on the first lineage. */
  depth: number;
  /** The first checkpoint of a branch (a fork, a replay or an edit). */
  branchStart: boolean;
}

/**
 * The tree as rows, oldest at the top (the Timeline): each branch is indented under the
 * checkpoint it branched from, after the lineage it left.
 */
export function checkpointRows(checkpoints: readonly CheckpointSummary[]): CheckpointRow[] {
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

  const rows: CheckpointRow[] = [];
  const stack: CheckpointRow[] = (children.get(undefined) ?? [])
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

export interface CheckpointBranchNode {
  checkpoint: CheckpointSummary;
  /** The first checkpoint of a branch: a fork, a replay or an edit. */
  branchStart: boolean;
  /** For a branch start: the checkpoint it branched from, when that one is in the list. */
  origin?: CheckpointSummary;
  /** The checkpoints of the branches that left this checkpoint, newest first. */
  branches: CheckpointBranchNode[];
}

/**
 * The tree as nested nodes, newest first (the Threads view): the top level is the first lineage,
 * and each checkpoint holds the branches that left it. A branch whose origin is not in the list
 * (an older page not loaded) stays at the top level.
 */
export function checkpointBranches(checkpoints: readonly CheckpointSummary[]): CheckpointBranchNode[] {
  const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint]));
  const top: CheckpointBranchNode[] = [];
  const nodes = new Map<string, CheckpointBranchNode>();
  /** Where each checkpoint's row goes: the list of the origin its branch left, or the top level. */
  const homeOf = new Map<string, CheckpointBranchNode[]>();
  for (const { checkpoint, branchStart } of checkpointRows(checkpoints)) {
    const parentId = checkpoint.parentCheckpointId;
    const origin = branchStart && parentId ? byId.get(parentId) : undefined;
    const node: CheckpointBranchNode = { checkpoint, branchStart, ...(origin ? { origin } : {}), branches: [] };
    nodes.set(checkpoint.checkpointId, node);
    // Rows come parent first, so the parent's home (or node) is already known.
    const home = origin ? nodes.get(origin.checkpointId)!.branches : branchStart || !parentId ? top : (homeOf.get(parentId) ?? top);
    homeOf.set(checkpoint.checkpointId, home);
    home.push(node);
  }
  // Rows run oldest first; the view lists newest first.
  for (const node of nodes.values()) node.branches.reverse();
  return top.reverse();
}

/**
 * The path to a checkpoint: the checkpoints from the thread's first one to it, oldest first,
 * following each one's parent as far as `checkpoints` holds them; empty when it holds none.
 */
export function lineageOf(checkpoints: readonly CheckpointSummary[], checkpointId: string): CheckpointSummary[] {
  const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint]));
  const path: CheckpointSummary[] = [];
  // A parent link that loops (a hand-edited database) ends the walk instead of hanging it.
  const seen = new Set<string>();
  for (let at = byId.get(checkpointId); at && !seen.has(at.checkpointId); at = at.parentCheckpointId ? byId.get(at.parentCheckpointId) : undefined) {
    seen.add(at.checkpointId);
    path.push(at);
  }
  return path.reverse();
}

/** One row of two paths side by side: both sides' checkpoint at that place, one when they share it. */
export interface PathPair {
  left?: CheckpointSummary;
  right?: CheckpointSummary;
  /** Both paths run through this checkpoint (the history before they part). */
  shared: boolean;
}

/** Two paths (lineageOf) side by side, row by row: the history they share, then where each went. */
export function pathsSideBySide(left: readonly CheckpointSummary[], right: readonly CheckpointSummary[]): PathPair[] {
  const rows: PathPair[] = [];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const [one, other] = [left[index], right[index]];
    const shared = one !== undefined && one.checkpointId === other?.checkpointId;
    rows.push({ ...(one ? { left: one } : {}), ...(other ? { right: other } : {}), shared });
  }
  return rows;
}

function olderFirst(a: CheckpointSummary, b: CheckpointSummary): number {
  if (a.step !== b.step) return a.step - b.step;
  return (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.checkpointId.localeCompare(b.checkpointId);
}
