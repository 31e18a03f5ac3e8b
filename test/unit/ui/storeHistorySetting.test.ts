import { expect, it } from "vitest";
import { storeHistoryLimit } from "../../../src/ui/storeHistorySetting";

it("takes a whole number of 0 or more, and nothing when unset", () => {
  expect(storeHistoryLimit(7)).toEqual({ limit: 7 });
  expect(storeHistoryLimit(0)).toEqual({ limit: 0 });
  expect(storeHistoryLimit(undefined)).toEqual({});
});

it("names the setting and the wrong value, and falls back to the default", () => {
  for (const bad of [-1, 2.5, "x"]) {
    const { limit, problem } = storeHistoryLimit(bad);
    expect(limit).toBeUndefined();
    expect(problem).toBe(
      `The setting langgraph.storeHistory must be a whole number of versions kept per store item (0 keeps none), not ${JSON.stringify(bad)}; the default (50) is used until it is fixed.`,
    );
  }
});
