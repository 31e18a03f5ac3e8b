// The `langgraph.modelPrices` setting: dollars per million input and output tokens by model name
// prefix, for the cost of recorded calls (the Threads view's totals, a launch's `modelPrices`).
// Checked here, so a wrong value gets a message naming the setting and the entry, and the
// extension's list of known prices is used instead.

import type { ModelPrices } from "../protocol/engine";
import { modelPricesSchema } from "../debug/launchSchema";

export const MODEL_PRICES_SETTING = "langgraph.modelPrices";

/** The prices to use (undefined: none of the user's), and what is wrong with the value when it is. */
export function modelPricesOf(value: unknown): { prices?: ModelPrices; problem?: string } {
  if (value === undefined || value === null) return {};
  const checked = modelPricesSchema.safeParse(value);
  if (checked.success) return Object.keys(checked.data).length > 0 ? { prices: checked.data } : {};
  const [model] = checked.error.issues[0]?.path ?? [];
  const wrong =
    typeof model === "string" ? `its entry "${model}" is ${JSON.stringify((value as Record<string, unknown>)[model])}` : `it is ${JSON.stringify(value)}`;
  return {
    problem:
      `The setting ${MODEL_PRICES_SETTING} must map model name prefixes to dollars per million tokens, ` +
      `e.g. { "gpt-4o-mini": { "input": 0.15, "output": 0.6 } } (numbers of 0 or more), but ${wrong}; ` +
      `until it is fixed, costs use the extension's list of known prices only.`,
  };
}
