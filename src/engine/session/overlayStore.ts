// The store "as it was" for a re-run from a past checkpoint (rerunStore "asItWas"): reads see
// the workspace store as it was at the checkpoint's time T, layered with the run's own writes,
// and those writes go ONLY to this overlay, kept in the engine for the session, until the user
// applies them to the live store (one batch) or discards them. Not persisted: unapplied writes
// are lost when the session ends (the session says so in the Debug Console). Reads layer every
// write the run made, applied or discarded since: the frames of the re-run show what it saw.
//
// Semantic search: the store as it was has no vectors for old versions, so a search with a
// `query` ignores the query and lists the matching items most recently updated first (filters
// still apply), as a search without an index does.

import type { Item, ListNamespacesOperation, Operation, OperationResults, PutOperation, SearchItem, SearchOperation } from "@langchain/langgraph-checkpoint";
import { BaseStore } from "@langchain/langgraph-checkpoint";
import { invalidInput } from "../../persistence/errors";
import type { Json, StoreWriter } from "../../persistence/records";
import { attributedWriter, attributePut, validatePut } from "../../persistence/store";
import type { ItemAsOf, ItemVersion } from "../../persistence/store-versions";
import { checkFilter, compareLabels, matchesCondition, matchesFilter, type NamespaceCondition } from "../../persistence/storeQuery";
import type { SessionStore, StoreLike } from "./recordingStore";
import { writerLabel } from "./storeVersions";

/** The live store an overlay reads the past of and applies to: the workspace database's (a graph's store, with history). */
export type HistoricStore = StoreLike & Required<Pick<StoreLike, "asOf" | "itemsUnderAsOf" | "history">>;

export function keepsHistory(store: SessionStore): store is HistoricStore {
  const batch = (store as Partial<StoreLike>).batch;
  return typeof batch === "function" && typeof store.asOf === "function" && typeof store.itemsUnderAsOf === "function" && typeof store.history === "function";
}

/** One write of the re-run, held in the overlay: a value, or `null` for a delete. */
export interface OverlayWrite {
  namespace: string[];
  key: string;
  value: Record<string, unknown> | null;
  at: Date;
  /** The node that wrote it (storeWriters.ts), written with the version when applied. */
  writer?: StoreWriter;
}

/** An overlay write the live store changed under since T: not applied, left in the overlay. */
export interface OverlayConflict {
  write: OverlayWrite;
  /** "changed in the live store at 14:03:07 (edited in VS Code), after the store the re-run saw" */
  reason: string;
}

const SEP = "\u0000";
const idOf = (namespace: readonly string[], key: string) => `${namespace.join(".")}${SEP}${key}`;

function isPut(op: Operation): op is PutOperation {
  return "value" in op;
}

function isSearch(op: Operation): op is SearchOperation {
  return "namespacePrefix" in op;
}

function isListNamespaces(op: Operation): op is ListNamespacesOperation {
  return "matchConditions" in op || ("limit" in op && !("namespacePrefix" in op) && !("key" in op));
}

function hasPrefix(labels: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= labels.length && prefix.every((label, i) => labels[i] === label);
}

interface Entry {
  namespace: string[];
  key: string;
  value: Record<string, unknown>;
  at: Date;
}

function itemOf({ namespace, key, value, at }: Entry): Item {
  return { namespace: namespace.slice(), key, value: structuredClone(value), createdAt: new Date(at), updatedAt: new Date(at) };
}

export class OverlayStore extends BaseStore {
  /** Writes to apply, by item: the latest of each. */
  private readonly writes = new Map<string, OverlayWrite>();
  /** Every write the run made, in order: what its reads (and its frames) see over the store at T. */
  private readonly log: OverlayWrite[] = [];

  /**
   * @param live the workspace store
   * @param time T: reads see the live store as it was then
   * @param label "as of step 0 · 14:03:07", for people
   */
  constructor(
    private readonly live: HistoricStore,
    readonly time: Date,
    readonly label: string,
  ) {
    super();
  }

  /** The writes waiting to be applied, in the order they were (last) made. */
  pending(): OverlayWrite[] {
    return [...this.writes.values()];
  }

  discard(): OverlayWrite[] {
    const dropped = this.pending();
    this.writes.clear();
    return dropped;
  }

  /**
   * Writes the pending writes to the live store in ONE batch, each version under the node that
   * wrote it. The rule for conflicts: an item the live store wrote or deleted after T (someone
   * changed it since the store the re-run saw) is not overwritten but reported and left in the
   * overlay, unless `overwrite`; the other writes are applied and leave the overlay.
   */
  async apply(overwrite = false): Promise<{ applied: OverlayWrite[]; conflicts: OverlayConflict[] }> {
    const applied: OverlayWrite[] = [];
    const conflicts: OverlayConflict[] = [];
    for (const write of this.pending()) {
      const [latest] = await this.live.history(write.namespace, write.key);
      if (!overwrite && latest !== undefined && latest.at.getTime() > this.time.getTime()) {
        conflicts.push({ write, reason: changedSince(latest) });
      } else applied.push(write);
    }
    if (applied.length > 0) {
      const operations = applied.map(({ namespace, key, value, writer }) => {
        const op: PutOperation = { namespace, key, value };
        if (writer !== undefined) attributePut(op, writer);
        return op;
      });
      await this.live.batch(operations);
      for (const write of applied) this.writes.delete(idOf(write.namespace, write.key));
    }
    return { applied, conflicts };
  }

  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    for (const op of operations) {
      if (isPut(op)) validatePut(op);
      else if (isSearch(op)) checkFilter(op.filter);
    }
    // Reads see the store as it was before this batch's writes, as in LangGraph's stores.
    const results = await Promise.all(
      operations.map((op) => {
        if (isPut(op)) return undefined;
        if (isSearch(op)) return this.search_(op);
        if ("key" in op) return this.get_(op.namespace, op.key);
        if (isListNamespaces(op)) return this.listNamespaces_(op);
        throw invalidInput(`Unknown store operation ${JSON.stringify(op)}.`);
      }),
    );
    const at = new Date();
    for (const op of operations) {
      if (!isPut(op)) continue;
      const write: OverlayWrite = { namespace: op.namespace.slice(), key: op.key, value: op.value === null ? null : structuredClone(op.value), at };
      const writer = attributedWriter(op);
      if (writer !== undefined) write.writer = writer;
      // Delete first: the map keeps the order of the latest writes.
      this.writes.delete(idOf(op.namespace, op.key));
      this.writes.set(idOf(op.namespace, op.key), write);
      this.log.push(write);
    }
    return results as OperationResults<Op>;
  }

  /**
   * The items of one namespace as a frame of the re-run shows them (CheckpointViews): the store
   * at T with the overlay's writes made by `time`.
   */
  async namespaceAsOf(namespace: string[], time: Date): Promise<ItemAsOf[]> {
    const entries = await this.entriesUnder(namespace, time);
    return entries
      .filter((entry) => entry.namespace.join(".") === namespace.join("."))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((entry) => ({ key: entry.key, then: { at: entry.at, value: entry.value }, changed: false }));
  }

  private async get_(namespace: string[], key: string): Promise<Item | null> {
    const written = this.log.findLast((write) => write.key === key && idOf(write.namespace, key) === idOf(namespace, key));
    if (written !== undefined) return written.value === null ? null : itemOf({ ...written, value: written.value });
    const then = await this.live.asOf(namespace, key, this.time);
    return then === undefined || then.deleted || then.value === undefined ? null : itemOf({ namespace, key, value: then.value, at: then.at });
  }

  /** The items under `prefix`: the store at T, then the overlay's writes made by `until`. */
  private async entriesUnder(prefix: readonly string[], until?: Date): Promise<Entry[]> {
    const byId = new Map<string, Entry>();
    for (const { namespace, key, version } of await this.live.itemsUnderAsOf([...prefix], this.time)) {
      if (version.value !== undefined) byId.set(idOf(namespace, key), { namespace, key, value: version.value, at: version.at });
    }
    for (const write of this.log) {
      if (!hasPrefix(write.namespace, prefix) || (until !== undefined && write.at.getTime() > until.getTime())) continue;
      const id = idOf(write.namespace, write.key);
      if (write.value === null) byId.delete(id);
      else byId.set(id, { namespace: write.namespace, key: write.key, value: write.value, at: write.at });
    }
    return [...byId.values()];
  }

  private async search_(op: SearchOperation): Promise<SearchItem[]> {
    const { filter } = op;
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    const matches = (await this.entriesUnder(op.namespacePrefix)).filter((entry) => filter === undefined || matchesFilter(entry.value as Json, filter));
    // Most recently updated first; a `query` cannot rank: old versions have no vectors.
    matches.sort((a, b) => b.at.getTime() - a.at.getTime());
    return matches.slice(offset, offset + limit).map(itemOf);
  }

  private async listNamespaces_(op: ListNamespacesOperation): Promise<string[][]> {
    const conditions = (op.matchConditions ?? []) as NamespaceCondition[];
    const shown = new Map<string, string[]>();
    for (const { namespace } of await this.entriesUnder([])) {
      if (!conditions.every((condition) => matchesCondition(namespace, condition))) continue;
      const cut = op.maxDepth === undefined ? namespace : namespace.slice(0, op.maxDepth);
      shown.set(cut.join("."), cut);
    }
    const offset = op.offset ?? 0;
    return [...shown.values()].sort(compareLabels).slice(offset, offset + (op.limit ?? 100));
  }
}

function changedSince(latest: ItemVersion): string {
  const writer = writerLabel(latest);
  const what = latest.deleted ? "deleted" : "changed";
  return `${what} in the live store at ${latest.at.toLocaleTimeString()}${writer ? ` (${writer})` : ""}, after the store the re-run saw`;
}
