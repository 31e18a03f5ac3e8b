import { applyEdits, parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { appendLaunch, EMPTY_LAUNCH_JSON } from "../../../src/ui/launchJsonEdit";

const launch = { type: "langgraph", request: "launch", name: "agent · thread t-1", graph: "agent" };

function appended(text: string, entry: { name: string } = launch): string {
  const result = appendLaunch(text, entry);
  if (!result.ok) throw new Error(result.problem);
  return applyEdits(text, result.edits);
}

describe("appendLaunch", () => {
  it("keeps the user's comments, inside the configurations array too", () => {
    const text = [
      "// Launches of the memory agent.",
      "{",
      '  "version": "0.2.0",',
      '  "configurations": [',
      "    // Bob's first conversation.",
      '    { "type": "langgraph", "request": "launch", "name": "Remember Bob", "graph": "agent" }, // keep me',
      "    /* a block comment */",
      "  ]",
      "}",
      "",
    ].join("\n");
    const after = appended(text);
    for (const comment of ["// Launches of the memory agent.", "// Bob's first conversation.", "// keep me", "/* a block comment */"])
      expect(after).toContain(comment);
    expect((parse(after) as { configurations: Array<{ name: string }> }).configurations.map((entry) => entry.name)).toEqual(["Remember Bob", launch.name]);
  });

  it("fills a new launch.json, and names a second launch of the same name “(2)”", () => {
    const once = appended(EMPTY_LAUNCH_JSON);
    const twice = appendLaunch(once, launch);
    expect(twice).toMatchObject({ ok: true, name: `${launch.name} (2)` });
    const names = (parse(applyEdits(once, twice.ok ? twice.edits : [])) as { configurations: Array<{ name: string }> }).configurations.map(
      (entry) => entry.name,
    );
    expect(names).toEqual([launch.name, `${launch.name} (2)`]);
  });

  it("adds the configurations array when the file has none", () => {
    expect(parse(appended('{ "version": "0.2.0" }'))).toMatchObject({ version: "0.2.0", configurations: [launch] });
  });

  it("refuses a launch.json it cannot read, saying where, and changes nothing", () => {
    expect(appendLaunch('{\n  "configurations": [\n    { "name": "x" \n  ]\n}', launch)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/line \d+.*fix it/),
    });
    expect(appendLaunch('{ "configurations": {} }', launch)).toMatchObject({ ok: false, problem: expect.stringContaining('"configurations" is not an array') });
    expect(appendLaunch("[]", launch)).toMatchObject({ ok: false, problem: expect.stringContaining("not a JSON object") });
  });
});
