// Recording and replaying LangChain chat models and tools, in the user's own @langchain/core.
//
// Why here and not in callbacks: a replay must return the recorded answer *instead of* calling
// the provider, and LangChain callbacks can only watch. Why not only at the HTTP layer: the
// stand-in and local models make no request, a tool's work is not HTTP, and a model's answer
// is what a user wants to read and edit. So the engine wraps the provider boundary: each chat
// model class's own `_generate` and `_streamResponseChunks`, and each tool class's `_call`,
// below LangChain's callbacks (tokens, tracing and LangGraph's "messages" stream still see a
// replayed answer, streamed chunk by chunk) and above the SDK's HTTP. Those methods belong to
// the provider classes, so the base class's entry points (`_generateUncached`, `_streamIterator`,
// `StructuredTool.call`) wrap the class of each instance the first time it passes, once per
// class. Calls an SDK makes with `fetch` outside a model or tool are fetchCalls.ts's.

import type { CallConfig, CallHandler, CallOutcome, CallSite, CurrentHandler } from "./callHandler";
import { asRecordedCall, insideRecordedCall } from "./callNesting";
import { redactSecrets } from "./requests";
import { usageOf } from "./usage";
import { fromRecordedChunks, fromRecordedResult, recordChunks, recordResult, type MessageClasses } from "./modelResponses";

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
type Prototype = Record<string, unknown>;

/** The parts of the user's @langchain/core the interception needs. */
export interface UserCore extends MessageClasses {
  BaseChatModel: { prototype: Prototype };
  StructuredTool: { prototype: Prototype };
  getRunnableConfig: () => CallConfig;
}

const WRAPPED = Symbol.for("langgraph-debugger.recordedCall");
const installedCores = new WeakSet<object>();

/** Wraps the model and tool classes of `core` (once per copy of @langchain/core). */
export function interceptLangChainCalls(core: UserCore, current: CurrentHandler): void {
  const modelBase = core.BaseChatModel.prototype;
  if (installedCores.has(modelBase)) return;
  installedCores.add(modelBase);
  const wrapModelClass = (instance: unknown) => {
    wrapOwn(instance, modelBase, "_generate", (original) => recordGenerate(original, core, current));
    wrapOwn(instance, modelBase, "_streamResponseChunks", (original) => recordStream(original, core, current));
  };
  for (const entry of ["_generateUncached", "_streamIterator"]) {
    const original = modelBase[entry] as AnyFunction | undefined;
    if (typeof original !== "function") continue;
    modelBase[entry] = function wrappingModelClass(this: unknown, ...args: unknown[]) {
      if (current() !== undefined) wrapModelClass(this);
      return original.apply(this, args);
    };
  }
  const toolBase = core.StructuredTool.prototype;
  const call = toolBase.call as AnyFunction | undefined;
  if (typeof call === "function") {
    toolBase.call = function wrappingToolClass(this: unknown, ...args: unknown[]) {
      if (current() !== undefined) wrapOwn(this, toolBase, "_call", (original) => recordTool(original, core, current));
      return call.apply(this, args);
    };
  }
}

/**
 * Wraps `method` where the instance's class chain defines it (the most derived definition,
 * which is what `this[method]` runs), unless that is the base class's own or already wrapped.
 */
function wrapOwn(instance: unknown, base: Prototype, method: string, wrap: (original: AnyFunction) => AnyFunction): void {
  for (let proto = Object.getPrototypeOf(instance) as Prototype | null; proto && proto !== base; proto = Object.getPrototypeOf(proto) as Prototype | null) {
    if (!Object.prototype.hasOwnProperty.call(proto, method)) continue;
    const original = proto[method] as AnyFunction & { [WRAPPED]?: true };
    if (typeof original !== "function" || original[WRAPPED]) return;
    const wrapped = wrap(original) as AnyFunction & { [WRAPPED]?: true };
    wrapped[WRAPPED] = true;
    proto[method] = wrapped;
    return;
  }
}

/** The handler for a call made now, or none: outside a recorded run, or inside another recorded call. */
function handlerNow(current: CurrentHandler): CallHandler | undefined {
  return insideRecordedCall() ? undefined : current();
}

function modelSite(model: Record<string, unknown>, messages: unknown, options: unknown): CallSite {
  let params: Record<string, unknown> = {};
  try {
    const invocation = (model.invocationParams as ((options: unknown) => unknown) | undefined)?.call(model, options);
    if (invocation && typeof invocation === "object") params = { ...(invocation as Record<string, unknown>) };
  } catch {
    // A provider whose parameters cannot be read without a live client: the messages decide.
  }
  // Whether the answer streams is how it is delivered, not what is asked.
  for (const delivery of ["stream", "stream_options", "streaming", "signal", "callbacks"]) delete params[delivery];
  const modelName = [params.model, params.model_name, params.modelName, model.model, model.modelName].find((name) => typeof name === "string") as
    string | undefined;
  const request: Record<string, unknown> = { messages: (messages as unknown[]).map(messageRequest) };
  const plainParams = redactSecrets(params) as Record<string, unknown>;
  if (Object.keys(plainParams).length > 0) request.params = plainParams;
  const className = (model.constructor as { name?: string } | undefined)?.name || "chat model";
  return { kind: "model", name: className, ...(modelName ? { model: modelName } : {}), request };
}

/** A message as the model reads it: its ids are left out, they change from run to run. Keys in order, so hashing copies nothing. */
function messageRequest(message: unknown): unknown {
  const m = message as Record<string, unknown> & { getType?: () => string; _getType?: () => string };
  const type = typeof m.type === "string" ? m.type : (m.getType?.() ?? m._getType?.());
  const request: Record<string, unknown> = { content: redactSecrets(m.content) };
  if (typeof m.name === "string") request.name = m.name;
  if (typeof m.tool_call_id === "string") request.tool_call_id = m.tool_call_id;
  if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
    request.tool_calls = m.tool_calls.map((call: { name?: unknown; args?: unknown; id?: unknown }) => ({
      args: redactSecrets(call.args),
      id: call.id,
      name: call.name,
    }));
  }
  request.type = type;
  return request;
}

function recordGenerate(original: AnyFunction, core: UserCore, current: CurrentHandler): AnyFunction {
  return async function recordedGenerate(this: unknown, messages: unknown, options: unknown, runManager: unknown) {
    const handler = handlerNow(current);
    if (!handler) return original.call(this, messages, options, runManager);
    const ticket = handler.begin(modelSite(this as Record<string, unknown>, messages, options), core.getRunnableConfig());
    if (ticket.replay !== undefined) {
      const result = fromRecordedResult(ticket.replay, core);
      ticket.finish({ response: ticket.replay, usage: usageOf(ticket.replay) });
      return result;
    }
    try {
      const result = await asRecordedCall(() => original.call(this, messages, options, runManager));
      const response = recordResult(result);
      ticket.finish({ response, usage: usageOf(response) });
      return result;
    } catch (error) {
      ticket.finish({ error });
      throw error;
    }
  };
}

function recordStream(original: AnyFunction, core: UserCore, current: CurrentHandler): AnyFunction {
  return async function* recordedStream(this: unknown, messages: unknown, options: unknown, runManager: unknown) {
    const handler = handlerNow(current);
    if (!handler) return yield* original.call(this, messages, options, runManager) as AsyncGenerator;
    const ticket = handler.begin(modelSite(this as Record<string, unknown>, messages, options), core.getRunnableConfig());
    if (ticket.replay !== undefined) {
      const manager = runManager as { handleLLMNewToken?: (...args: unknown[]) => Promise<unknown> } | undefined;
      try {
        for (const chunk of fromRecordedChunks(ticket.replay, core)) {
          yield chunk;
          // As a provider does: LangChain's token callbacks and LangGraph's "messages" stream see each chunk.
          await manager?.handleLLMNewToken?.((chunk as { text?: string }).text ?? "", undefined, undefined, undefined, undefined, { chunk });
        }
      } finally {
        // Also when the consumer stops early: the replay happened.
        ticket.finish({ response: ticket.replay, usage: usageOf(ticket.replay) });
      }
      return;
    }
    const chunks: unknown[] = [];
    const outcome: CallOutcome = {};
    try {
      const live = asRecordedCall(() => original.call(this, messages, options, runManager) as AsyncGenerator);
      for (;;) {
        const next = await asRecordedCall(() => live.next());
        if (next.done) break;
        chunks.push(next.value);
        yield next.value;
      }
      outcome.response = recordChunks(chunks);
      outcome.usage = usageOf(outcome.response);
    } catch (error) {
      outcome.error = error;
      throw error;
    } finally {
      // Also when the consumer stops early: what arrived is what the model said.
      if (outcome.response === undefined && outcome.error === undefined) outcome.response = recordChunks(chunks);
      ticket.finish(outcome);
    }
  };
}

function recordTool(original: AnyFunction, core: UserCore, current: CurrentHandler): AnyFunction {
  return async function recordedTool(this: unknown, args: unknown, runManager: unknown, config: unknown) {
    const handler = handlerNow(current);
    if (!handler) return original.call(this, args, runManager, config);
    const name = String((this as { name?: unknown }).name ?? "tool");
    const ticket = handler.begin({ kind: "tool", name, request: { args: redactSecrets(args) } }, core.getRunnableConfig());
    if (ticket.replay !== undefined) {
      ticket.finish({ response: ticket.replay });
      return (ticket.replay as { output?: unknown }).output;
    }
    try {
      const output = await asRecordedCall(() => original.call(this, args, runManager, config));
      const plain = toolOutput(output);
      ticket.finish(plain === undefined ? { unreplayable: true } : { response: { output: plain } });
      return output;
    } catch (error) {
      ticket.finish({ error });
      throw error;
    }
  };
}

/** A tool's result when it is plain data (a string, JSON, `[content, artifact]`); undefined for a stream or an object with behaviour. */
function toolOutput(output: unknown): unknown {
  if (typeof output === "string" || typeof output === "number" || typeof output === "boolean" || output === null) return output;
  if (typeof output !== "object" || (output as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator]) return undefined;
  const proto = Object.getPrototypeOf(output);
  if (!Array.isArray(output) && proto !== Object.prototype && proto !== null) return undefined;
  try {
    return JSON.parse(JSON.stringify(output));
  } catch {
    return undefined;
  }
}
