// One side of a comparison of two checkpoints (db/comparisonSide): readable text, made to be put
// beside another side in VS Code's diff editor. Which checkpoint and thread; the path of nodes
// run from the thread's first checkpoint to it, one line per step; its state; and the store as
// it was then (the workspace database keeps earlier versions of its items; another backend's
// store is shown as it is now, and says so). Calls and tokens are not recorded yet: left out.

import { checkpointName, shortCheckpointId } from "../../protocol/checkpointNames";
import { lineageOf } from "../../protocol/checkpointTree";
import type { CheckpointSummary } from "../../protocol/engine";
import { WorkspaceStore } from "../../persistence";
import { toPlain } from "../session/plainValue";
import type { DataBackend } from "./backend";

const PAGE = 500;
/** Items listed per namespace of a store without history: a comparison is read, not scrolled. */
const ITEMS_PER_NAMESPACE = 200;

export async function comparisonSide(backend: DataBackend, threadId: string, checkpointId: string): Promise<string> {
  const detail = await backend.checkpoint(threadId, checkpointId);
  const path = await nodePath(backend, threadId, detail);
  const lines = [
    `thread ${threadId} · ${checkpointName(detail)} · checkpoint ${shortCheckpointId(checkpointId)}`,
    "",
    `Path: ${path.length} ${path.length === 1 ? "step" : "steps"} from the thread's first checkpoint`,
    ...path.map((checkpoint) => `  ${checkpointName(checkpoint)}`),
    "",
    "State",
    indent(JSON.stringify(sortedKeys(detail.values), null, 2)),
    "",
    ...(await storeLines(backend, detail.createdAt)),
  ];
  return `${lines.join("\n")}\n`;
}

/** The checkpoints from the thread's first one to `last`, oldest first. */
async function nodePath(backend: DataBackend, threadId: string, last: CheckpointSummary): Promise<CheckpointSummary[]> {
  const all: CheckpointSummary[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { checkpoints, total } = await backend.checkpoints(threadId, { offset, limit: PAGE });
    all.push(...checkpoints);
    if (checkpoints.length === 0 || offset + PAGE >= total) break;
  }
  const path = lineageOf(all, last.checkpointId);
  return path.length > 0 ? path : [last];
}

async function storeLines(backend: DataBackend, createdAt: string | undefined): Promise<string[]> {
  const namespaces = await backend.namespaces([]);
  const time = createdAt ? new Date(createdAt) : undefined;
  const store = backend.store;
  if (store instanceof WorkspaceStore && time && !Number.isNaN(time.getTime())) {
    const lines = [`Store as of this checkpoint (${time.toISOString()})`];
    for (const { namespace } of namespaces) {
      const items = await store.namespaceAsOf(namespace, time);
      if (items.length === 0) continue;
      lines.push(`  ${namespace.join("/")}`, ...items.map(({ key, then }) => itemLine(key, then.value)));
    }
    return lines.length > 1 ? lines : [...lines, "  (empty)"];
  }
  const lines = ["Store now (this database keeps no earlier versions of its items)"];
  for (const { namespace, count } of namespaces) {
    const { items } = await backend.items({ namespace, offset: 0, limit: ITEMS_PER_NAMESPACE });
    const own = items.filter((item) => item.namespace.join("\u0000") === namespace.join("\u0000"));
    if (own.length === 0) continue;
    lines.push(`  ${namespace.join("/")}`, ...own.map((item) => itemLine(item.key, item.value)));
    if (count > own.length) lines.push(`    … ${count - own.length} more items not shown`);
  }
  return lines.length > 1 ? lines : [...lines, "  (empty)"];
}

/** One line per item, so two sides line up item by item. */
function itemLine(key: string, value: unknown): string {
  return `    ${key}: ${JSON.stringify(toPlain(value))}`;
}

/** Channels in name order: two graphs' sides then line up channel by channel. */
function sortedKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
