// The engine never outlives the process that started it (VS Code's extension host, the standalone
// adapter): an orphan would keep the workspace database's lock, and the next window would find
// it read-only. IPC "disconnect" covers an orderly end and most crashes; this also covers a parent
// killed while the IPC channel stays open, and a node that blocks the event loop (then only
// another thread can act). Worker threads of an engine under the Node.js inspector show up in
// the JavaScript debugger's Call Stack, so there the watch stays on the main thread: a user who
// debugs can pause a blocked loop, and an orderly exit follows.

import * as inspector from "node:inspector";
import { Worker } from "node:worker_threads";

/** How often the parent is looked for. */
const POLL_MS = 1000;
/** How long the main thread gets to close the databases itself before the watchdog kills the process. */
const GRACE_MS = 5000;

/** Whether the process `parentPid` is no longer this one's parent (it died: the system adopted us) or no longer runs. */
function parentGone(parentPid: number): boolean {
  if (process.ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

// The watchdog thread, as source: the engine is one bundle, and this needs no module of its own.
// It sends SIGKILL to its own process once the parent has been gone for GRACE_MS.
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const { parentPid, pollMs, graceMs } = workerData;
const gone = ${parentGone.toString()};
let goneSince;
setInterval(() => {
  if (!gone(parentPid)) return;
  goneSince ??= Date.now();
  if (Date.now() - goneSince >= graceMs) process.kill(process.pid, "SIGKILL");
}, pollMs);
`;

/**
 * Calls `onParentGone` once when the parent process is gone; outside the inspector a watchdog
 * thread also kills this process if it has not exited GRACE_MS later.
 */
export function watchParent(onParentGone: () => void): void {
  const parentPid = process.ppid;
  const timer = setInterval(() => {
    if (!parentGone(parentPid)) return;
    clearInterval(timer);
    onParentGone();
  }, POLL_MS);
  timer.unref();
  if (inspector.url() !== undefined) return;
  const watchdog = new Worker(WATCHDOG, { eval: true, name: "LangGraph engine parent watch", workerData: { parentPid, pollMs: POLL_MS, graceMs: GRACE_MS } });
  watchdog.unref();
}
