// `node dist/debugAdapter.js`: the LangGraph debug adapter speaking DAP over stdin/stdout, for
// any DAP client (and the DAP tests). It spawns the same engine as the extension: dist/engine.js.

import { join } from "node:path";
import { GraphDebugSession } from "./graphDebugSession";

const session = new GraphDebugSession({ enginePath: join(__dirname, "engine.js") });
session.setRunAsServer(false);
session.start(process.stdin, process.stdout);
