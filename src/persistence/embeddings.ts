// Semantic search support: an offline embedder for examples and tests (no network, no model
// download) and the similarity arithmetic. Real projects pass any LangChain Embeddings.

import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/**
 * Embeds text as a bag of hashed words (feature hashing): texts sharing words get similar
 * vectors. Deterministic and instant; good enough to demonstrate and test ranking, not to
 * understand meaning.
 */
export class HashEmbeddings implements EmbeddingsInterface {
  constructor(readonly dims = 256) {}

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  private embed(text: string): number[] {
    const vector = new Array<number>(this.dims).fill(0);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      // FNV-1a: a cheap, stable hash; one bit of it picks the sign to keep buckets unbiased.
      let hash = 0x811c9dc5;
      for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
      vector[(hash >>> 1) % this.dims] += hash & 1 ? 1 : -1;
    }
    const norm = Math.hypot(...vector);
    return norm === 0 ? vector : vector.map((x) => x / norm);
  }
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
