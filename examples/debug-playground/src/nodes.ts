// The playground's own nodes. Deterministic and instant, so a debugger test can assert every
// checkpoint; the only pause is `ask_human`'s interrupt.
import { interrupt } from "@langchain/langgraph";
import { MAX_DRAFTS } from "./state.js";
import type { PlaygroundState } from "./state.js";

export function writeDraft(state: PlaygroundState) {
  const revision = state.revision + 1;
  // The stray spaces are on purpose: `polish:tidy` has something visible to fix.
  return { revision, draft: `${state.topic}  (draft ${revision}) ` };
}

export function review(state: PlaygroundState) {
  const verdict = goodEnough(state) ? "good enough" : "needs work";
  return { reviews: [`draft ${state.revision}: ${verdict}`] };
}

/** The conditional edge that closes the loop: back to `write_draft` until `review` is satisfied. */
export function afterReview(state: PlaygroundState): "write_draft" | "polish" {
  return goodEnough(state) ? "polish" : "write_draft";
}

function goodEnough(state: PlaygroundState): boolean {
  return state.revision >= Math.min(state.requiredDrafts, MAX_DRAFTS);
}

/** What `ask_human` shows the human; the resume value must be the title (a string). */
export interface TitleRequest {
  question: string;
  draft: string;
}

export function askHuman(state: PlaygroundState) {
  // On resume with `new Command({ resume: "My title" })` the node runs again from the top and
  // `interrupt` returns the resume value instead of pausing.
  const answer = interrupt<TitleRequest, unknown>({ question: "What title should the post have?", draft: state.draft });
  if (typeof answer !== "string" || answer.trim() === "") {
    throw new Error(`ask_human expects a non-empty string as its resume value (the title), got ${JSON.stringify(answer)}.`);
  }
  return { title: answer.trim() };
}

export function publish(state: PlaygroundState) {
  return { published: `# ${state.title}\n\n${state.draft}` };
}
