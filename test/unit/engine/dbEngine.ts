// The real engine process (dist/engine.js) on the db fixture, recording what it notifies, for
// the db/* request tests. Engines started here are disposed by disposeDbEngines().

import { join } from "node:path";
import { EngineClient } from "../../../src/engineClient/engineClient";
import type { DbChange, SessionStop } from "../../../src/protocol/engine";

const root = join(__dirname, "..", "..", "..");
export const dbFixture = join(__dirname, "fixtures", "db");
const engines: EngineClient[] = [];

export function startDbEngine(untrusted = false): { engine: EngineClient; changes: DbChange[]; stops: SessionStop[] } {
  const engine = EngineClient.start({ cwd: dbFixture, enginePath: join(root, "dist", "engine.js"), untrusted });
  engines.push(engine);
  const changes: DbChange[] = [];
  const stops: SessionStop[] = [];
  engine.onNotification("db/changed", (change) => changes.push(change));
  engine.onNotification("session/stopped", (stop) => stops.push(stop));
  return { engine, changes, stops };
}

export async function disposeDbEngines(): Promise<void> {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
}
