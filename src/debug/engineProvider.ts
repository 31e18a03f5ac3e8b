// Where a debug session gets its engine. Inline in VS Code it borrows the workspace folder's
// engine (src/ui/engines.ts), which also serves the views and owns the database file; the
// standalone adapter and the DAP tests start one engine per session, as any DAP client expects.

import { EngineClient } from "../engineClient/engineClient";
import type { ResolvedLaunch } from "./launchArguments";

export interface EngineLease {
  engine: EngineClient;
  /**
   * True when others use the engine too: ending the session closes only its engine session,
   * and the engine is killed only when it stops answering. False: the session owns the
   * engine and stops it at the end.
   */
  shared: boolean;
}

/** The engine for a launch; under the Node.js inspector when the launch sets `debugUserCode`. */
export type EngineProvider = (launch: ResolvedLaunch) => EngineLease | Promise<EngineLease>;

/** A new engine process for each session, in the launch's folder. */
export function ownEngines(enginePath: string, defaultNodePath?: string): EngineProvider {
  return (launch) => ({
    engine: EngineClient.start({ cwd: launch.cwd, enginePath, nodePath: launch.args.nodePath ?? defaultNodePath, inspect: launch.args.debugUserCode === true }),
    shared: false,
  });
}
