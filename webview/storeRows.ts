// The Store tab's rows: namespaces as a tree, an item as it is now, and an item as it was at a
// checkpoint (marked when it changed, was deleted or was added since), with the words that say
// who wrote it.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import { isJsonObject } from "./jsonCheck";
import type { NamespaceSummary, StoreItemAsOfView, StoreItemView } from "../src/protocol/engine";

export interface NamespaceRow {
  namespace: string[];
  id: string;
  label: string;
  depth: number;
  count: number;
}

/** Namespaces as a tree: every prefix is a row, its count the items under it. */
export function namespaceRows(namespaces: readonly NamespaceSummary[]): NamespaceRow[] {
  const rows = new Map<string, NamespaceRow>();
  for (const { namespace, count } of namespaces) {
    for (let length = 1; length <= namespace.length; length++) {
      const prefix = namespace.slice(0, length);
      const id = prefix.join("/");
      const row = rows.get(id);
      if (row) row.count += count;
      else rows.set(id, { namespace: prefix, id, label: prefix.at(-1)!, depth: length - 1, count });
    }
  }
  return [...rows.values()].sort((a, b) => compareNamespaces(a.namespace, b.namespace));
}

function compareNamespaces(a: string[], b: string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    // Plain code-point order: localeCompare is too slow for 10k namespaces.
    if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  }
  return a.length - b.length;
}

export function mustBeObject(value: unknown): string | undefined {
  if (isJsonObject(value)) return undefined;
  return 'A store item\'s value must be a JSON object, like {"data": "…"}.';
}

export function writtenBy(item: Pick<StoreItemView, "writtenBy">): string {
  const by = item.writtenBy;
  if (!by) return "";
  return `written by ${by.node ?? "a node"}${by.step !== undefined ? ` at step ${by.step}` : ""} (thread ${by.threadId})`;
}

export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function renderItem(item: StoreItemView): TemplateResult {
  return html`<div class="item-row" data-key=${item.key}>
    <div class="item-line">
      <span class="item-key-label">${item.key}</span>
      ${item.score !== undefined ? html`<span class="item-score" title="Semantic similarity">${item.score.toFixed(3)}</span>` : nothing}
      <span class="item-updated">${new Date(item.updatedAt).toLocaleString()}</span>
    </div>
    <div class="item-line">
      <span class="item-preview">${preview(item.value)}</span>
      ${item.writtenBy ? html`<span class="item-written-by">${writtenBy(item)}</span>` : nothing}
    </div>
  </div>`;
}

/** An item of the Store tab "as of" a checkpoint: its value then, and how it differs now. */
export interface AsOfRow {
  key: string;
  /** Its value then; absent when it was added since. */
  then?: Record<string, unknown>;
  /** Who wrote the value then ("" when unknown). */
  writer: string;
  since: "unchanged" | "changed" | "deleted" | "added";
  /** Its value now, when it changed or was added since. */
  now?: Record<string, unknown>;
}

export function asOfRows(items: readonly StoreItemAsOfView[], addedSince: readonly StoreItemView[]): AsOfRow[] {
  const rows: AsOfRow[] = items.map(({ key, then, changed, now }) => ({
    key,
    ...(then.value ? { then: then.value } : {}),
    writer: then.writer,
    since: !changed ? "unchanged" : now?.value ? "changed" : "deleted",
    ...(changed && now?.value ? { now: now.value } : {}),
  }));
  for (const item of addedSince) rows.push({ key: item.key, writer: "", since: "added", now: item.value });
  return rows;
}

const sinceBadges: Record<Exclude<AsOfRow["since"], "unchanged">, string> = {
  changed: "changed since",
  deleted: "deleted since",
  added: "added since",
};

/** The badge of an item that differs now; its tooltip holds the value now. */
export function renderSinceBadge(row: AsOfRow): TemplateResult | typeof nothing {
  if (row.since === "unchanged") return nothing;
  const title = row.now ? `Now: ${preview(row.now)}` : "Deleted since this checkpoint";
  return html`<span class="item-since item-since-${row.since}" title=${title}>${sinceBadges[row.since]}</span>`;
}

export function renderAsOfItem(row: AsOfRow): TemplateResult {
  return html`<div class="item-row item-row-${row.since}" data-key=${row.key}>
    <div class="item-line">
      <span class="item-key-label">${row.key}</span>
      ${renderSinceBadge(row)}
    </div>
    <div class="item-line">
      <span class="item-preview">${row.then ? preview(row.then) : "(not in the store then)"}</span>
      ${row.writer ? html`<span class="item-written-by">${row.writer}</span>` : nothing}
    </div>
  </div>`;
}
