// The one-line text of what recorded calls added up to (src/calls/usage.ts), as the Debug
// Console, the Threads view and the debugger view's badges show it.

import { describe, expect, it } from "vitest";
import { describeTotals, type CallTotals } from "../../../src/calls/usage";

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
