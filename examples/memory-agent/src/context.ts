// The static runtime context: who the agent is talking to. Passed per run as
// `invoke(input, { context: { userId } })`; LangGraph validates it against this schema before
// the first superstep, so a missing or non-string userId fails the run instead of a node.
import { z } from "zod";

export const AgentContext = z.object({
  userId: z.string().min(1).describe("Whose memories the agent reads and writes."),
});

export type AgentContext = z.infer<typeof AgentContext>;
