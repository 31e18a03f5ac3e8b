// The expression that reads a State value back (`messages[1].content`), so "Add to Watch" and
// "Copy as Expression" in the Variables view give something evaluate understands.

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function evaluateName(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, index) => {
      const text = String(segment);
      if (/^\d+$/.test(text)) return `[${text}]`;
      if (IDENTIFIER.test(text)) return index === 0 ? text : `.${text}`;
      return index === 0 ? `state[${JSON.stringify(text)}]` : `[${JSON.stringify(text)}]`;
    })
    .join("");
}
