// User code is imported from source with jiti: TypeScript or JavaScript, ESM or CJS, no build
// step. One place for its options: no transpile cache on disk (it would write into the user's
// node_modules and could serve stale output), and a fresh module cache when asked, so edits
// to the user's graph show up without restarting the engine.

import { createJiti } from "jiti";

/** Imports `specifier` as the module at `fromFile` would (a path, or a package name). */
export function importUserModule<T = Record<string, unknown>>(fromFile: string, specifier: string = fromFile, options: { fresh?: boolean } = {}): Promise<T> {
  const jiti = createJiti(fromFile, { moduleCache: !options.fresh, fsCache: false, interopDefault: false });
  return jiti.import<T>(specifier);
}
