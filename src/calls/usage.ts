// Tokens and cost of recorded calls. Tokens come from what the provider reported
// (`usage_metadata` on the message, or `llmOutput.tokenUsage`); the cost is known only for the
// models priced below (US dollars per million tokens, the providers' published list prices as of
// 2025: they change, so the user's own prices, setting `langgraph.modelPrices`, come first).

import type { CallRecord } from "../persistence/records";
import type { CallTotalsView, ModelPrices } from "../protocol/engine";

export interface Usage {
  input: number;
  output: number;
}

export const KNOWN_PRICES: ModelPrices = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-5-nano": { input: 0.05, output: 0.4 },
  "gpt-5-mini": { input: 0.25, output: 2 },
  "gpt-5": { input: 1.25, output: 10 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "claude-3-5-haiku": { input: 0.8, output: 4 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-sonnet-4": { input: 3, output: 15 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-opus-4": { input: 15, output: 75 },
  "gemini-2.5-flash": { input: 0.3, output: 2.5 },
  "gemini-2.5-pro": { input: 1.25, output: 10 },
};

/** The tokens a recorded model response reports, if any. */
export function usageOf(response: unknown): Usage | undefined {
  const recorded = response as {
    message?: { usage_metadata?: { input_tokens?: unknown; output_tokens?: unknown } };
    llmOutput?: { tokenUsage?: { promptTokens?: unknown; completionTokens?: unknown } };
  };
  const meta = recorded?.message?.usage_metadata;
  if (typeof meta?.input_tokens === "number" && typeof meta.output_tokens === "number") return { input: meta.input_tokens, output: meta.output_tokens };
  const tokens = recorded?.llmOutput?.tokenUsage;
  if (typeof tokens?.promptTokens === "number" && typeof tokens.completionTokens === "number")
    return { input: tokens.promptTokens, output: tokens.completionTokens };
  return undefined;
}

/** The price of `model`: the user's first, then the known list; the longest matching prefix wins. */
export function priceOf(model: string | undefined, prices: ModelPrices = {}): { input: number; output: number } | undefined {
  if (!model) return undefined;
  const name = model.replace(/^.*\//, "").toLowerCase();
  for (const table of [prices, KNOWN_PRICES]) {
    const match = Object.keys(table)
      .filter((prefix) => name.startsWith(prefix.toLowerCase()))
      .sort((a, b) => b.length - a.length)[0];
    if (match !== undefined) return table[match];
  }
  return undefined;
}

/** What a set of calls added up to (CallTotalsView without its text). A replayed call costs nothing: it is counted apart. */
export type CallTotals = Omit<CallTotalsView, "text">;

export function totalsOf(calls: Iterable<CallRecord>, prices?: ModelPrices): CallTotals {
  const totals: CallTotals = { calls: 0, replayed: 0, errors: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0, unpriced: 0 };
  for (const call of calls) {
    // An edited copy is the user's answer kept beside a call, not a call that was made.
    if (call.editedFrom !== undefined) continue;
    totals.calls++;
    if (call.error !== undefined) totals.errors++;
    if (call.replayedFrom !== undefined) {
      totals.replayed++;
      continue;
    }
    totals.latencyMs += call.latencyMs;
    if (!call.usage) continue;
    totals.tokensIn += call.usage.input;
    totals.tokensOut += call.usage.output;
    const price = priceOf(call.model, prices);
    if (price) totals.cost = (totals.cost ?? 0) + (call.usage.input * price.input + call.usage.output * price.output) / 1_000_000;
    else totals.unpriced++;
  }
  return totals;
}

/** "3 calls (1 replayed) · 1,204 → 312 tokens · 2.4 s · $0.0012". */
export function describeTotals(totals: CallTotals): string {
  if (totals.calls === 0) return "no calls";
  const parts = [describeCallCount(totals)];
  if (totals.tokensIn + totals.tokensOut > 0) parts.push(`${totals.tokensIn.toLocaleString("en-US")} → ${totals.tokensOut.toLocaleString("en-US")} tokens`);
  if (totals.latencyMs > 0) parts.push(totals.latencyMs >= 1000 ? `${(totals.latencyMs / 1000).toFixed(1)} s` : `${Math.round(totals.latencyMs)} ms`);
  if (totals.cost !== undefined) parts.push(formatCost(totals.cost));
  return parts.join(" · ");
}

/** The short form a list shows: "3 calls (1 replayed) · $0.0012". */
export function describeTotalsBriefly(totals: CallTotals): string {
  return totals.cost === undefined ? describeCallCount(totals) : `${describeCallCount(totals)} · ${formatCost(totals.cost)}`;
}

function describeCallCount({ calls, replayed }: CallTotals): string {
  return `${calls} call${calls === 1 ? "" : "s"}${replayed > 0 ? ` (${replayed} replayed)` : ""}`;
}

/** "$1.25", "$0.0042", "$0.000021": two significant digits below a cent. */
export function formatCost(dollars: number): string {
  if (dollars === 0) return "$0";
  return `$${dollars < 0.01 ? dollars.toPrecision(2) : dollars.toFixed(2)}`;
}
