import { describe, expect, it } from "vitest";
import { parseStatePath } from "../../../../src/engine/session/stateEdits";
import { enclosingNs, nodePathOf, qualify } from "../../../../src/protocol/nodePaths";

describe("parseStatePath (setExpression targets)", () => {
  it("reads channel paths with properties, indices, quoted keys and .at()", () => {
    expect(parseStatePath("messages.at(-1).content")).toEqual(["messages", { at: -1 }, "content"]);
    expect(parseStatePath("reviews[0]")).toEqual(["reviews", 0]);
    expect(parseStatePath(` state["my key"]['it\\'s'] `)).toEqual(["my key", "it's"]);
    expect(parseStatePath("state.draft")).toEqual(["draft"]);
    expect(parseStatePath("state")).toEqual(["state"]);
  });

  it("refuses anything that is not a plain path", () => {
    for (const expression of ["messages.length + 1", "draft()", "a[b]", "1", "", "messages.at(x)", "draft.trim()"]) {
      expect(parseStatePath(expression), expression).toBeUndefined();
    }
  });
});

describe("subgraph namespaces", () => {
  it("names nodes by the path of subgraph nodes, as the graph view does", () => {
    expect(nodePathOf("")).toEqual([]);
    expect(nodePathOf("polish:1f0a")).toEqual(["polish"]);
    expect(nodePathOf("outer:1|inner:2")).toEqual(["outer", "inner"]);
    expect(qualify(["polish"], "tidy")).toBe("polish:tidy");
    expect(qualify([], "review")).toBe("review");
    expect(enclosingNs("outer:1|inner:2")).toBe("outer:1");
    expect(enclosingNs("polish:1")).toBe("");
  });
});
