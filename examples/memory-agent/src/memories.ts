// What the agent remembers and how memories reach the chat model. Shared by the `call_model`
// node and the offline chat model so both read a memory the same way.

/** A memory as kept in the store under ["memories", userId]; `data` is the indexed field. */
export interface Memory {
  data: string;
}

const REMEMBER = /\bremember\b/i;

/**
 * The memory to save for a user message, or undefined when the user did not ask to remember.
 * "Hi! Remember: my name is Bob" gives "my name is Bob" (the user's own words, kept verbatim).
 */
export function memoryToSave(userText: string): Memory | undefined {
  const match = REMEMBER.exec(userText);
  if (!match) return undefined;
  const rest = userText
    .slice(match.index + match[0].length)
    .replace(/^\s*(?:[:,-]\s*)?(?:that\s+)?/i, "")
    .replace(/[\s.!]+$/, "");
  // "Remember this." has nothing after it worth keeping apart: keep the whole message.
  return { data: rest.length > 0 ? rest : userText.trim() };
}

const MEMORY_LINE = "- ";

/** The system message given to the chat model: one memory per line, in the user's words. */
export function systemPrompt(memories: readonly string[]): string {
  const known = memories.length > 0 ? memories.map((m) => MEMORY_LINE + m).join("\n") : "(nothing yet)";
  return ["You are a helpful assistant talking to the user.", "Things the user asked you to remember, in their own words:", known].join("\n");
}

/** The memories listed in a system message written by `systemPrompt`. */
export function memoriesIn(systemText: string): string[] {
  return systemText
    .split("\n")
    .filter((line) => line.startsWith(MEMORY_LINE))
    .map((line) => line.slice(MEMORY_LINE.length));
}
