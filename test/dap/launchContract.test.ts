// package.json's `configurationAttributes` (what VS Code validates and completes in launch.json)
// must describe exactly the attributes the adapter reads.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCH_ATTRIBUTES } from "../../src/debug/launchArguments";

const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));

describe("launch configuration contract", () => {
  it("declares every launch attribute of the adapter, each with a description", () => {
    const debuggers = pkg.contributes.debuggers as Array<{ type: string; configurationAttributes: { launch: { properties: Record<string, { description?: string }> } } }>;
    const langgraph = debuggers.find((candidate) => candidate.type === "langgraph");
    const properties = langgraph!.configurationAttributes.launch.properties;
    expect(Object.keys(properties).sort()).toEqual([...LAUNCH_ATTRIBUTES].sort());
    for (const [name, property] of Object.entries(properties)) expect(property.description, name).toBeTruthy();
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(["onDebugResolve:langgraph", "onDebugDynamicConfigurations:langgraph"]));
  });
});
