// The user's own @langchain/langgraph, resolved from the graph module's folder, so a resume is a
// `Command` of the copy that runs the graph (we never bundle LangGraph into the engine).

import { importUserModule } from "../userModules";
import { sessionErrors } from "./sessionErrors";

export type CommandConstructor = new (fields: { resume?: unknown }) => object;

export async function loadCommandClass(graphFile: string): Promise<CommandConstructor> {
  let module: { Command?: unknown };
  try {
    module = await importUserModule<{ Command?: unknown }>(graphFile, "@langchain/langgraph");
  } catch (error) {
    throw sessionErrors.userCodeFailed(`Loading @langchain/langgraph next to ${graphFile}`, error);
  }
  if (typeof module.Command !== "function") {
    throw sessionErrors.userCodeFailed(`Loading @langchain/langgraph next to ${graphFile}`, new Error("it exports no Command class"));
  }
  return module.Command as CommandConstructor;
}
