import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./databaseUrl";
import { sqliteFilePath } from "./sqlitePath";

describe("parseDatabaseUrl", () => {
  it("reads file: as SQLite, relative to the working directory", () => {
    expect(parseDatabaseUrl("file:./data/loupe.db")).toEqual({ backend: "sqlite", url: "file:./data/loupe.db", file: path.resolve("data/loupe.db") });
  });

  it.each([
    ["postgresql://loupe:pw@db.internal/loupe", "db.internal:5432, database loupe"],
    ["postgres://loupe@db.internal:6432/metrics?sslmode=require", "db.internal:6432, database metrics"],
    ["postgresql://loupe@[::1]:5433/x", "[::1]:5433, database x"],
    ["postgresql://postgres@/loupe?host=/tmp/loupe-pg-abc", "socket /tmp/loupe-pg-abc, database loupe"],
    ["postgresql://db.internal", "db.internal:5432, database postgres"],
  ])("reads %s as PostgreSQL at %s, without the password", (url, where) => {
    expect(parseDatabaseUrl(url)).toEqual({ backend: "postgres", url, where });
  });

  it("refuses other schemes", () => {
    expect(() => parseDatabaseUrl("mysql://db/loupe")).toThrow('got "mysql:…"');
  });

  it("keeps SQLite code off a PostgreSQL URL", () => {
    expect(() => sqliteFilePath("postgresql://db/loupe")).toThrow("not a SQLite DATABASE_URL");
  });
});
