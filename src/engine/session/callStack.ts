// The Call Stack of a session: the checkpoint lineage of the position (parent after parent),
// newest first, each frame named `step N · node(s)` and pointing at the source of the node it
// is about to run. Inside a subgraph the subgraph's checkpoints come first (`step 1 ·
// polish:format`), then the parent's lineage from the checkpoint whose superstep runs it, as a
// call stack shows the caller below the callee.

import type { CheckpointFrame, NodeInfo } from "../../protocol/engine";
import { checkpointIdOf, checkpointNsOf, nextNodes, type SnapshotReader, type StateSnapshotLike } from "./snapshots";
import { nodePathOf, qualify } from "./subgraphs";

const DEFAULT_DEPTH = 200;

export async function checkpointLineage(snapshots: SnapshotReader, position: string, nodes: readonly NodeInfo[], limit = DEFAULT_DEPTH): Promise<CheckpointFrame[]> {
  const frames: CheckpointFrame[] = [];
  let snapshot: StateSnapshotLike | undefined = await snapshots.at(position);
  while (snapshot && frames.length < limit) {
    frames.push(toFrame(snapshot, nodes));
    snapshot = await snapshots.previousOf(snapshot);
  }
  return frames;
}

function toFrame(snapshot: StateSnapshotLike, nodes: readonly NodeInfo[]): CheckpointFrame {
  const step = typeof snapshot.metadata?.step === "number" ? snapshot.metadata.step : 0;
  const source = snapshot.metadata?.source ?? "loop";
  const next = nextNodes(snapshot);
  const path = nodePathOf(checkpointNsOf(snapshot.config));
  const label = next.length > 0 ? next.join(", ") : qualify(path, snapshot.next.length > 0 ? "input" : "end");
  const node = nodes.find((candidate) => candidate.name === next[0]);
  const parent = checkpointIdOf(snapshot.parentConfig);
  return {
    checkpointId: checkpointIdOf(snapshot.config)!,
    ...(path.length > 0 ? { checkpointNs: checkpointNsOf(snapshot.config) } : {}),
    ...(parent ? { parentCheckpointId: parent } : {}),
    step,
    source,
    next,
    ...(snapshot.createdAt ? { createdAt: snapshot.createdAt } : {}),
    name: `step ${step} · ${label}${source === "update" || source === "fork" ? ` (${source})` : ""}`,
    ...(node?.file ? { file: node.file, line: node.line } : {}),
  };
}
