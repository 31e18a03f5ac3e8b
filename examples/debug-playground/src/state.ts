// The playground's state channels. Every channel has a default so nodes never see undefined.
import { Annotation } from "@langchain/langgraph";

/** However many drafts the input asks for, the write_draft → review loop stops after this many. */
export const MAX_DRAFTS = 5;

const lastValue = <T>(initial: () => T) => Annotation<T>({ reducer: (_old, next) => next, default: initial });

export const PlaygroundState = Annotation.Root({
  /** Input: what to write about. */
  topic: lastValue(() => "time travel"),
  /** Input: how many drafts `review` wants before it is satisfied (capped at MAX_DRAFTS). */
  requiredDrafts: lastValue(() => 3),
  revision: lastValue(() => 0),
  draft: lastValue(() => ""),
  /** One verdict per pass through `review`, appended: its length counts the loop's turns. */
  reviews: Annotation<string[]>({ reducer: (old, next) => old.concat(next), default: () => [] }),
  /** What the `polish` subgraph did, written back when it returns. */
  edits: lastValue<string[]>(() => []),
  /** The human's answer to `ask_human`'s interrupt. */
  title: lastValue(() => ""),
  published: lastValue(() => ""),
});

export type PlaygroundState = typeof PlaygroundState.State;
