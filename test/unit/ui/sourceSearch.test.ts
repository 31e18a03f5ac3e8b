import { describe, expect, it } from "vitest";
import { findNodeLine } from "../../../src/ui/sourceSearch";

describe("findNodeLine", () => {
  const source = ['import x from "y";', 'const name = "call_model";', "", 'builder.addNode("call_model", callModel)'].join("\n");

  it("prefers the addNode call", () => {
    expect(findNodeLine(source, "call_model")).toBe(3);
  });

  it("falls back to the first quoted mention, then to the top", () => {
    expect(findNodeLine('const a = 1;\nconst n = "tools";', "tools")).toBe(1);
    expect(findNodeLine("nothing here", "tools")).toBe(0);
  });

  it("treats regex characters in node names literally", () => {
    expect(findNodeLine('g.addNode("a.b", f)\ng.addNode("axb", f)', "axb")).toBe(1);
  });
});
