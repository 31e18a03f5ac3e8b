// The one-line text of what recorded calls added up to (src/calls/usage.ts), as the Debug
// Console, the Threads view and the debugger view's badges show it.

import { describe, expect, it } from "vitest";
import type { CallRecord } from "../../../src/persistence/records";
import { describeTotals, totalsOf, type CallTotals } from "../../../src/calls/usage";

const totals = (extra: Partial<CallTotals>): CallTotals => ({
  calls: 2,
  replayed: 0,
  errors: 0,
  tokensIn: 60,
  tokensOut: 14,
  latencyMs: 59,
  unpriced: 0,
  ...extra,
});

describe("describeTotals", () => {
  it("gives a cost below a hundredth of a cent in two significant digits, not as $0.0000", () => {
    expect(describeTotals(totals({ cost: 0.0000174 }))).toBe("2 calls · 60 → 14 tokens · 59 ms · $0.000017");
    expect(describeTotals(totals({ cost: 0.0012 }))).toBe("2 calls · 60 → 14 tokens · 59 ms · $0.0012");
    expect(describeTotals(totals({ cost: 1.5, replayed: 1 }))).toBe("2 calls (1 replayed) · 60 → 14 tokens · 59 ms · $1.50");
  });
});

describe("totalsOf", () => {
  const call = (fields: Partial<CallRecord>): CallRecord => ({
    id: "c",
    from: "cp",
    task: "t",
    node: "agent",
    index: 1,
    kind: "model",
    name: "ChatOpenAI",
    model: "gpt-4o-mini",
    request: {},
    requestHash: "h",
    startedAt: "2026-12-05T00:00:00.000Z",
    latencyMs: 100,
    usage: { input: 1000, output: 100 },
    ...fields,
  });

  it("prices live calls by the longest matching prefix, user prices first; a replay costs nothing and an edit is no call", () => {
    const calls = [call({}), call({ replayedFrom: "c", latencyMs: 0 }), call({ editedFrom: "c", latencyMs: 0, usage: undefined }), call({ model: "my-model" })];
    expect(totalsOf(calls)).toEqual({
      calls: 3,
      replayed: 1,
      errors: 0,
      tokensIn: 2000,
      tokensOut: 200,
      latencyMs: 200,
      cost: (1000 * 0.15 + 100 * 0.6) / 1e6,
      unpriced: 1,
    });
    // The user's table is searched first: its "gpt-4o" prices gpt-4o-mini too.
    expect(totalsOf(calls, { "my-model": { input: 1, output: 2 }, "gpt-4o": { input: 10, output: 10 } }).cost).toBeCloseTo(
      (1000 * 10 + 100 * 10 + 1000 * 1 + 100 * 2) / 1e6,
      12,
    );
  });
});
