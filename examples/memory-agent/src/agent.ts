// The graph langgraph.json names `agent`. Compiled without a checkpointer or store: whoever runs
// it (the debugger, `langgraph dev`, a test) attaches its own, as the LangGraph API server does.
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { callModel } from "./call-model.js";
import { AgentContext } from "./context.js";

export const graph = new StateGraph(MessagesAnnotation, AgentContext)
  .addNode("call_model", callModel)
  .addEdge(START, "call_model")
  .addEdge("call_model", END)
  .compile();
