// JSON as a user types it: parsed, or the first mistake with its line and column and what was
// expected there. Pure (no DOM), so unit tests run it without a browser.

export type JsonCheck = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/** Parses JSON; a failure says where (1-based line and column) and what was expected there. */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // V8's messages give no position for most mistakes ("Unexpected token 'o', … is not valid JSON"): find it.
    const { offset, expected } = firstProblem(text);
    const before = text.slice(0, offset).split("\n");
    const found = offset >= text.length ? "the JSON ends" : `found ${JSON.stringify(text[offset])}`;
    return { ok: false, message: `expected ${expected}, ${found}`, line: before.length, column: before.at(-1)!.length + 1 };
  }
}

class JsonProblem {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

/** Where the JSON grammar first fails in `text` (which JSON.parse refused). */
function firstProblem(text: string): JsonProblem {
  let at = 0;
  const fail = (expected: string): never => {
    throw new JsonProblem(at, expected);
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const literal = (pattern: RegExp, expected: string) => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) fail(expected);
    at += match![0].length;
  };
  const string = () => {
    at++;
    for (;;) {
      const char = text[at];
      if (char === undefined) fail('a closing "');
      if (char === '"') return void at++;
      if (char! < " ") fail("no line break or control character inside a string (write \\n)");
      if (char === "\\") literal(/\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y, "an escape like \\n or \\u00e9");
      else at++;
    }
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      space();
      if (text[at] === "}") return void at++;
      for (;;) {
        space();
        if (text[at] !== '"') fail("a key in double quotes");
        string();
        space();
        if (text[at] !== ":") fail('":"');
        at++;
        value();
        space();
        if (text[at] === "}") return void at++;
        if (text[at] !== ",") fail('"," or "}"');
        at++;
      }
    }
    if (char === "[") {
      at++;
      space();
      if (text[at] === "]") return void at++;
      for (;;) {
        value();
        space();
        if (text[at] === "]") return void at++;
        if (text[at] !== ",") fail('"," or "]"');
        at++;
      }
    }
    if (char === '"') return string();
    literal(
      /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])|true\b|false\b|null\b/y,
      "a value (a string in double quotes, a number, true, false, null, {…} or […])",
    );
  };
  try {
    value();
    space();
    if (at < text.length) fail("the end of the value");
  } catch (problem) {
    if (problem instanceof JsonProblem) return problem;
    throw problem;
  }
  return new JsonProblem(text.length, "valid JSON");
}

/** A JSON object (not an array, not null): what a store item's value and a run's context are. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
