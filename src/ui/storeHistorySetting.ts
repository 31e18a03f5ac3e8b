// The `langgraph.storeHistory` setting: how many versions of each store item the workspace
// database keeps. Checked here, before it reaches the engine, so a wrong value gets a message
// naming the setting and the database opens with the default instead of failing.

export const STORE_HISTORY_SETTING = "langgraph.storeHistory";

/** The limit to open with (undefined: the database's default), and what is wrong with the value when it is. */
export function storeHistoryLimit(value: unknown): { limit?: number; problem?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { limit: value };
  return {
    problem:
      `The setting ${STORE_HISTORY_SETTING} must be a whole number of versions kept per store item (0 keeps none), ` +
      `not ${JSON.stringify(value)}; the default (50) is used until it is fixed.`,
  };
}
