// Paths the tests need, from where the runner puts the bundled suite: <repo>/dist/vscode-suite.
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const fixturesDir = path.join(repoRoot, "test", "vscode", "fixtures");
