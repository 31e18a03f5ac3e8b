// The subgraph used as the `polish` node. It shares the `draft` and `edits` channels with the
// parent, so it runs on the parent's state and its result flows back without a wrapper node.
// With xray its nodes show as `polish:tidy` and `polish:format`.
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";

export const PolishState = Annotation.Root({
  draft: Annotation<string>,
  edits: Annotation<string[]>({ reducer: (old, next) => old.concat(next), default: () => [] }),
});

type State = typeof PolishState.State;

function tidy(state: State) {
  return { draft: state.draft.replace(/\s+/g, " ").trim(), edits: ["tidy"] };
}

function format(state: State) {
  const capitalised = state.draft.charAt(0).toUpperCase() + state.draft.slice(1);
  return { draft: /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`, edits: ["format"] };
}

export const polish = new StateGraph(PolishState)
  .addNode("tidy", tidy)
  .addNode("format", format)
  .addEdge(START, "tidy")
  .addEdge("tidy", "format")
  .addEdge("format", END)
  .compile();
