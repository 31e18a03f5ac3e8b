// The graph langgraph.json names `failing`: `prepare` succeeds (so there is a checkpoint to go
// back to), then `explode` always throws, to test how a node error reaches the user.
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";

const FailingState = Annotation.Root({
  count: Annotation<number>({ reducer: (_old, next) => next, default: () => 0 }),
});

type State = typeof FailingState.State;

export const EXPLODE_MESSAGE = "explode failed on purpose: the debug-playground's `failing` graph shows how a node error is reported.";

function prepare(state: State) {
  return { count: state.count + 1 };
}

function explode(state: State): never {
  throw new Error(`${EXPLODE_MESSAGE} (count = ${state.count})`);
}

export const failing = new StateGraph(FailingState)
  .addNode("prepare", prepare)
  .addNode("explode", explode)
  .addEdge(START, "prepare")
  .addEdge("prepare", "explode")
  .addEdge("explode", END)
  .compile();
