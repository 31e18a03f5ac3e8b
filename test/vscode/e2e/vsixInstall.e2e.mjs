// As a user who installs the packaged extension: `npm run package`, install the .vsix into a
// fresh code-server with --install-extension, open examples/memory-agent, run Show Graph, and
// see the call_model node. Catches what only the package can break: .vscodeignore leaving out
// a file the extension needs, or a production-only bundling problem.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { ensureCodeServer } from "../../../scripts/setup-code-server.mjs";
import { errorNotifications, runCommandFromPalette, waitForGraphNode, waitForWorkbench } from "./workbench.mjs";

export const name = "e2e: the packaged .vsix installs in code-server and shows the example graph";

const vsixLimitBytes = 5 * 1024 * 1024;

export async function beforeStart({ repoRoot, extensionsDir }) {
  execFileSync("npm", ["run", "--silent", "package"], { cwd: repoRoot, stdio: "ignore" });
  const vsix = join(repoRoot, "dist-vsix", "langgraph-debugger.vsix");
  const size = statSync(vsix).size;
  if (size > vsixLimitBytes) throw new Error(`The .vsix is ${(size / 1e6).toFixed(2)} MB, over the 5 MB budget.`);
  const { codeServerBin, nodeBin } = ensureCodeServer({ log: () => {} });
  execFileSync(nodeBin, [codeServerBin, "--extensions-dir", extensionsDir, "--install-extension", vsix], { stdio: "ignore" });
}

export async function run({ page, openWorkbench, repoRoot }) {
  await openWorkbench(join(repoRoot, "examples", "memory-agent"), { installed: true });
  await waitForWorkbench(page);
  if ((await page.title()).includes("Extension Development Host")) {
    throw new Error("The workbench loaded the extension from source, not from the installed .vsix.");
  }
  await runCommandFromPalette(page, "LangGraph: Show Graph");

  await waitForGraphNode(page, "call_model");
  const notifications = await errorNotifications(page);
  if (notifications.length > 0) throw new Error(`VS Code shows an error: ${notifications.join(" | ")}`);
}
