import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { adviceFor } from "../../../src/engine/userCodeAdvice";

// A template whose .env exists (copied from .env.example).
const root = join(__dirname, "..", "..", "fixtures", "templates", "memory-agent");
const configFile = join(root, "langgraph.json");

afterEach(() => {
  delete process.env.LGD_TEST_API_KEY;
});

describe("adviceFor", () => {
  it("names the variable a provider's wording implies, and the existing env file to put it in", () => {
    expect(adviceFor(new Error("Anthropic API key not found"), { configFile, root, env: ".env" })).toBe(
      `ANTHROPIC_API_KEY is not set. Add the line ANTHROPIC_API_KEY=<your key> to ${join(root, ".env")}, the env file ${configFile} names, or set it under "env" in the launch configuration; then try again.`,
    );
  });

  it("points at langgraph.json's env object, or proposes an env file when there is none", () => {
    const error = new Error("The LGD_TEST_API_KEY environment variable is missing or empty");
    expect(adviceFor(error, { configFile, root, env: { OTHER: "1" } })).toBe(
      `LGD_TEST_API_KEY is not set. Add "LGD_TEST_API_KEY": "<your key>" to "env" in ${configFile}, or set it under "env" in the launch configuration; then try again.`,
    );
    expect(adviceFor(error, { configFile, root })).toBe(
      `LGD_TEST_API_KEY is not set. Add "env": ".env" to ${configFile} and the line LGD_TEST_API_KEY=<your key> to ${join(root, ".env")}, or set it under "env" in the launch configuration; then try again.`,
    );
  });

  it("says nothing about a variable that is set (the key is then wrong, not missing)", () => {
    process.env.LGD_TEST_API_KEY = "set";
    expect(adviceFor(new Error("LGD_TEST_API_KEY was rejected"), { configFile, root })).toBeUndefined();
    expect(adviceFor(new Error("Cannot read properties of undefined"), { configFile, root })).toBeUndefined();
  });

  it("names an API 1.x removed and its replacement", () => {
    const config = { configFile, root };
    expect(adviceFor(new TypeError("llm.bind is not a function"), config)).toBe(
      'The graph\'s code uses Runnable.bind() (removed in @langchain/core 1.0), which LangChain.js 1.x (what the debugger runs on) no longer has: use model.bindTools(tools, { tool_choice: "auto" }) to give a chat model its tools, or .withConfig({ … }) for other call options.',
    );
    // How jiti reports a subpath the installed 1.x package no longer exports.
    expect(
      adviceFor(
        new Error("Package subpath './tools/tavily_search' is not defined by \"exports\" in /p/node_modules/@langchain/community/package.json"),
        config,
      ),
    ).toBe(
      'The graph\'s code uses TavilySearchResults from "@langchain/community/tools/tavily_search" (removed in @langchain/community 1.0), which LangChain.js 1.x (what the debugger runs on) no longer has: use TavilySearch from "@langchain/tavily" (npm install @langchain/tavily).',
    );
  });
});
