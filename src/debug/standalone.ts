// `node dist/debugAdapter.js`: the LangGraph debug adapter speaking DAP over stdin/stdout, for
// any DAP client (and the DAP tests). It spawns the same engine as the extension: dist/engine.js.

import { join } from "node:path";
import { ownEngines } from "./engineProvider";
import { GraphDebugSession } from "./graphDebugSession";

// Each session starts its own engine: a DAP client expects the adapter to own what it runs.
const session = new GraphDebugSession({ engines: ownEngines(join(__dirname, "engine.js")) });
session.setRunAsServer(false);
session.start(process.stdin, process.stdout);
