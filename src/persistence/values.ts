// Values go into the file as LangGraph's serializer output, parsed to plain JSON so the file
// stays readable. Plain data (objects, arrays, strings, numbers, booleans, null) serializes to
// itself, so with the default serializer it takes a fast path that skips the serializer's
// async walk; anything else (messages, Map, Set, Uint8Array, undefined…) goes through it.

import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Json } from "./format";

const NOT_PLAIN = Symbol("not plain");
export const NEEDS_SERIALIZER = Symbol("needs the serializer");
const MAX_DEPTH = 64;

/** A copy of `value` when it is plain JSON data, else NOT_PLAIN. */
function plainCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "object": {
      if (value === null) return null;
      if (depth > MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        const copy = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return NOT_PLAIN;
          const item = plainCopy(value[i], depth + 1);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy[i] = item;
        }
        return copy;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      for (const key in value) {
        if (!hasOwn.call(value, key)) continue;
        const item = plainCopy((value as Record<string, unknown>)[key], depth + 1);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        setKey(copy, key, item);
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  // Assigning to "__proto__" would set the prototype instead of a key.
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A copy of a stored tree (always plain JSON data), or NOT_PLAIN when it holds a serializer
 * record to revive (an object with an `lc` key): one walk both copies and checks. Objects are
 * copied by spreading, faster than adding their keys one by one; only nested ones need more.
 */
function treeCopy(tree: unknown, depth: number): unknown {
  if (typeof tree !== "object" || tree === null) return tree;
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(tree)) {
    const copy = new Array(tree.length);
    for (let i = 0; i < tree.length; i++) {
      const item = treeCopy(tree[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = item;
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...tree };
  for (const key in copy) {
    if (key === "lc") return NOT_PLAIN;
    const value = copy[key];
    if (typeof value === "object" && value !== null && hasOwn.call(copy, key)) {
      const item = treeCopy(value, depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      setKey(copy, key, item);
    }
  }
  return copy;
}

/**
 * A value another serializer could only give us as bytes: kept as an `lc: 2` record the default
 * serializer leaves alone, with the bytes as text when they are UTF-8.
 */
interface ForeignRecord {
  lc: 2;
  type: "serialized";
  serde: string;
  text?: string;
  bytes?: number[];
}

function isForeignRecord(tree: unknown): tree is ForeignRecord {
  const record = tree as ForeignRecord | null;
  return typeof record === "object" && record !== null && record.lc === 2 && record.type === "serialized" && typeof record.serde === "string";
}

export class ValueCodec {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  /** @param fast whether `serde()` is LangGraph's default JsonPlusSerializer, whose output for plain data is that data. */
  constructor(
    private readonly serde: () => SerializerProtocol,
    private readonly fast: () => boolean,
  ) {}

  /** The encoded value without waiting, when the fast path applies; else undefined. */
  encodeNow(value: unknown): Json | undefined {
    if (!this.fast()) return undefined;
    const copy = plainCopy(value, 0);
    return copy === NOT_PLAIN ? undefined : copy;
  }

  /** The decoded value without waiting, when the fast path applies; else NEEDS_SERIALIZER. */
  decodeNow(tree: Json): unknown {
    if (tree === undefined || !this.fast()) return NEEDS_SERIALIZER;
    const copy = treeCopy(tree, 0);
    return copy === NOT_PLAIN ? NEEDS_SERIALIZER : copy;
  }

  async encode(value: unknown): Promise<Json> {
    const now = this.encodeNow(value);
    if (now !== undefined) return now;
    // Wrapped so a top-level Uint8Array is encoded as a JSON record rather than raw bytes.
    const [type, data] = await this.serde().dumpsTyped({ v: value });
    if (type === "json") {
      const text = typeof data === "string" ? data : this.decoder.decode(data);
      return (JSON.parse(text) as { v: Json }).v;
    }
    const record: ForeignRecord = { lc: 2, type: "serialized", serde: type };
    try {
      record.text = typeof data === "string" ? data : this.decoder.decode(data);
    } catch {
      record.bytes = Array.from(data as Uint8Array);
    }
    return record;
  }

  /** Decodes several values with one serializer call where possible (it dominates read time). */
  async decodeMany(trees: readonly Json[]): Promise<unknown[]> {
    if (!this.fast()) return Promise.all(trees.map((tree) => this.decodeOne(tree)));
    const result = new Array<unknown>(trees.length);
    const slow: number[] = [];
    trees.forEach((tree, i) => {
      const copy = tree === undefined ? NOT_PLAIN : treeCopy(tree, 0);
      if (copy !== NOT_PLAIN) result[i] = copy;
      else if (tree !== undefined) slow.push(i);
    });
    if (slow.length > 0) {
      const revived = (await this.serde().loadsTyped("json", JSON.stringify(slow.map((i) => trees[i])))) as unknown[];
      slow.forEach((index, i) => (result[index] = revived[i]));
    }
    return result;
  }

  async decode(tree: Json): Promise<unknown> {
    return (await this.decodeMany([tree]))[0];
  }

  private async decodeOne(tree: Json): Promise<unknown> {
    if (tree === undefined) return undefined;
    if (isForeignRecord(tree)) {
      return this.serde().loadsTyped(tree.serde, tree.text ?? new Uint8Array(tree.bytes ?? []));
    }
    return this.serde().loadsTyped("json", JSON.stringify(tree));
  }
}
