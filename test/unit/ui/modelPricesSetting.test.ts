import { expect, it } from "vitest";
import { modelPricesOf } from "../../../src/ui/modelPricesSetting";

it("takes prices by model name prefix, and nothing when unset or empty", () => {
  const prices = { "gpt-4o-mini": { input: 0.15, output: 0.6 }, "my-model": { input: 0, output: 2 } };
  expect(modelPricesOf(prices)).toEqual({ prices });
  expect(modelPricesOf(undefined)).toEqual({});
  expect(modelPricesOf({})).toEqual({});
});

it("names the setting and the wrong entry, and falls back to the known prices", () => {
  const { prices, problem } = modelPricesOf({ "gpt-4o": { input: 2.5, output: 10 }, "my-model": { input: "1.5", output: 2 } });
  expect(prices).toBeUndefined();
  expect(problem).toBe(
    'The setting langgraph.modelPrices must map model name prefixes to dollars per million tokens, e.g. { "gpt-4o-mini": { "input": 0.15, "output": 0.6 } } (numbers of 0 or more), ' +
      `but its entry "my-model" is {"input":"1.5","output":2}; until it is fixed, costs use the extension's list of known prices only.`,
  );
  expect(modelPricesOf({ cheap: { input: -1, output: 1 } }).problem).toContain(`its entry "cheap" is {"input":-1,"output":1};`);
  expect(modelPricesOf({ partial: { input: 1 } }).problem).toContain(`its entry "partial" is {"input":1};`);
  expect(modelPricesOf(3).problem).toContain("but it is 3;");
});
