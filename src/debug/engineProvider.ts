// Where a debug session gets its engine. Inline in VS Code it borrows the workspace folder's
// engine (src/ui/engines.ts), which also serves the views and owns the database file; the
// standalone adapter and the DAP tests start one engine per session, as any DAP client expects.
// Also what a session does with its engine at its edges: attach js-debug, release it at the end.

import { EngineClient, type InspectorAddress } from "../engineClient/engineClient";
import type { ResolvedAttach, ResolvedLaunch } from "./launchArguments";

export interface EngineLease {
  engine: EngineClient;
  /**
   * True when others use the engine too: ending the session closes only its engine session,
   * and the engine is killed only when it stops answering. False: the session owns the
   * engine and stops it at the end.
   */
  shared: boolean;
}

/** The engine for a launch (or an attach); under the Node.js inspector when the launch sets `debugUserCode`. */
export type EngineProvider = (launch: ResolvedLaunch | ResolvedAttach) => EngineLease | Promise<EngineLease>;

/** A new engine process for each session, in the launch's folder. */
export function ownEngines(enginePath: string, defaultNodePath?: string): EngineProvider {
  return (launch) => ({
    engine: EngineClient.start({ cwd: launch.cwd, enginePath, nodePath: nodePathOf(launch) ?? defaultNodePath, inspect: debugsUserCode(launch) }),
    shared: false,
  });
}

/** The Node.js a launch names; an attach runs no graph code here, so it names none. */
export function nodePathOf(launch: ResolvedLaunch | ResolvedAttach): string | undefined {
  return "nodePath" in launch.args ? launch.args.nodePath : undefined;
}

export function debugsUserCode(launch: ResolvedLaunch | ResolvedAttach): boolean {
  return "debugUserCode" in launch.args && launch.args.debugUserCode === true;
}

/** How long Stop waits for the engine to close the session before it kills the engine. */
const CLOSE_TIMEOUT_MS = 1000;

type Say = (text: string, category: "console" | "stderr") => void;

/**
 * Ends `sessionId` on the leased engine. An engine that does not close it within a second is
 * stuck in user code: it is killed (a shared one restarts on its next use). An owned engine is stopped.
 */
export async function releaseLease({ engine, shared }: EngineLease, sessionId: string | undefined, say: (text: string) => void): Promise<void> {
  const closed = !sessionId || !engine.isRunning || (await settlesWithin(engine.request("session/close", { sessionId }), CLOSE_TIMEOUT_MS));
  if (!closed) {
    say(
      `The LangGraph engine (pid ${engine.pid}) did not answer within a second, as when a node never returns: stopped it.${shared ? " It restarts on its next use." : ""}\n`,
    );
    await engine.kill();
  } else if (!shared) {
    await engine.dispose();
  }
}

/**
 * Has a JavaScript debugger attached to the engine's inspector (inline in VS Code: js-debug as
 * a child session, through `attach`); without a way to do that, says where to attach one.
 */
export async function attachJavaScriptDebugger(
  engine: EngineClient,
  attach: ((inspector: InspectorAddress) => Promise<void>) | undefined,
  say: Say,
): Promise<void> {
  const inspector = await engine.inspector;
  if (!inspector) {
    say("The LangGraph engine runs without the Node.js inspector: breakpoints inside node functions will not hit.\n", "stderr");
    return;
  }
  const where = `${inspector.host}:${inspector.port}`;
  if (!attach) {
    say(`LangGraph: attach a JavaScript debugger to ${where} to stop inside node functions.\n`, "console");
    return;
  }
  say(`LangGraph: attaching the JavaScript debugger to the engine (${where}).\n`, "console");
  try {
    await attach(inspector);
  } catch (error) {
    say(
      `LangGraph: the JavaScript debugger did not attach (${error instanceof Error ? error.message : String(error)}); attach one to ${where} to stop inside node functions.\n`,
      "stderr",
    );
  }
}

/** True when `promise` settles (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
