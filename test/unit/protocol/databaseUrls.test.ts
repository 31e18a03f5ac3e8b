// Database URLs are kept as written by every layer, never resolved as files: a Postgres URL and a
// LangGraph server's http(s) URL alike (the engine opens the one and browses the other).

import { describe, expect, it } from "vitest";
import { resolveLaunchArguments } from "../../../src/debug/launchArguments";
import { isDatabaseUrl, isServerUrl, secretOf, withSecret, withoutSecret } from "../../../src/protocol/databaseUrls";

describe("database URLs", () => {
  it("tells a LangGraph server's URL and a Postgres URL from a file", () => {
    expect(["http://127.0.0.1:2024", "https://my-app.langgraph.app/?apiKey=k"].map(isServerUrl)).toEqual([true, true]);
    expect(["postgres://app@db/app", ".langgraph/db.json", "/abs/db.json", "C:\\db.json"].map(isServerUrl)).toEqual([false, false, false, false]);
    expect(["http://127.0.0.1:2024", "postgres://app@db/app", "db.json"].map(isDatabaseUrl)).toEqual([true, true, false]);
  });

  it("a launch configuration's db keeps a server URL as written (the engine then refuses the session with what to do)", () => {
    const onServer = { noDebug: false, graph: "agent", db: "http://127.0.0.1:2024" };
    expect(resolveLaunchArguments(onServer, "/work/project")).toMatchObject({ dbPath: "http://127.0.0.1:2024" });
    const onFile = { noDebug: false, graph: "agent", db: "data/db.json" };
    expect(resolveLaunchArguments(onFile, "/work/project")).toMatchObject({ dbPath: "/work/project/data/db.json" });
  });

  it("a URL's secret is a Postgres password or a server's apiKey: read, put in, and never shown", () => {
    expect(secretOf("postgres://app:p%40ss@db:5432/app?schema=lg")).toBe("p@ss");
    expect(secretOf("postgres://app@db:5432/app")).toBeUndefined();
    expect(withSecret("postgres://app@db:5432/app?schema=lg", "p@ss/1")).toBe("postgres://app:p%40ss%2F1@db:5432/app?schema=lg");
    expect(withoutSecret("postgres://app:p%40ss@db:5432/app?schema=lg")).toBe("postgres://app@db:5432/app?schema=lg");
    expect(secretOf("https://my-app.langgraph.app/?apiKey=lsv2-key")).toBe("lsv2-key");
    expect(withSecret("http://127.0.0.1:2024", "lsv2-key")).toBe("http://127.0.0.1:2024/?apiKey=lsv2-key");
    expect(withoutSecret("https://my-app.langgraph.app/?apiKey=lsv2-key")).toBe("https://my-app.langgraph.app/");
  });
});
