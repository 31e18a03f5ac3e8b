// Writes package.json's `contributes.debuggers[langgraph].configurationAttributes.launch` and `.attach` from the
// one definition of the launch attributes, src/debug/launchSchema.ts. Run it after changing that
// file: `node scripts/sync-launch-schema.mjs` (test/dap/launchContract.test.ts fails until then).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { launchJsonSchema } = await createJiti(import.meta.url).import(join(root, "src", "debug", "launchSchema.ts"));
const file = join(root, "package.json");
const pkg = JSON.parse(readFileSync(file, "utf8"));
const langgraph = pkg.contributes.debuggers.find((candidate) => candidate.type === "langgraph");
langgraph.configurationAttributes.launch = launchJsonSchema("launch");
langgraph.configurationAttributes.attach = launchJsonSchema("attach");
writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
console.log(`${file}: launch and attach attributes written from src/debug/launchSchema.ts`);
