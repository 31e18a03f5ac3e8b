// The `call_model` node of LangGraph's "cross-thread persistence" how-to: memories live in the
// store under ["memories", userId], so they outlive the thread (conversation) that wrote them.
import { randomUUID } from "node:crypto";
import { SystemMessage } from "@langchain/core/messages";
import type { MessagesAnnotation, Runtime } from "@langchain/langgraph";
import { chatModelFor } from "./chat-model.js";
import type { AgentContext } from "./context.js";
import { memoryToSave, systemPrompt } from "./memories.js";
import type { Memory } from "./memories.js";

type State = typeof MessagesAnnotation.State;

export async function callModel(state: State, runtime: Runtime<AgentContext>): Promise<typeof MessagesAnnotation.Update> {
  const { store } = runtime;
  if (!store) {
    throw new Error(
      "call_model needs a store for its memories, and the graph has none. " +
        "Run it under the LangGraph debugger or `langgraph dev` (they attach one), or set `graph.store = new InMemoryStore()`.",
    );
  }
  const userId = runtime.context?.userId;
  if (!userId) {
    throw new Error('call_model needs a userId: invoke the graph with `{ context: { userId: "1" } }`.');
  }
  const namespace = ["memories", userId];
  const lastMessage = state.messages.at(-1);
  const query = lastMessage?.text ?? "";

  const found = await store.search(namespace, { query });
  const memories = found.map((item) => (item.value as Partial<Memory>).data).filter((d) => typeof d === "string");

  const memory = lastMessage?.type === "human" ? memoryToSave(query) : undefined;
  if (memory) await store.put(namespace, randomUUID(), memory);

  const model = await chatModelFor();
  const response = await model.invoke([new SystemMessage(systemPrompt(memories)), ...state.messages]);
  return { messages: [response] };
}
