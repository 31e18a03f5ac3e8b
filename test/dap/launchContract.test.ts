// package.json's `configurationAttributes` (what VS Code validates and completes in launch.json)
// must be exactly what the adapter checks: both come from src/debug/launchSchema.ts.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ATTACH_ATTRIBUTES, LAUNCH_ATTRIBUTES, launchJsonSchema } from "../../src/debug/launchSchema";

const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));

describe("launch configuration contract", () => {
  it("package.json declares the launch attributes generated from the adapter's schema", () => {
    const debuggers = pkg.contributes.debuggers as Array<{
      type: string;
      configurationAttributes: Record<"launch" | "attach", { properties: Record<string, { description?: string }> }>;
    }>;
    const { launch, attach } = debuggers.find((candidate) => candidate.type === "langgraph")!.configurationAttributes;
    // When this fails after a change to launchSchema.ts: node scripts/sync-launch-schema.mjs
    expect(launch).toEqual(launchJsonSchema());
    expect(Object.keys(launch.properties)).toEqual(LAUNCH_ATTRIBUTES);
    for (const [name, property] of Object.entries(launch.properties)) expect(property.description, name).toBeTruthy();
    expect(attach).toEqual(launchJsonSchema("attach"));
    expect(Object.keys(attach.properties)).toEqual(ATTACH_ATTRIBUTES);
    for (const [name, property] of Object.entries(attach.properties)) expect(property.description, name).toBeTruthy();
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(["onDebugResolve:langgraph", "onDebugDynamicConfigurations:langgraph"]));
  });
});
