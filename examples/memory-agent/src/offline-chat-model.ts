// A deterministic stand-in for a real chat model, so the example runs offline and its tests
// can assert exact answers. It reads only what a real model would: the system message (with the
// memories) and the last user message. It streams its reply word by word, so LangGraph's
// "messages" stream mode shows tokens as it would with a real provider.
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { memoriesIn, memoryToSave } from "./memories.js";

const NAME_QUESTION = /\bwhat(?:'s|\s+is)\s+my\s+name\b/i;
const NAME_FACT = /\bname\s+is\s+(\p{L}[\p{L}'-]*)/iu;

export class OfflineChatModel extends BaseChatModel {
  constructor() {
    super({});
  }

  _llmType(): string {
    return "offline-stand-in";
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const text = reply(messages);
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const token of reply(messages).match(/\S+\s*/g) ?? []) {
      const chunk = new ChatGenerationChunk({ text: token, message: new AIMessageChunk(token) });
      yield chunk;
      await runManager?.handleLLMNewToken(token, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

/** The stand-in's whole "intelligence": three rules, in order. */
export function reply(messages: readonly BaseMessage[]): string {
  const memories = memoriesIn(messages.find((m) => m.type === "system")?.text ?? "");
  const question = messages.findLast((m) => m.type === "human")?.text ?? "";

  const toRemember = memoryToSave(question);
  if (toRemember) return `Got it. I will remember that: ${toRemember.data}.`;

  if (NAME_QUESTION.test(question)) {
    const name = memories.map((m) => NAME_FACT.exec(m)?.[1]).find((n) => n !== undefined);
    return name ? `Your name is ${name}.` : "I don't know your name yet. Tell me to remember it!";
  }

  const count = memories.length === 1 ? "1 thing" : `${memories.length} things`;
  return `I remember ${count} about you. Ask me "what is my name?" or tell me to remember something.`;
}
