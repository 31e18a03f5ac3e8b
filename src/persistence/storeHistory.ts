// The earlier versions of store items ("memories through time"): every put, delete and rename
// applied to the state (applyEntry) moves the value it replaces here, bounded per item by a
// retention limit. The current value stays in the item itself, so history costs nothing for an
// item written once. Versions are kept in order of time: a lookup "as of" a time is a binary
// search. db.json holds them under "storeHistory" (format.ts); a database opened through its
// index leaves them unread until first asked for (snapshotFile.ts).

import type { StoreItemRecord, StoreVersion } from "./records";

/** Versions kept per item, the current value included, unless the database is opened with another limit. */
export const DEFAULT_STORE_HISTORY = 50;

/** An earlier version with the seq of the journal entry that ended it: replaying that entry again must not add it twice. */
export interface KeptVersion extends StoreVersion {
  seq: number;
}

const SEP = "\u0000";

export function itemId(namespace: string, key: string): string {
  return `${namespace}${SEP}${key}`;
}

/** `[namespace, key]` of an itemId. */
export function itemAddressOf(id: string): [string, string] {
  const at = id.indexOf(SEP);
  return [id.slice(0, at), id.slice(at + 1)];
}

export function versionOf(item: StoreItemRecord, seq: number): KeptVersion {
  const version: KeptVersion = { at: item.updatedAt, seq, value: item.value };
  if (item.writtenBy !== undefined) version.writtenBy = item.writtenBy;
  if (item.origin !== undefined) version.origin = item.origin;
  return version;
}

/** Whether `version` is one `versions` already holds: it comes from an entry applied before. */
function alreadyKept(versions: readonly KeptVersion[], version: KeptVersion): boolean {
  const last = versions[versions.length - 1];
  if (last === undefined || last.seq < version.seq) return false;
  // A delete keeps two versions with its seq: the value it removed, then the deletion.
  return last.seq > version.seq || !version.deleted || last.deleted === true;
}

export class StoreHistory {
  /** Versions kept per item, the current value included; 0 records none. */
  limit = DEFAULT_STORE_HISTORY;
  /** Earlier versions per itemId, oldest first. */
  private readonly byItem = new Map<string, KeptVersion[]>();
  /** Items written while db.json's versions were unread, and whether each still has a value: the merge trims by it. */
  private readonly currentWhileUnread = new Map<string, boolean>();

  /** `unread` reads the versions db.json holds, on first use; versions added before then are merged after them. */
  constructor(private unread?: () => Map<string, KeptVersion[]>) {}

  get isUnread(): boolean {
    return this.unread !== undefined;
  }

  /**
   * Keeps `version` as the item's newest earlier version. `stillCurrent`: the item keeps a value
   * (a put), which counts toward the limit; after a delete it does not.
   */
  add(namespace: string, key: string, version: KeptVersion, stillCurrent: boolean): void {
    if (this.limit === 0) return;
    const id = itemId(namespace, key);
    let versions = this.byItem.get(id);
    if (versions === undefined) this.byItem.set(id, (versions = []));
    if (alreadyKept(versions, version)) return;
    versions.push(version);
    trim(versions, this.limit - (stillCurrent ? 1 : 0));
    if (this.unread !== undefined) this.currentWhileUnread.set(id, stillCurrent);
  }

  /** The item's earlier versions, oldest first (reads what db.json holds first, if not read yet). */
  versions(namespace: string, key: string): readonly KeptVersion[] {
    this.readAll();
    return this.byItem.get(itemId(namespace, key)) ?? [];
  }

  /** A rename: the earlier versions of `from` become the target's. */
  move(from: [string, string], to: [string, string]): void {
    this.readAll();
    const moved = this.byItem.get(itemId(...from));
    if (moved === undefined) return;
    this.byItem.delete(itemId(...from));
    // The target may have versions of an item deleted there before.
    const before = this.byItem.get(itemId(...to)) ?? [];
    this.byItem.set(
      itemId(...to),
      [...before, ...moved].sort((a, b) => a.seq - b.seq),
    );
  }

  /**
   * Takes in the versions `ours` holds in memory (this history is read from a db.json someone
   * else edited, which holds ours up to our last snapshot): nothing is read from ours' file.
   */
  absorb(ours: StoreHistory): void {
    for (const [id, versions] of ours.byItem) {
      const [namespace, key] = itemAddressOf(id);
      for (const version of versions) this.add(namespace, key, version, false);
    }
  }

  /** The keys in `namespace` that have earlier versions (a scan of every item's: for views, not hot paths). */
  keysIn(namespace: string): string[] {
    this.readAll();
    const prefix = `${namespace}${SEP}`;
    const keys: string[] = [];
    for (const id of this.byItem.keys()) if (id.startsWith(prefix)) keys.push(id.slice(prefix.length));
    return keys;
  }

  /** Every item's earlier versions, oldest first, by itemId. */
  entries(): MapIterator<[string, KeptVersion[]]> {
    this.readAll();
    return this.byItem.entries();
  }

  /**
   * Moves to a newer snapshot (a background compaction wrote it from the one not read yet, plus
   * the journal): its versions are read from there when first needed. False, changing nothing,
   * when the versions were read already.
   */
  follow(unread: () => Map<string, KeptVersion[]>): boolean {
    if (this.unread === undefined) return false;
    // The versions added since the open that it holds too are dropped at the merge (alreadyKept).
    this.unread = unread;
    return true;
  }

  /** Reads the versions db.json holds, if that is still to do. */
  readAll(): void {
    const read = this.unread;
    if (read === undefined) return;
    this.unread = undefined;
    const stored = read();
    for (const [id, versions] of stored) {
      const added = this.byItem.get(id);
      if (added !== undefined) {
        // Versions added since the open are newer, except those of a journal replayed at open
        // that db.json already held.
        for (const version of added) if (!alreadyKept(versions, version)) versions.push(version);
        trim(versions, this.limit - (this.currentWhileUnread.get(id) ? 1 : 0));
      }
      this.byItem.set(id, versions);
    }
    this.currentWhileUnread.clear();
  }
}

function trim(versions: KeptVersion[], keep: number): void {
  if (versions.length > keep) versions.splice(0, versions.length - Math.max(keep, 0));
}

/** An item's versions, newest first: its current value (`item`, if it has one), then the `earlier` ones. */
export function itemVersions(item: StoreItemRecord | undefined, earlier: readonly KeptVersion[]): StoreVersion[] {
  const versions: StoreVersion[] = [];
  if (item !== undefined) versions.push(publicVersion(versionOf(item, 0)));
  for (let i = earlier.length - 1; i >= 0; i--) versions.push(publicVersion(earlier[i]));
  return versions;
}

/**
 * The version of an item (current value `item`, `earlier` versions) that was current at `time`
 * (ms since 1970): a deletion when it was deleted then, undefined when it did not exist yet or
 * its versions that old are no longer kept. A binary search over the earlier versions.
 */
export function itemAsOf(item: StoreItemRecord | undefined, earlier: readonly KeptVersion[], time: number): StoreVersion | undefined {
  if (item !== undefined && item.updatedAt <= time) return publicVersion(versionOf(item, 0));
  // The last version from `time` or before.
  let lo = 0;
  let hi = earlier.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (earlier[mid].at <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : publicVersion(earlier[lo - 1]);
}

function publicVersion({ seq: _seq, ...version }: KeptVersion): StoreVersion {
  return version;
}
