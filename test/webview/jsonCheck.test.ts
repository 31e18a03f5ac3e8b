// The JSON editor's validation: where the first mistake is (line and column) and what was expected.
import { describe, expect, it } from "vitest";
import { checkJson } from "../../webview/jsonCheck";

describe("checkJson", () => {
  it("parses valid JSON", () => {
    expect(checkJson('{\n  "a": [1, -2.5e3, true, null, "x\\n"]\n}')).toEqual({ ok: true, value: { a: [1, -2500, true, null, "x\n"] } });
  });

  it.each([
    ['{\n  "topic": not json\n}', 2, 12, 'expected a value (a string in double quotes, a number, true, false, null, {…} or […]), found "n"'],
    ['{ "data": ', 1, 11, "expected a value (a string in double quotes, a number, true, false, null, {…} or […]), the JSON ends"],
    ["{ data: 1 }", 1, 3, 'expected a key in double quotes, found "d"'],
    ['{ "a": 1, }', 1, 11, 'expected a key in double quotes, found "}"'],
    ["[1, 2\n 3]", 2, 2, 'expected "," or "]", found "3"'],
    ['"one" "two"', 1, 7, 'expected the end of the value, found "\\""'],
    ['"line\nbreak"', 1, 6, 'expected no line break or control character inside a string (write \\n), found "\\n"'],
    ["", 1, 1, "expected a value (a string in double quotes, a number, true, false, null, {…} or […]), the JSON ends"],
  ])("%j: line %i, column %i", (text, line, column, message) => {
    expect(checkJson(text)).toEqual({ ok: false, line, column, message });
  });
});
