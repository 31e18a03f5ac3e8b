// Which chat model answers: the offline stand-in unless the user configured a real provider.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { OfflineChatModel } from "./offline-chat-model.js";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

// A variable specifier keeps `@langchain/openai` optional: neither TypeScript nor a bundler
// tries to resolve it unless OPENAI_API_KEY is set, so the example needs no extra dependency.
const OPENAI_PACKAGE = "@langchain/openai";

/**
 * The chat model for the current environment. Read at call time, not at import, so an `env`
 * file loaded after the graph module (as the LangGraph CLI and the debugger do) still counts.
 */
export async function chatModelFor(env: NodeJS.ProcessEnv = process.env, load: () => Promise<unknown> = () => import(OPENAI_PACKAGE)): Promise<BaseChatModel> {
  if (!env.OPENAI_API_KEY) return new OfflineChatModel();
  const { ChatOpenAI } = await importOpenAi(load);
  return new ChatOpenAI({ model: env.OPENAI_MODEL || DEFAULT_OPENAI_MODEL, apiKey: env.OPENAI_API_KEY });
}

interface OpenAiModule {
  ChatOpenAI: new (fields: { model: string; apiKey: string }) => BaseChatModel;
}

async function importOpenAi(load: () => Promise<unknown>): Promise<OpenAiModule> {
  try {
    return (await load()) as OpenAiModule;
  } catch (error) {
    if (isMissing(error)) {
      throw new Error(
        `OPENAI_API_KEY is set, so the memory agent wants OpenAI, but ${OPENAI_PACKAGE} is not installed. ` +
          `Run \`npm install ${OPENAI_PACKAGE}\` in examples/memory-agent, or unset OPENAI_API_KEY to use the offline stand-in model.`,
        { cause: error },
      );
    }
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Only the package itself missing (Node quotes its name), not a module it imports.
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && error.message.includes(`'${OPENAI_PACKAGE}'`);
}
