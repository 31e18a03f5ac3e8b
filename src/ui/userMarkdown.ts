// Markdown for tooltips and hovers that show user data (thread ids, node names, store keys and
// values). Every piece of user text goes through one of these functions, so a value such as
// "[x](command:…)" or "<img src=…>" is shown as text: it never becomes a link, a command or HTML.
// Plain string functions (no `vscode` import), so they are unit-tested without VS Code.

/** `text` as an inline code span whose fence is longer than any run of backticks inside it. */
export function inlineCode(text: string): string {
  // A code span cannot hold a line break; one would end the tooltip's paragraph.
  const flat = text.replace(/[\r\n]+/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // Padding keeps a leading or trailing backtick from joining the fence.
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat.trim() === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** `text` as a fenced code block whose fence no line of `text` can close. */
export function codeBlock(text: string, language = ""): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** `text` as plain words: every character Markdown or HTML would read is backslash-escaped. */
export function plainText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:]/g, (character) => `\\${character}`).replace(/\r?\n/g, "  \n");
}
