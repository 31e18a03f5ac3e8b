import { describe, expect, it } from "vitest";
import { CancellationTokenSource } from "vscode-jsonrpc";
import { LatestLoads } from "../../../src/ui/debuggerView/latestLoads";

describe("LatestLoads", () => {
  it("cancels a section's load when the next one starts, and leaves other sections alone", () => {
    const loads = new LatestLoads<"timeline" | "items">();
    const first = loads.begin("timeline");
    const items = loads.begin("items");
    const second = loads.begin("timeline");
    expect([first.isCancellationRequested, second.isCancellationRequested, items.isCancellationRequested]).toEqual([true, false, false]);
    loads.dispose();
    expect([second.isCancellationRequested, items.isCancellationRequested]).toEqual([true, true]);
  });

  it("follows the webview's cancellation of the request behind a load", () => {
    const loads = new LatestLoads<"items">();
    const request = new CancellationTokenSource();
    const load = loads.begin("items", request.token);
    request.cancel();
    expect(load.isCancellationRequested).toBe(true);
  });

  it("starts cancelled for a request already cancelled, and the next load of the section still starts", () => {
    const loads = new LatestLoads<"items">();
    const request = new CancellationTokenSource();
    request.cancel();
    expect(loads.begin("items", request.token).isCancellationRequested).toBe(true);
    // The cancelled load is cancelled again here: that must not throw.
    expect(loads.begin("items").isCancellationRequested).toBe(false);
    expect(() => loads.dispose()).not.toThrow();
  });
});
