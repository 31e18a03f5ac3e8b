// Values go into the file as LangGraph's serializer output, parsed to plain JSON so the file
// stays readable. Plain data (objects, arrays, strings, numbers, booleans, null) serializes to
// itself, so with the default serializer it takes a fast path that skips the serializer's
// async walk; anything else (messages, Map, Set, Uint8Array, undefined…) goes through it.
// Around the serializer: a user's object with an `lc` key is escaped so it is not revived as
// something else, what it cannot represent (BigInt, Symbol, functions) is refused by name, and
// reading builds objects here, handing it only the records it revives, so keys like
// "__proto__" stay keys.

import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDbError } from "./errors";
import { invalidInput } from "./errors";
import type { Json } from "./records";

const NOT_PLAIN = Symbol("not plain");
export const NEEDS_SERIALIZER = Symbol("needs the serializer");
const MAX_DEPTH = 64;

const hasOwn = Object.prototype.hasOwnProperty;

/** Sets an own key, whatever its name: assigning to "__proto__" would set the prototype instead. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A user's plain object with an `lc` key, as the file keeps it: LangGraph's serializer would
 * take the object for a serialized LangChain object (or a Set, Map, undefined…) and revive it as
 * one. The object's other keys stay readable under `value`; only stored by the default serializer.
 */
interface EscapedObject {
  lc: 0;
  type: "escaped";
  lcValue: Json;
  value: Record<string, Json>;
}

function isEscapedObject(tree: object): tree is EscapedObject {
  const record = tree as EscapedObject;
  return (
    record.lc === 0 &&
    record.type === "escaped" &&
    hasOwn.call(record, "lcValue") &&
    typeof record.value === "object" &&
    record.value !== null &&
    !Array.isArray(record.value)
  );
}

/** A record that LangGraph's serializer revives: a LangChain object (`lc: 1`) or one of its own (`lc: 2`). */
function isSerializerRecord(tree: object): boolean {
  const record = tree as { lc?: unknown; type?: unknown; id?: unknown };
  return record.lc === 2 || (record.lc === 1 && record.type === "constructor" && Array.isArray(record.id));
}

/** Where in a value something was found: `messages[2].kwargs`, from the keys walked to it. */
function pathText(root: string, keys: ReadonlyArray<string | number>): string {
  let text = root;
  for (const key of keys) {
    if (typeof key === "number") text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text === "" ? "the top level" : text;
}

/**
 * What a refusal names ("channel \"messages\" of thread \"t\""): a function, called only when a
 * value is refused, so that the hot path of a put builds no text for an error that does not happen.
 */
export type Subject = string | (() => string);

function unstorable(subject: Subject, problem: string, advice: string): WorkspaceDbError {
  return invalidInput(`Cannot save ${typeof subject === "function" ? subject() : subject}: ${problem}. ${advice}`);
}

/** A value the serializer cannot represent, met while copying; the keys on its path are added on the way out. */
class Unstorable {
  readonly keys: Array<string | number> = [];
  constructor(
    readonly what: string,
    readonly why: string,
  ) {}
}

/**
 * Copies a value for the default serializer: plain objects and arrays are copied (a plain object
 * with an `lc` key escaped), anything else (messages, Map, Set, Uint8Array, undefined…) is kept
 * for the serializer and clears `plain`. What the serializer cannot represent is refused here,
 * with its path, rather than stored as an error string or dropped.
 */
class Preparer {
  /** True while everything copied is plain JSON data, which then needs no serializer. */
  plain = true;

  /** The copy; throws the refusal naming `subject` and the path from `root`. */
  prepare(value: unknown, subject: Subject, root: string): unknown {
    try {
      return this.copy(value, 0);
    } catch (error) {
      if (!(error instanceof Unstorable)) throw error;
      throw unstorable(subject, `it holds ${error.what} at ${pathText(root, error.keys)}, ${error.why}`, "Nothing was saved.");
    }
  }

  private copy(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value : null;
      case "object":
        return value === null ? null : this.copyObject(value, depth);
      case "undefined":
        this.plain = false;
        return value;
      case "bigint":
        throw new Unstorable("a BigInt", "which LangGraph's serializer cannot store. Convert it to a number or a string first, e.g. Number(n) or n.toString()");
      case "symbol":
        throw new Unstorable("a Symbol", "which has no JSON form. Store a string in its place, e.g. its description");
      case "function":
        throw new Unstorable("a function", "which cannot be saved. Keep functions out of saved values; store the data they need instead");
    }
  }

  private copyObject(value: object, depth: number): unknown {
    if (depth > MAX_DEPTH) {
      // Deep or circular: the serializer walks the rest (and marks cycles "[Circular]").
      this.plain = false;
      return value;
    }
    if (Array.isArray(value)) {
      const copy = new Array(value.length);
      let i = 0;
      try {
        for (; i < value.length; i++) copy[i] = this.copy(value[i], depth + 1);
      } catch (error) {
        if (error instanceof Unstorable) error.keys.unshift(i);
        throw error;
      }
      return copy;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      this.plain = false;
      return value;
    }
    const copy: Record<string, unknown> = {};
    let lcValue: unknown = NOT_PLAIN;
    let key = "";
    try {
      for (key in value) {
        if (!hasOwn.call(value, key)) continue;
        const item = this.copy((value as Record<string, unknown>)[key], depth + 1);
        if (key === "lc") lcValue = item;
        else setOwn(copy, key, item);
      }
    } catch (error) {
      if (error instanceof Unstorable) error.keys.unshift(key);
      throw error;
    }
    if (lcValue === NOT_PLAIN) return copy;
    const escaped: EscapedObject = { lc: 0, type: "escaped", lcValue, value: copy };
    return escaped;
  }
}

/**
 * A copy of a stored tree, with escaped objects restored. A serializer record (or a subtree
 * deeper than MAX_DEPTH) is handed to `revive`; without one, meeting such a record gives NOT_PLAIN.
 * Objects are copied by spreading, faster than adding their keys one by one; only nested ones need more.
 */
function treeCopy(tree: unknown, depth: number, revive: ((record: Json) => unknown) | undefined): unknown {
  if (typeof tree !== "object" || tree === null) return tree;
  if (depth > MAX_DEPTH) return revive === undefined ? NOT_PLAIN : revive(tree);
  if (Array.isArray(tree)) {
    const copy = new Array(tree.length);
    for (let i = 0; i < tree.length; i++) {
      const item = treeCopy(tree[i], depth + 1, revive);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = item;
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...tree };
  for (const key in copy) {
    // Checked here rather than up front: one comparison per key is cheaper than a lookup per object.
    if (key === "lc") return lcObjectCopy(tree, depth, revive);
    const value = copy[key];
    if (typeof value === "object" && value !== null && hasOwn.call(copy, key)) {
      const item = treeCopy(value, depth + 1, revive);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      setOwn(copy, key, item);
    }
  }
  return copy;
}

/** treeCopy of an object with an `lc` key: an escaped object, a serializer record, or (written unescaped by an older version) a user's object. */
function lcObjectCopy(tree: object, depth: number, revive: ((record: Json) => unknown) | undefined): unknown {
  if (isEscapedObject(tree)) {
    const lcValue = treeCopy(tree.lcValue, depth + 1, revive);
    const rest = treeCopy(tree.value, depth + 1, revive);
    if (lcValue === NOT_PLAIN || rest === NOT_PLAIN) return NOT_PLAIN;
    const copy: Record<string, unknown> = { lc: lcValue };
    for (const key of Object.keys(rest as object)) setOwn(copy, key, (rest as Record<string, unknown>)[key]);
    return copy;
  }
  if (isSerializerRecord(tree)) return revive === undefined ? NOT_PLAIN : revive(tree);
  // A fresh copy: the caller's may already hold revived values, which must not be copied again.
  const spread: Record<string, unknown> = { ...tree };
  for (const key in spread) {
    const value = spread[key];
    if (typeof value === "object" && value !== null && hasOwn.call(spread, key)) {
      const item = treeCopy(value, depth + 1, revive);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      setOwn(spread, key, item);
    }
  }
  return spread;
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

/** What LangGraph's serializer writes, instead of the value, when JSON.stringify throws (a BigInt, say). */
function lostByTheSerializer(parsed: unknown): boolean {
  return typeof parsed !== "object" || parsed === null || !hasOwn.call(parsed, "v");
}

export class ValueCodec {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  /** @param fast whether `serde()` is LangGraph's default JsonPlusSerializer, whose output for plain data is that data. */
  constructor(
    private readonly serde: () => SerializerProtocol,
    private readonly fast: () => boolean,
  ) {}

  /**
   * The encoded value without waiting, when the fast path applies; else undefined. Throws a
   * DB_INVALID_INPUT error naming `subject` (e.g. `channel "messages" of thread "t"`) and the
   * path from `root` when the value holds what cannot be stored.
   */
  encodeNow(value: unknown, subject: Subject = "a value", root = ""): Json | undefined {
    if (!this.fast()) return undefined;
    const preparer = new Preparer();
    const copy = preparer.prepare(value, subject, root);
    return preparer.plain ? copy : undefined;
  }

  /** The decoded value without waiting, when the fast path applies; else NEEDS_SERIALIZER. */
  decodeNow(tree: Json): unknown {
    if (tree === undefined || !this.fast()) return NEEDS_SERIALIZER;
    const copy = treeCopy(tree, 0, undefined);
    return copy === NOT_PLAIN ? NEEDS_SERIALIZER : copy;
  }

  /** Encodes a value for the file; what cannot be stored is refused as encodeNow says. */
  async encode(value: unknown, subject: Subject = "a value", root = ""): Promise<Json> {
    let input = value;
    if (this.fast()) {
      const preparer = new Preparer();
      const copy = preparer.prepare(value, subject, root);
      if (preparer.plain) return copy;
      input = copy;
    }
    // Wrapped so a top-level Uint8Array is encoded as a JSON record rather than raw bytes.
    const [type, data] = await this.serde().dumpsTyped({ v: input });
    if (type === "json") {
      const text = typeof data === "string" ? data : this.decoder.decode(data);
      const parsed: unknown = JSON.parse(text);
      if (lostByTheSerializer(parsed)) {
        throw unstorable(
          subject,
          `the serializer replaced it with ${JSON.stringify(parsed)}`,
          "It most likely holds a BigInt (inside a message or a Map, say); convert it to a number or a string first. Nothing was saved.",
        );
      }
      return (parsed as { v: Json }).v;
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
      const copy = tree === undefined ? NOT_PLAIN : treeCopy(tree, 0, undefined);
      if (copy !== NOT_PLAIN) result[i] = copy;
      else if (tree !== undefined) slow.push(i);
    });
    if (slow.length > 0) {
      // Only the records the serializer revives go through it; the rest is copied here, so a
      // user's object keeps its `__proto__` keys and escaped objects come back as they were.
      const records: Json[] = [];
      for (const i of slow) treeCopy(trees[i], 0, (record) => records.push(record));
      const revived = (await this.serde().loadsTyped("json", JSON.stringify(records))) as unknown[];
      let next = 0;
      for (const i of slow) result[i] = treeCopy(trees[i], 0, () => revived[next++]);
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
