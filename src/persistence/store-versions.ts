// The reads of a store's past: an item's versions, the store as it was at a time, and what
// each step of a debug session wrote (store-writes.ts), values decoded. WorkspaceStore (store.ts)
// hands these calls here; the versions themselves are kept by storeHistory.ts.

import type { WorkspaceDatabase } from "./database";
import type { StoreItemRecord, StoreOrigin, StoreVersion, StoreWriter } from "./records";
import { writerRecord } from "./records";
import { namespaceKey } from "./state";
import { itemAddressOf, itemAsOf, itemVersions, versionOf } from "./storeHistory";
import { stepWritesAt, stepWritesOf, type StepWrite } from "./store-writes";
import { namespacesUnder, validateNamespace } from "./storeQuery";
import type { ValueCodec } from "./values";
import { NEEDS_SERIALIZER } from "./values";

/** A version of a store item (its value decoded), as history() and asOf() return it. */
export interface ItemVersion {
  /** When it was written (or deleted). */
  at: Date;
  /** Undefined for a deletion. */
  value?: Record<string, unknown>;
  deleted?: true;
  /** The debug session node that wrote it, when one did. */
  writtenBy?: StoreWriter;
  /** Set when it was edited in VS Code or by another process rather than put by a program. */
  origin?: StoreOrigin;
}

/** An item of a namespace as it was at some time (namespaceAsOf). */
export interface ItemAsOf {
  key: string;
  then: ItemVersion;
  /** Written or deleted since. */
  changed: boolean;
  /** Its version now, when it changed since and was not deleted. */
  now?: ItemVersion;
}

/** A put or delete of a step (stepWrites), with the version it replaced, values decoded. */
export interface StoreWrite extends Omit<StepWrite, "before" | "after"> {
  before?: ItemVersion;
  after: ItemVersion;
}

export class StoreVersions {
  constructor(
    private readonly db: WorkspaceDatabase,
    private readonly codec: ValueCodec,
  ) {}

  /** The item's versions, newest first: the current value (if any), then the earlier ones the database keeps. */
  history(namespace: string[], key: string): Promise<ItemVersion[]> {
    validateNamespace(namespace);
    const versions = itemVersions(this.itemAt(namespace, key), this.db.state.storeHistory.versions(namespaceKey(namespace), key));
    return Promise.all(versions.map((version) => this.decodeVersion(version)));
  }

  /**
   * The item as it was at `time`: the version current then (a deletion when it was deleted),
   * undefined when it did not exist yet or the database no longer keeps versions that old.
   */
  async asOf(namespace: string[], key: string, time: Date): Promise<ItemVersion | undefined> {
    validateNamespace(namespace);
    const version = itemAsOf(this.itemAt(namespace, key), this.db.state.storeHistory.versions(namespaceKey(namespace), key), time.getTime());
    return version && this.decodeVersion(version);
  }

  /**
   * The items of one namespace (not those under it) as they were at `time`, by key, each with
   * its value now when it changed since (`now` undefined: deleted since). Left out: items first
   * written after `time`, and items whose versions that old are no longer kept.
   */
  async namespaceAsOf(namespace: string[], time: Date): Promise<ItemAsOf[]> {
    validateNamespace(namespace);
    const nsKey = namespaceKey(namespace);
    const current = this.db.state.store.get(nsKey)?.items;
    const keys = new Set([...(current?.keys() ?? []), ...this.db.state.storeHistory.keysIn(nsKey)]);
    const found: ItemAsOf[] = [];
    for (const key of [...keys].sort()) {
      const item = current?.get(key);
      const then = itemAsOf(item, this.db.state.storeHistory.versions(nsKey, key), time.getTime());
      if (then === undefined || then.deleted) continue;
      const changed = item === undefined || item.updatedAt > time.getTime();
      const entry: ItemAsOf = { key, then: await this.decodeVersion(then), changed };
      if (changed && item !== undefined) entry.now = await this.decodeVersion(versionOf(item, 0));
      found.push(entry);
    }
    return found;
  }

  /**
   * Every item under `prefix` (compared label by label; [] for all) as it was at `time`, with its
   * namespace: what a re-run against the store as it was reads (engine/session/overlayStore.ts).
   * Scans the namespaces of every kept version too, for namespaces emptied since: a debugging
   * path, not a hot one.
   */
  async itemsUnderAsOf(prefix: string[], time: Date): Promise<Array<{ namespace: string[]; key: string; version: ItemVersion }>> {
    const underPrefix = (labels: readonly string[]) => prefix.length <= labels.length && prefix.every((label, i) => labels[i] === label);
    const nsKeys = new Set(namespacesUnder(this.db.state, prefix));
    for (const [id] of this.db.state.storeHistory.entries()) {
      const [nsKey] = itemAddressOf(id);
      if (underPrefix(nsKey.split("."))) nsKeys.add(nsKey);
    }
    const found: Array<{ namespace: string[]; key: string; version: ItemVersion }> = [];
    for (const nsKey of [...nsKeys].sort()) {
      const namespace = nsKey.split(".");
      for (const { key, then } of await this.namespaceAsOf(namespace, time)) found.push({ namespace, key, version: then });
    }
    return found;
  }

  /** What thread `threadId`'s nodes wrote in the step that ran from checkpoint `checkpointId` (store-writes.ts). */
  async stepWrites(threadId: string, checkpointId: string): Promise<StoreWrite[]> {
    const decode = async ({ before, after, ...write }: StepWrite): Promise<StoreWrite> =>
      before === undefined
        ? { ...write, after: await this.decodeVersion(after) }
        : { ...write, before: await this.decodeVersion(before), after: await this.decodeVersion(after) };
    return Promise.all(stepWritesAt(this.db.state, threadId, checkpointId).map(decode));
  }

  /** Every step's writes of thread `threadId`, by the checkpoint the step ran from, values left encoded. */
  stepWritesByCheckpoint(threadId: string): Map<string, StepWrite[]> {
    return stepWritesOf(this.db.state, threadId);
  }

  private itemAt(namespace: string[], key: string): StoreItemRecord | undefined {
    return this.db.state.store.get(namespaceKey(namespace))?.items.get(key);
  }

  private async decodeVersion({ at, value, deleted, writtenBy, origin }: StoreVersion): Promise<ItemVersion> {
    const version: ItemVersion = { at: new Date(at) };
    if (deleted) version.deleted = true;
    else {
      const decoded = this.codec.decodeNow(value);
      version.value = (decoded === NEEDS_SERIALIZER ? await this.codec.decode(value) : decoded) as Record<string, unknown>;
    }
    if (writtenBy !== undefined) version.writtenBy = writerRecord(writtenBy);
    if (origin !== undefined) version.origin = origin;
    return version;
  }
}
