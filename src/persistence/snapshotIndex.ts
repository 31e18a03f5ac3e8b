// Threads loaded on first use. Parsing a large db.json whole is most of opening it (233 MB for
// 100k checkpoints: 0.3 s to read, 0.7 s for JSON.parse), while a program mostly needs the
// threads it works on. So each snapshot we write gets a side file, `db.json.index`, with the
// byte range of every thread in it and the identity (size, mtime, inode) of the db.json it
// describes. Opening a db.json that still has that identity reads everything but the threads,
// and each thread is read and parsed when first asked for. Any other db.json (edited by hand,
// checked out by git, written by an older version, or a crash before the index was written) is
// parsed whole, as before.

import * as fs from "node:fs";
import { WorkspaceDbError } from "./errors";
import { parseStoreHistoryText, parseThreadText } from "./format";
import type { CheckpointNamespace } from "./state";
import type { KeptVersion } from "./storeHistory";

export interface FileIdentity {
  mtimeMs: number;
  size: number;
  ino: number;
}

/** Whether two stats name the same file content: same size, modification time and inode. */
export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a?.mtimeMs === b?.mtimeMs && a?.size === b?.size && a?.ino === b?.ino;
}

type ByteRange = [start: number, end: number];

export interface SnapshotIndex {
  version: 1;
  snapshot: FileIdentity;
  /** The value of "threads" (`{ … }`), and of each thread in it, as byte ranges of db.json. */
  threads: ByteRange;
  ranges: Record<string, ByteRange>;
  /** The value of "storeHistory", the earlier versions of store items, when the file has them. */
  storeHistory?: ByteRange;
}

export function indexFileOf(file: string): string {
  return `${file}.index`;
}

/**
 * Where each thread's value sits in `text` (a snapshot as formatSnapshot writes it, two-space
 * indented): a thread's value opens on its key's line at depth 2 and closes on a line of four
 * spaces and "}", which only a closing brace can be (JSON strings hold no raw newline).
 * Undefined when the text does not have that layout.
 */
export function threadRanges(text: string): { threads: ByteRange; ranges: Record<string, ByteRange> } | undefined {
  const opening = '\n  "threads": ';
  const at = text.indexOf(opening);
  if (at < 0) return undefined;
  const threadsStart = at + opening.length;
  if (text.startsWith("{}", threadsStart)) return { threads: [threadsStart, threadsStart + 2], ranges: {} };
  if (!text.startsWith("{\n", threadsStart)) return undefined;
  // No prototype: a thread named "__proto__" must be a key like any other.
  const ranges: Record<string, [number, number]> = Object.create(null);
  let position = threadsStart + 2;
  for (;;) {
    if (!text.startsWith('    "', position)) return undefined;
    const keyEnd = closingQuote(text, position + 5);
    if (keyEnd < 0 || !text.startsWith(": ", keyEnd + 1)) return undefined;
    const thread = JSON.parse(text.slice(position + 4, keyEnd + 1)) as string;
    const valueStart = keyEnd + 3;
    let valueEnd: number;
    if (text.startsWith("{}", valueStart)) valueEnd = valueStart + 2;
    else {
      const close = text.indexOf("\n    }", valueStart);
      if (close < 0) return undefined;
      valueEnd = close + 6;
    }
    ranges[thread] = [valueStart, valueEnd];
    if (text.startsWith(",\n", valueEnd)) position = valueEnd + 2;
    else if (text.startsWith("\n  }", valueEnd)) return { threads: [threadsStart, valueEnd + 4], ranges };
    else return undefined;
  }
}

/** Index of the quote that ends the JSON string whose content starts at `from`. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 92 /* \ */) i++;
    else if (code === 34 /* " */) return i;
    else if (code === 10) return -1;
  }
  return -1;
}

/** Where the threads (and the store's history) sit in a snapshot's text, as byte ranges; undefined when it lacks the layout. */
export type ThreadRanges = Pick<SnapshotIndex, "threads" | "ranges" | "storeHistory">;

/**
 * Where the value of "storeHistory" sits in `text`: formatSnapshot writes it last, so it runs
 * from its key, the only line at depth 1 starting so, to the closing brace of the file.
 */
function storeHistoryRange(text: string): ByteRange | undefined {
  const opening = '\n  "storeHistory": ';
  const at = text.lastIndexOf(opening);
  if (at < 0 || !text.endsWith("\n}\n")) return undefined;
  return [at + opening.length, text.length - 3];
}

/** The byte ranges of the threads and the store's history in `text` (a snapshot as formatSnapshot writes it). */
export function threadRangesOf(text: string): ThreadRanges | undefined {
  const found = threadRanges(text);
  if (!found) return undefined;
  const history = storeHistoryRange(text);
  // Character offsets are byte offsets only in ASCII text; otherwise count the bytes.
  const ascii = Buffer.byteLength(text) === text.length;
  const toBytes = ascii ? (range: ByteRange) => range : byteOffsets(text, [found.threads, ...Object.values(found.ranges), ...(history ? [history] : [])]);
  const ranges: Record<string, ByteRange> = Object.create(null);
  for (const [thread, range] of Object.entries(found.ranges)) ranges[thread] = toBytes(range);
  return history ? { threads: toBytes(found.threads), ranges, storeHistory: toBytes(history) } : { threads: toBytes(found.threads), ranges };
}

/**
 * Writes the index of a snapshot just written (best effort: without it, the next open parses
 * all). Returns the index, or undefined when there is none.
 */
export function writeSnapshotIndex(file: string, found: ThreadRanges | undefined, snapshot: FileIdentity | undefined): SnapshotIndex | undefined {
  const index = indexFileOf(file);
  try {
    if (!found || !snapshot) {
      fs.rmSync(index, { force: true });
      return undefined;
    }
    const content: SnapshotIndex = { version: 1, snapshot, ...found };
    fs.writeFileSync(`${index}.tmp`, JSON.stringify(content));
    fs.renameSync(`${index}.tmp`, index);
    return content;
  } catch {
    // A full disk, say: the next open parses db.json whole, as without an index.
    fs.rmSync(`${index}.tmp`, { force: true });
    fs.rmSync(index, { force: true });
    return undefined;
  }
}

/** Character ranges of `text` → byte ranges of its UTF-8, for the given ranges. */
function byteOffsets(text: string, ranges: ByteRange[]): (range: ByteRange) => ByteRange {
  const bytesAt = new Map<number, number>();
  let chars = 0;
  let bytes = 0;
  for (const offset of [...new Set(ranges.flat())].sort((a, b) => a - b)) {
    bytes += Buffer.byteLength(text.slice(chars, offset));
    chars = offset;
    bytesAt.set(offset, bytes);
  }
  return ([start, end]) => [bytesAt.get(start)!, bytesAt.get(end)!];
}

/** The index of `file` if it describes the file as it is now. */
export function readSnapshotIndex(file: string, now: FileIdentity): SnapshotIndex | undefined {
  try {
    const index = JSON.parse(fs.readFileSync(indexFileOf(file), "utf8")) as SnapshotIndex;
    const { snapshot } = index;
    if (index.version !== 1 || !sameIdentity(snapshot, now)) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

/**
 * db.json without its threads' values (`"threads": {}`) nor the store's history
 * (`"storeHistory": {}`), to parse the rest.
 */
export function readWithoutThreads(file: string, index: SnapshotIndex): string {
  const skipped = [index.threads, ...(index.storeHistory ? [index.storeHistory] : [])];
  const fd = fs.openSync(file, "r");
  try {
    let text = "";
    let from = 0;
    for (const [start, end] of [...skipped, [index.snapshot.size, index.snapshot.size] as ByteRange]) {
      const part = Buffer.alloc(start - from);
      fs.readSync(fd, part, 0, part.length, from);
      text += part.toString("utf8") + (start < index.snapshot.size ? "{}" : "");
      from = end;
    }
    return text;
  } finally {
    fs.closeSync(fd);
  }
}

/** The store's history that readWithoutThreads left out, read (from db.json, or the backup it became) when first needed. */
export function unreadStoreHistory(file: string, index: SnapshotIndex, backup: string): (() => Map<string, KeptVersion[]>) | undefined {
  const range = index.storeHistory;
  if (range === undefined) return undefined;
  return () => {
    for (const candidate of [file, backup]) {
      const text = readIfUnchanged(candidate, index.snapshot, range);
      if (text !== undefined) return parseStoreHistoryText(text, file);
    }
    throw new WorkspaceDbError(
      "DB_CHANGED",
      `${file} changed on disk before the history of its store items was read from it; the database reloads the file, try again.`,
      file,
    );
  };
}

/**
 * The threads of a snapshot, each read from db.json when first asked for. Asking whether a
 * thread exists, or for the ids, reads nothing; going through the values reads them all.
 */
export class LazyThreads extends Map<string, Map<string, CheckpointNamespace>> {
  private readonly unread: Map<string, ByteRange>;

  constructor(
    private readonly file: string,
    private index: SnapshotIndex,
    /** db.json.bak: after the next compaction, the indexed file lives on there (a hard link). */
    private readonly backup?: string,
  ) {
    super();
    this.unread = new Map(Object.entries(index.ranges));
  }

  /** How many threads have not been read yet. */
  get unreadCount(): number {
    return this.unread.size;
  }

  override get(thread: string): Map<string, CheckpointNamespace> | undefined {
    if (this.unread.has(thread)) this.readThread(thread);
    return super.get(thread);
  }

  override has(thread: string): boolean {
    return super.has(thread) || (this.unread.has(thread) ?? false);
  }

  override get size(): number {
    return super.size + this.unreadCount;
  }

  override set(thread: string, namespaces: Map<string, CheckpointNamespace>): this {
    this.unread.delete(thread);
    return super.set(thread, namespaces);
  }

  override delete(thread: string): boolean {
    const unread = this.unread.delete(thread);
    return super.delete(thread) || unread;
  }

  override clear(): void {
    this.unread.clear();
    super.clear();
  }

  override keys(): MapIterator<string> {
    return [...super.keys(), ...this.unread.keys()][Symbol.iterator]();
  }

  override entries(): MapIterator<[string, Map<string, CheckpointNamespace>]> {
    this.readAll();
    return super.entries();
  }

  override values(): MapIterator<Map<string, CheckpointNamespace>> {
    this.readAll();
    return super.values();
  }

  override forEach(
    callback: (value: Map<string, CheckpointNamespace>, key: string, map: Map<string, Map<string, CheckpointNamespace>>) => void,
    thisArg?: unknown,
  ): void {
    this.readAll();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Map<string, CheckpointNamespace>]> {
    return this.entries();
  }

  /**
   * Moves to a newer snapshot of `file` (a background compaction wrote it): the threads not read
   * yet are read from there. Those threads have not changed since (a change reads a thread
   * first), so they are the same in it. False, changing nothing, when it lacks one of them.
   */
  follow(index: SnapshotIndex): boolean {
    for (const thread of this.unread.keys()) if (!Object.hasOwn(index.ranges, thread)) return false;
    this.index = index;
    for (const thread of this.unread.keys()) this.unread.set(thread, index.ranges[thread]!);
    return true;
  }

  readAll(): void {
    for (const thread of [...this.unread.keys()]) this.readThread(thread);
  }

  private readThread(thread: string): void {
    const [start, end] = this.unread.get(thread)!;
    const text = this.readRange(thread, start, end);
    this.unread.delete(thread);
    super.set(thread, parseThreadText(text, thread, this.file));
  }

  private readRange(thread: string, start: number, end: number): string {
    // The indexed file, wherever it is now: still db.json, or the backup a compaction (ours, or
    // the writer's when this is a reader) made of it. An edit in place would move every range.
    for (const candidate of [this.file, this.backup]) {
      if (candidate === undefined) continue;
      const text = readIfUnchanged(candidate, this.index.snapshot, [start, end]);
      if (text !== undefined) return text;
    }
    throw new WorkspaceDbError(
      "DB_CHANGED",
      `${this.file} changed on disk before thread ${JSON.stringify(thread)} was read from it; the database reloads the file, try again.`,
      this.file,
    );
  }
}

/**
 * The text of `file` (or of its bytes in `range`) if it is still the file `identity` names;
 * undefined when it is another file now, or cannot be opened.
 */
export function readIfUnchanged(file: string, identity: FileIdentity, range?: ByteRange): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    if (!sameIdentity(fs.fstatSync(fd), identity)) return undefined;
    if (range === undefined) return fs.readFileSync(fd, "utf8");
    const buffer = Buffer.alloc(range[1] - range[0]);
    fs.readSync(fd, buffer, 0, buffer.length, range[0]);
    return buffer.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
