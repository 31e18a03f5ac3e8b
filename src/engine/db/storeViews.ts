// The LangGraph store of the workspace database as the views show it: namespaces with item
// counts, pages of items (filtered or ranked by a semantic query), and items as plain JSON.
// Reads and writes go through the public BaseStore API; counts read the in-memory records, and
// an item's writer (writtenBy) comes with it from the workspace store under a symbol.

import type { NamespaceSummary, StoreItemView } from "../../protocol/engine";
import type { WorkspaceDb } from "../../persistence";
import { compareLabels, matchesFilter } from "../../persistence/storeQuery";
import { namespaceKey } from "../../persistence/state";
import { WRITTEN_BY } from "../../persistence/store";
import { toPlain } from "../session/plainValue";
import { stateOf } from "./checkpointSummaries";

/** What a store read returns (LangGraph's Item / SearchItem). */
interface ItemLike {
  namespace: string[];
  key: string;
  value: Record<string, unknown>;
  createdAt: Date | string;
  updatedAt: Date | string;
  score?: number;
  /** The workspace store's record of who last put the item (a debug session's node). */
  [WRITTEN_BY]?: { threadId: string; checkpointId?: string; step?: number; node?: string };
}

export function itemView(item: ItemLike): StoreItemView {
  const view: StoreItemView = {
    namespace: [...item.namespace],
    key: item.key,
    value: toPlain(item.value) as Record<string, unknown>,
    createdAt: new Date(item.createdAt).toISOString(),
    updatedAt: new Date(item.updatedAt).toISOString(),
  };
  if (typeof item.score === "number") view.score = item.score;
  const writer = item[WRITTEN_BY];
  if (writer !== undefined) view.writtenBy = { ...writer };
  return view;
}

/** Namespaces under `prefix` (label-wise), cut to `maxDepth` labels, with how many items each holds. */
export function listNamespaceCounts(db: WorkspaceDb, prefix: readonly string[], maxDepth: number | undefined): NamespaceSummary[] {
  const counts = new Map<string, NamespaceSummary>();
  for (const { labels, items } of stateOf(db).store.values()) {
    if (items.size === 0 || !hasPrefix(labels, prefix)) continue;
    const shown = maxDepth === undefined ? labels : labels.slice(0, maxDepth);
    const key = shown.join("\u0000");
    const summary = counts.get(key);
    if (summary) summary.count += items.size;
    else counts.set(key, { namespace: [...shown], count: items.size });
  }
  return [...counts.values()].sort((a, b) => compareLabels(a.namespace, b.namespace));
}

/** How many items a search over `prefix` with `filter` matches (before paging). */
export function countItems(db: WorkspaceDb, prefix: readonly string[], filter: Record<string, unknown> | undefined): number {
  let total = 0;
  for (const { labels, items } of stateOf(db).store.values()) {
    if (!hasPrefix(labels, prefix)) continue;
    if (filter === undefined || Object.keys(filter).length === 0) total += items.size;
    else for (const record of items.values()) if (matchesFilter(record.value, filter)) total++;
  }
  return total;
}

/** The stored `updatedAt` of an item right now, for optimistic concurrency (`ifUpdatedAt`). */
export function storedUpdatedAt(db: WorkspaceDb, namespace: readonly string[], key: string): string | undefined {
  const time = stateOf(db).store.get(namespaceKey(namespace))?.items.get(key)?.updatedAt;
  return time === undefined ? undefined : new Date(time).toISOString();
}

function hasPrefix(labels: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= labels.length && prefix.every((label, i) => labels[i] === label);
}
