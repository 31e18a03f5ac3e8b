// The @langchain/core of the user's project, for a regression test: calls are intercepted in the
// copy the graph runs with. Test runners load packages as Node does (vitest leaves node_modules
// to Node), so the ES module entries are resolved from the project's folder through the
// package's `exports` and imported by URL, which gives the very modules the graph imported; the
// CommonJS copy is intercepted too, for graphs that require() LangChain.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallConfig, CurrentHandler } from "../calls/callHandler";
import { interceptLangChainCalls, type UserCore } from "../calls/langchainCalls";

const ENTRIES = {
  chatModels: "./language_models/chat_models",
  tools: "./tools",
  messages: "./messages",
  outputs: "./outputs",
  singletons: "./singletons",
} as const;

type Entry = keyof typeof ENTRIES;
type Modules = Record<Entry, Record<string, unknown>>;

/** Intercepts the project's chat models and tools; returns LangChain's reader of the current runnable config. */
export async function interceptProjectCalls(fromDir: string, current: CurrentHandler): Promise<() => CallConfig> {
  const packageDir = findPackage(fromDir, "@langchain/core");
  const copies: Modules[] = [await importEsm(packageDir)];
  try {
    copies.push(requireCjs(packageDir));
  } catch {
    // An ESM-only @langchain/core: the ES modules are the only copy.
  }
  const cores = copies.map((modules) => coreOf(modules, packageDir));
  for (const core of cores) interceptLangChainCalls(core, current);
  // Every copy reads the one global AsyncLocalStorage LangChain keeps the config in.
  return cores[0]!.getRunnableConfig;
}

function findPackage(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`replayRecording could not find ${name} from ${fromDir}: install it in the project (it runs your graph).`);
  }
}

async function importEsm(packageDir: string): Promise<Modules> {
  const exportsMap = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { exports?: Record<string, unknown> }).exports ?? {};
  const modules = {} as Modules;
  for (const [entry, subpath] of Object.entries(ENTRIES) as Array<[Entry, string]>) {
    const target = importTarget(exportsMap[subpath]);
    if (!target) throw new Error(`@langchain/core at ${packageDir} exports no ES module "${subpath}".`);
    modules[entry] = (await import(pathToFileURL(join(packageDir, target)).href)) as Record<string, unknown>;
  }
  return modules;
}

/** The file an `exports` entry gives an `import`: a string, or `{ import: … }` down to `default`. */
function importTarget(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (typeof entry !== "object" || entry === null) return undefined;
  const conditions = entry as Record<string, unknown>;
  return importTarget(conditions.import ?? conditions.node ?? conditions.default);
}

function requireCjs(packageDir: string): Modules {
  const require = createRequire(join(packageDir, "package.json"));
  const modules = {} as Modules;
  for (const [entry, subpath] of Object.entries(ENTRIES) as Array<[Entry, string]>)
    modules[entry] = require(`@langchain/core/${subpath.slice(2)}`) as Record<string, unknown>;
  return modules;
}

function coreOf(modules: Modules, packageDir: string): UserCore {
  const provider = modules.singletons.AsyncLocalStorageProviderSingleton as { getRunnableConfig?: () => unknown } | undefined;
  const core = {
    BaseChatModel: modules.chatModels.BaseChatModel,
    StructuredTool: modules.tools.StructuredTool,
    AIMessage: modules.messages.AIMessage,
    AIMessageChunk: modules.messages.AIMessageChunk,
    ChatGenerationChunk: modules.outputs.ChatGenerationChunk,
  };
  if (Object.values(core).some((value) => typeof value !== "function") || typeof provider?.getRunnableConfig !== "function") {
    throw new Error(`@langchain/core at ${packageDir} lacks BaseChatModel, StructuredTool, the message classes or getRunnableConfig.`);
  }
  return { ...(core as unknown as Omit<UserCore, "getRunnableConfig">), getRunnableConfig: () => provider.getRunnableConfig!() as CallConfig };
}
