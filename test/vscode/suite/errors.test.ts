// Broken workspaces (test/vscode/fixtures): the command resolves to an error with a stable
// code that names the file to fix, and shows it as an error message (which the API cannot read).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { fixturesDir } from "./paths";

interface ShowGraphError {
  error: { code: string; message: string; file?: string };
}

const cases = [
  { fixture: "config-invalid", code: "configInvalid", file: "langgraph.json" },
  { fixture: "export-not-found", code: "exportNotFound", file: "graph.ts" },
  { fixture: "module-failed", code: "moduleFailed", file: "graph.ts" },
];

describe("LangGraph: Show Graph on a broken workspace", () => {
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  for (const { fixture, code, file } of cases) {
    it(`reports ${code} for ${fixture}/`, async () => {
      const configFile = path.join(fixturesDir, fixture, "langgraph.json");
      const expectedFile = path.join(fixturesDir, fixture, file);
      const result = await vscode.commands.executeCommand<ShowGraphError | object>("langgraph.showGraph", {
        graphId: "agent",
        configFile,
      });
      assert.ok(result && "error" in result, `expected an error, got ${JSON.stringify(result)}`);
      assert.equal(result.error.code, code, result.error.message);
      assert.equal(result.error.file, expectedFile);
      assert.ok(result.error.message.includes(file), `the message does not name ${file}: ${result.error.message}`);
    });
  }
});
