// The Call Stack of a session: the checkpoint lineage of the position (parent after parent),
// newest first, each frame named `step N · node(s)` and pointing at the source of the node it
// is about to run.

import type { CheckpointFrame, NodeInfo } from "../../protocol/engine";
import { checkpointIdOf, type SnapshotReader, type StateSnapshotLike } from "./snapshots";

const DEFAULT_DEPTH = 200;

export async function checkpointLineage(snapshots: SnapshotReader, position: string, nodes: readonly NodeInfo[], limit = DEFAULT_DEPTH): Promise<CheckpointFrame[]> {
  const frames: CheckpointFrame[] = [];
  let snapshot: StateSnapshotLike | undefined = await snapshots.at(position);
  while (snapshot && frames.length < limit) {
    frames.push(toFrame(snapshot, nodes));
    snapshot = await snapshots.parentOf(snapshot);
  }
  return frames;
}

function toFrame(snapshot: StateSnapshotLike, nodes: readonly NodeInfo[]): CheckpointFrame {
  const step = typeof snapshot.metadata?.step === "number" ? snapshot.metadata.step : 0;
  const source = snapshot.metadata?.source ?? "loop";
  const next = snapshot.next.filter((node) => !node.startsWith("__"));
  const label = next.length > 0 ? next.join(", ") : snapshot.next.length > 0 ? "input" : "end";
  const node = nodes.find((candidate) => candidate.name === next[0]);
  const parent = checkpointIdOf(snapshot.parentConfig);
  return {
    checkpointId: checkpointIdOf(snapshot.config)!,
    ...(parent ? { parentCheckpointId: parent } : {}),
    step,
    source,
    next,
    ...(snapshot.createdAt ? { createdAt: snapshot.createdAt } : {}),
    name: `step ${step} · ${label}${source === "update" || source === "fork" ? ` (${source})` : ""}`,
    ...(node?.file ? { file: node.file, line: node.line } : {}),
  };
}
