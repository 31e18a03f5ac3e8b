// Offline embeddings for the store's semantic index (langgraph.json `store.index.embed`).
// A hashing bag-of-words model: no network and no model download, so the example runs anywhere
// and gives the same vectors on every machine. Texts that share words score higher.
import { Embeddings } from "@langchain/core/embeddings";

/** Vector length; must match `store.index.dims` in langgraph.json. */
export const EMBEDDING_DIMS = 256;

export class HashingEmbeddings extends Embeddings {
  readonly dims: number;

  constructor(dims: number = EMBEDDING_DIMS) {
    super({});
    this.dims = dims;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => this.embed(text));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }

  private embed(text: string): number[] {
    const vector = new Array<number>(this.dims).fill(0);
    for (const word of words(text)) {
      const hash = fnv1a(word);
      // The top bit picks a sign so that colliding words tend to cancel instead of piling up.
      vector[hash % this.dims] += hash & 0x80000000 ? -1 : 1;
    }
    const length = Math.hypot(...vector);
    // An empty text stays the zero vector; stores score it 0 against everything.
    return length === 0 ? vector : vector.map((value) => value / length);
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** 32-bit FNV-1a: tiny, stable across platforms, good enough spread for bucketing words. */
function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(word)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const embeddings = new HashingEmbeddings();
