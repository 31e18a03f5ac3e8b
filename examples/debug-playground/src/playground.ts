// The graph langgraph.json names `playground`: a loop closed by a conditional edge, a subgraph
// as a node and an interrupt for human input. Compiled without a checkpointer: interrupts need
// one, and the debugger (or a test) attaches it, which the `polish` subgraph then inherits.
import { END, START, StateGraph } from "@langchain/langgraph";
import { afterReview, askHuman, publish, review, writeDraft } from "./nodes.js";
import { polish } from "./polish.js";
import { PlaygroundState } from "./state.js";

export const playground = new StateGraph(PlaygroundState)
  .addNode("write_draft", writeDraft)
  .addNode("review", review)
  .addNode("polish", polish)
  .addNode("ask_human", askHuman)
  .addNode("publish", publish)
  .addEdge(START, "write_draft")
  .addEdge("write_draft", "review")
  .addConditionalEdges("review", afterReview, ["write_draft", "polish"])
  .addEdge("polish", "ask_human")
  .addEdge("ask_human", "publish")
  .addEdge("publish", END)
  .compile();
