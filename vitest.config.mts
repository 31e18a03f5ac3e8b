// Unit tests (no VS Code) and webview tests (real headless Chromium) run under vitest.
// `globals` is on because LangGraph's checkpointer conformance suite uses Jest-style globals.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    globalSetup: ["test/buildOnce.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        // Debug-adapter tests speak real DAP to the standalone adapter (dist/debugAdapter.js).
        test: { name: "dap", include: ["test/dap/**/*.test.ts"], environment: "node", fileParallelism: false },
      },
      {
        extends: true,
        // One browser at a time: the machine has two cores and the engine needs one.
        test: { name: "webview", include: ["test/webview/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
