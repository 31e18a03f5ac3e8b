// Installs Debian packages the real-VS-Code tests need (Chromium, Kerberos headers for
// code-server's native module). Fresh machines have neither; an installed package costs
// one `dpkg-query` call, so callers may run this every time.
import { spawnSync } from "node:child_process";

let aptListsUpdated = false;

/** True when dpkg reports the package as installed. */
export function isAptPackageInstalled(name) {
  const query = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return query.status === 0 && query.stdout.includes("install ok installed");
}

/**
 * Installs the named packages that are missing, running `apt-get update` at most once per
 * process (a new machine's package lists are empty). Returns the names it installed.
 */
export function ensureAptPackages(names, { log = console.log } = {}) {
  const missing = names.filter((name) => !isAptPackageInstalled(name));
  if (missing.length === 0) return [];
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(
      `Missing Debian packages: ${missing.join(", ")}. Install them with ` + `\`sudo apt-get install -y ${missing.join(" ")}\` and run this again.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptListsUpdated) {
    log("apt-get update");
    run("apt-get", ["update"], env);
    aptListsUpdated = true;
  }
  log(`apt-get install -y ${missing.join(" ")}`);
  run("apt-get", ["install", "-y", ...missing], env);
  return missing;
}

function run(command, args, env) {
  const result = spawnSync(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) throw new Error(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(" ")}\` failed with exit code ${result.status}.`);
  }
}
