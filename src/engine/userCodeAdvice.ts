// What to do about two errors LangGraph's JS templates meet under the debugger, which the
// error's own text does not say: a provider's API key that is not set (which variable, and in
// which file the engine reads variables from), and an API of LangChain.js 0.x that 1.x removed
// (its name and what replaces it). Anything else gets no advice.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { GraphConfig } from "./graphConfig";

/** Providers whose LangChain packages say "API key not found" without naming the variable. */
const KEYS_BY_WORDING: Array<[RegExp, string]> = [
  [/\bAnthropic API key\b/i, "ANTHROPIC_API_KEY"],
  [/\bOpenAI (?:or Azure OpenAI )?API key\b/i, "OPENAI_API_KEY"],
  [/\bTavily API key\b/i, "TAVILY_API_KEY"],
];

/** APIs of LangChain.js 0.x that the templates use and 1.x no longer has (checked against the 1.x packages' exports). */
const REMOVED_APIS: Array<{ error: RegExp; api: string; replacement: string }> = [
  {
    error: /\.bind is not a function/,
    api: "Runnable.bind() (removed in @langchain/core 1.0)",
    replacement: 'model.bindTools(tools, { tool_choice: "auto" }) to give a chat model its tools, or .withConfig({ … }) for other call options',
  },
  {
    error: /@langchain\/community\/tools\/tavily_search|'\.\/tools\/tavily_search'/,
    api: 'TavilySearchResults from "@langchain/community/tools/tavily_search" (removed in @langchain/community 1.0)',
    replacement: 'TavilySearch from "@langchain/tavily" (npm install @langchain/tavily)',
  },
];

/** One or two sentences saying what to change, or undefined when the error is not one of these. */
export function adviceFor(error: unknown, config: Pick<GraphConfig, "configFile" | "root" | "env">): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string") return undefined;
  const removed = REMOVED_APIS.find((entry) => entry.error.test(message));
  if (removed) {
    return `The graph's code uses ${removed.api}, which LangChain.js 1.x (what the debugger runs on) no longer has: use ${removed.replacement}.`;
  }
  const key = missingKey(message);
  return key ? `${key} is not set. ${whereToSet(key, config)}` : undefined;
}

function missingKey(message: string): string | undefined {
  const named = message.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:API_KEY|TOKEN)\b/g)?.find((name) => !process.env[name]);
  return named ?? KEYS_BY_WORDING.find(([wording, name]) => wording.test(message) && !process.env[name])?.[1];
}

function whereToSet(key: string, config: Pick<GraphConfig, "configFile" | "root" | "env">): string {
  const inLaunch = `or set it under "env" in the launch configuration`;
  if (typeof config.env === "string") {
    const envFile = resolve(config.root, config.env);
    const state = existsSync(envFile) ? "" : " (it does not exist yet: create it)";
    return `Add the line ${key}=<your key> to ${envFile}${state}, the env file ${config.configFile} names, ${inLaunch}; then try again.`;
  }
  if (config.env) return `Add "${key}": "<your key>" to "env" in ${config.configFile}, ${inLaunch}; then try again.`;
  return `Add "env": ".env" to ${config.configFile} and the line ${key}=<your key> to ${resolve(config.root, ".env")}, ${inLaunch}; then try again.`;
}
