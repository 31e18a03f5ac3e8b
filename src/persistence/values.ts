// Values go into the file as LangGraph's serializer output, parsed to plain JSON so the file
// stays readable. Plain data (objects, arrays, strings, numbers, booleans, null) serializes to
// itself, so with the default serializer it takes a fast path that skips the serializer's
// async walk; anything else (messages, Map, Set, Uint8Array, undefined…) goes through it.

import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { Json } from "./format";

const NOT_PLAIN = Symbol("not plain");
export const NEEDS_SERIALIZER = Symbol("needs the serializer");
const MAX_DEPTH = 64;

/**
 * A copy of `value` when it is plain JSON data, else NOT_PLAIN. Doubles as decode's deep copy:
 * with `decoding` set, an object with an `lc` key (a serializer record to revive) is NOT_PLAIN too.
 */
function plainCopy(value: unknown, depth: number, decoding: boolean): unknown {
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
          const item = plainCopy(value[i], depth + 1, decoding);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy[i] = item;
        }
        return copy;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        if (decoding && key === "lc") return NOT_PLAIN;
        const item = plainCopy((value as Record<string, unknown>)[key], depth + 1, decoding);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        if (key === "__proto__") Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
        else copy[key] = item;
      }
      return copy;
    }
    default:
      return NOT_PLAIN;
  }
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
    const copy = plainCopy(value, 0, false);
    return copy === NOT_PLAIN ? undefined : copy;
  }

  /** The decoded value without waiting, when the fast path applies; else NEEDS_SERIALIZER. */
  decodeNow(tree: Json): unknown {
    if (tree === undefined || !this.fast()) return NEEDS_SERIALIZER;
    // One walk both copies and finds records to revive (which then go to the serializer).
    const copy = plainCopy(tree, 0, true);
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
      const copy = tree === undefined ? NOT_PLAIN : plainCopy(tree, 0, true);
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
