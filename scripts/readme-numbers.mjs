// The figures the README quotes about the package and first runs, kept in
// scripts/readme-numbers.json and written into the README's marked blocks
// (<!-- numbers:NAME -->…<!-- /numbers -->), so no one types them by hand.
//   node scripts/readme-numbers.mjs           measure (npm run package, recorded run times), save, rewrite the README
//   node scripts/readme-numbers.mjs --render  rewrite the README from scripts/readme-numbers.json only
//   node scripts/readme-numbers.mjs --check   exit 1 when a block differs from what the json gives
// `--readme <file>` works on another copy of the README (the tests use it).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readRunTimes } from "./run-times.mjs";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const inputsFile = join(repoRoot, "scripts", "readme-numbers.json");
const vsixFile = join(repoRoot, "dist-vsix", "langgraph-debugger.vsix");

const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(2);
const kilobytes = (bytes) => Math.round(bytes / 1024);
const minutes = (seconds) => Math.max(1, Math.round(seconds / 60));

/** Each block's text, from the inputs. */
function renderBlocks(inputs) {
  const { vsix, runTimes } = inputs;
  const largest = vsix.largest.map((file) => `\`${file.path}\` ${kilobytes(file.bytes)} KB`).join(", ");
  const install = runTimes["code-server install"];
  const npmTest = runTimes["npm test"];
  return {
    "vsix-size": `**${megabytes(vsix.bytes)} MB** (limit 5 MB), ${vsix.files} files`,
    "vsix-largest": largest,
    "screenshots-size": `${kilobytes(vsix.screenshotsBytes)} KB`,
    "code-server-install": `about ${minutes(install.seconds)} minutes`,
    "npm-test-duration": npmTest ? `the last full run took ${minutes(npmTest.seconds)} minutes (${npmTest.date})` : "not timed yet",
  };
}

/** The README with every marked block's text replaced; an unknown or missing block is an error. */
function applyBlocks(readme, blocks) {
  const seen = new Set();
  const updated = readme.replace(/<!-- numbers:([\w-]+) -->([\s\S]*?)<!-- \/numbers -->/g, (_, name) => {
    if (!(name in blocks)) throw new Error(`The README has a block "${name}" that scripts/readme-numbers.mjs does not know.`);
    seen.add(name);
    return `<!-- numbers:${name} -->${blocks[name]}<!-- /numbers -->`;
  });
  const missing = Object.keys(blocks).filter((name) => !seen.has(name));
  if (missing.length > 0)
    throw new Error(`The README lacks the block(s) ${missing.join(", ")}: add <!-- numbers:NAME --><!-- /numbers --> where each figure goes.`);
  return updated;
}

function measure(previous) {
  const packaged = spawnSync("npm", ["run", "package"], { cwd: repoRoot, encoding: "utf8" });
  if (packaged.status !== 0) throw new Error(`npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const files = /\((\d+) files?,/.exec(packaged.stdout)?.[1];
  if (!files) throw new Error(`npm run package printed no file count:\n${packaged.stdout}`);
  const bundles = ["dist/engine.js", "dist/extension.js", "dist/webview/main.js"];
  const screenshots = join(repoRoot, "media", "screenshots");
  return {
    vsix: {
      bytes: statSync(vsixFile).size,
      files: Number(files),
      largest: bundles.map((path) => ({ path, bytes: statSync(join(repoRoot, path)).size })).sort((a, b) => b.bytes - a.bytes),
      screenshotsBytes: readdirSync(screenshots).reduce((sum, file) => sum + statSync(join(screenshots, file)).size, 0),
    },
    // Recorded by the runs themselves (scripts/run-times.mjs); older records stay until a new run.
    runTimes: { ...previous.runTimes, ...readRunTimes() },
  };
}

const args = process.argv.slice(2);
const readmeIndex = args.indexOf("--readme");
const readmeFile = readmeIndex >= 0 ? resolve(args[readmeIndex + 1]) : join(repoRoot, "README.md");
let inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
const readme = readFileSync(readmeFile, "utf8");

if (args.includes("--check")) {
  const expected = applyBlocks(readme, renderBlocks(inputs));
  if (expected !== readme) {
    const differing = [...readme.matchAll(/<!-- numbers:([\w-]+) -->([\s\S]*?)<!-- \/numbers -->/g)]
      .filter(([, name, text]) => renderBlocks(inputs)[name] !== text)
      .map(([, name, text]) => `"${name}" reads "${text}", scripts/readme-numbers.json gives "${renderBlocks(inputs)[name]}"`);
    console.error(
      `${readmeFile} is out of step with scripts/readme-numbers.json: ${differing.join("; ")}. Run node scripts/readme-numbers.mjs (or --render) instead of editing the figures.`,
    );
    process.exit(1);
  }
  console.log(`${readmeFile}: the figures match scripts/readme-numbers.json.`);
} else {
  if (!args.includes("--render")) {
    inputs = measure(inputs);
    writeFileSync(inputsFile, JSON.stringify(inputs, null, 2) + "\n");
  }
  writeFileSync(readmeFile, applyBlocks(readme, renderBlocks(inputs)));
  console.log(`${readmeFile}: figures written from scripts/readme-numbers.json.`);
}
