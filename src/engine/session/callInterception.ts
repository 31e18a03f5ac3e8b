// Where the engine intercepts the calls a node makes (src/calls): the chat model and tool
// classes of the user's own @langchain/core, resolved from the graph file (once per copy), and
// `fetch` (once per process). A call is recorded by the session whose run made it
// (sessionRun.ts); outside every run it passes untouched.

import { interceptFetch } from "../../calls/fetchCalls";
import { interceptLangChainCalls, type UserCore } from "../../calls/langchainCalls";
import type { CallConfig } from "../../calls/callHandler";
import { importUserModule } from "../userModules";
import { currentSessionRun } from "./sessionRun";

const current = () => currentSessionRun()?.calls;
/** LangChain keeps the current runnable config in one global AsyncLocalStorage, whichever copy reads it. */
let readConfig: () => CallConfig = () => undefined;
const warnedFiles = new Set<string>();

/**
 * Wraps `fetch` before any user module is imported: an SDK client keeps the `fetch` it finds
 * when it is constructed, often at import.
 */
export function interceptFetchCalls(): void {
  interceptFetch(current, () => readConfig());
}

/** Intercepts the calls of the LangChain that `graphFile` imports; says once per file when it cannot. */
export async function interceptCallsFor(graphFile: string, warn: (text: string) => void): Promise<boolean> {
  try {
    const core = await loadUserCore(graphFile);
    interceptLangChainCalls(core, current);
    readConfig = () => core.getRunnableConfig();
    interceptFetch(current, () => readConfig());
    return true;
  } catch (error) {
    if (!warnedFiles.has(graphFile)) {
      warnedFiles.add(graphFile);
      warn(`Model and tool calls of this graph will not be recorded or replayed: ${(error as Error).message ?? String(error)}.\n`);
    }
    return false;
  }
}

async function loadUserCore(graphFile: string): Promise<UserCore> {
  const [chatModels, tools, messages, outputs, singletons] = await Promise.all([
    importUserModule<{ BaseChatModel?: UserCore["BaseChatModel"] }>(graphFile, "@langchain/core/language_models/chat_models"),
    importUserModule<{ StructuredTool?: UserCore["StructuredTool"] }>(graphFile, "@langchain/core/tools"),
    importUserModule<{ AIMessage?: UserCore["AIMessage"]; AIMessageChunk?: UserCore["AIMessageChunk"] }>(graphFile, "@langchain/core/messages"),
    importUserModule<{ ChatGenerationChunk?: UserCore["ChatGenerationChunk"] }>(graphFile, "@langchain/core/outputs"),
    importUserModule<{ AsyncLocalStorageProviderSingleton?: { getRunnableConfig?: () => unknown } }>(graphFile, "@langchain/core/singletons"),
  ]);
  const provider = singletons.AsyncLocalStorageProviderSingleton;
  const { BaseChatModel } = chatModels;
  const { StructuredTool } = tools;
  const { AIMessage, AIMessageChunk } = messages;
  const { ChatGenerationChunk } = outputs;
  if (!BaseChatModel || !StructuredTool || !AIMessage || !AIMessageChunk || !ChatGenerationChunk || typeof provider?.getRunnableConfig !== "function") {
    throw new Error("its @langchain/core lacks BaseChatModel, StructuredTool, the message classes or getRunnableConfig");
  }
  return {
    BaseChatModel,
    StructuredTool,
    AIMessage,
    AIMessageChunk,
    ChatGenerationChunk,
    getRunnableConfig: () => provider.getRunnableConfig!() as CallConfig,
  };
}
