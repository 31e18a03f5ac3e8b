import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "dist-vsix/**", ".cache/**", "node_modules/**", "**/node_modules/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports." }],
    },
  },
  {
    files: ["webview/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Boundaries: these folders never import vscode (see ARCHITECTURE.md).
    files: ["src/persistence/**", "src/engine/**", "src/engineClient/**", "src/protocol/**", "src/debug/**", "webview/**"],
    rules: { "no-restricted-imports": ["error", { paths: ["vscode"] }] },
  },
  {
    files: ["*.config.mts", "*.config.mjs", "esbuild.mjs"],
    rules: { "no-restricted-syntax": "off" },
  },
);
