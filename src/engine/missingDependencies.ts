// Tells a folder whose dependencies were never installed apart from a broken import. When user
// code cannot find a package, the nearest package.json says whether it is a dependency; the
// lockfile (here or in a workspace root above) says which package manager installs it. The user
// then reads "run `npm install` in <folder>", not "Cannot find module … fix the error".

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface MissingDependency {
  /** The package that could not be found, e.g. "@langchain/langgraph". */
  packageName: string;
  /** The folder whose package.json is nearest to the importing file. */
  packageFolder: string;
  /** Whether that package.json lists the package (then only the install is missing). */
  listed: boolean;
  /** Where to run `command`: the folder with the lockfile, else `packageFolder`. */
  installFolder: string;
  /** What installs it, in the folder's own package manager: "npm install", "pnpm add zod"… */
  command: string;
}

type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

const LOCKFILES: Array<[string, PackageManager]> = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
];

/** The missing package behind `error`, thrown while importing `fromFile`; undefined for any other error. */
export function missingDependencyOf(error: unknown, fromFile: string): MissingDependency | undefined {
  const packageName = missingPackageName(error);
  if (packageName === undefined) return undefined;
  const packageFolder = nearestFolderWith(dirname(fromFile), "package.json");
  if (packageFolder === undefined) return undefined;
  const listed = dependenciesOf(join(packageFolder, "package.json")).has(packageName);
  const lock = nearestLockfile(packageFolder);
  const manager = lock?.manager ?? "npm";
  const installFolder = listed ? (lock?.folder ?? packageFolder) : packageFolder;
  const command = listed ? `${manager} install` : `${manager === "npm" ? "npm install" : `${manager} add`} ${packageName}`;
  return { packageName, packageFolder, listed, installFolder, command };
}

/** "@scope/name" or "name" from Node's and jiti's "Cannot find module/package 'x/sub'" errors. */
function missingPackageName(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== "string") return undefined;
  const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  // Relative and absolute paths are the user's own files: a wrong path, not a missing install.
  if (specifier === undefined || /^(\.|\/|[A-Za-z]:[\\/]|node:|file:)/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function nearestFolderWith(start: string, file: string): string | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, file))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

function nearestLockfile(start: string): { folder: string; manager: PackageManager } | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    const found = LOCKFILES.find(([file]) => existsSync(join(folder, file)));
    if (found) return { folder, manager: found[1] };
    if (dirname(folder) === folder) return undefined;
  }
}

function dependenciesOf(packageJson: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(packageJson, "utf8")) as Record<string, unknown>;
    const names = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((field) => {
      const section = manifest[field];
      return typeof section === "object" && section !== null ? Object.keys(section) : [];
    });
    return new Set(names);
  } catch {
    return new Set();
  }
}
