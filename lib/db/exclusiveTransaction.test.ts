import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { backendOf, sqliteConnectionOf } from "./database";
import { exclusiveTransaction } from "./dialect";

describeEachBackend("exclusiveTransaction", ({ backend, db }) => {
  it("knows its database from the data layer and from a transaction on it", async () => {
    expect(backendOf(db())).toBe(backend);
    await db().transaction().execute(async (trx) => expect(backendOf(trx)).toBe(backend));
  });

  // In this process. On SQLite that holds as long as a step keeps the one connection to itself;
  // against other instances it is the write lock, checked below.
  it("lets parallel check-then-write steps take turns: none reads before another has written", async () => {
    await db().insertInto("settings").values({ key: "turns", value: "0", updated_at: 0 }).execute();
    const readThenWrite = () =>
      exclusiveTransaction(db(), async (trx) => {
        const { value } = await trx.selectFrom("settings").select("value").where("key", "=", "turns").executeTakeFirstOrThrow();
        // Time for another request to read the same value, were it not excluded.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await trx.updateTable("settings").set({ value: String(Number(value) + 1) }).where("key", "=", "turns").execute();
      });
    await Promise.all(Array.from({ length: 6 }, readThenWrite));
    const { value } = await db().selectFrom("settings").select("value").where("key", "=", "turns").executeTakeFirstOrThrow();
    expect(value).toBe("6");
  });

  it.runIf(backend === "sqlite")("holds SQLite's write lock from before its first read: another connection to the file (another instance) cannot write until it commits", async () => {
    const write = (connection: Database.Database, key: string) =>
      connection.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, 'x', 0)").run(key);
    // No busy timeout: refused at once rather than after waiting for the lock.
    const other = new Database(sqliteConnectionOf(db()).name, { timeout: 0 });
    try {
      await exclusiveTransaction(db(), async (trx) => {
        await trx.selectFrom("settings").select("value").where("key", "=", "turns").executeTakeFirst();
        expect(() => write(other, "during")).toThrow("database is locked");
      });
      write(other, "after");
      expect((await db().selectFrom("settings").select("key").where("key", "in", ["during", "after"]).execute()).map((row) => row.key)).toEqual(["after"]);
    } finally {
      other.close();
    }
  });

  it("rolls back everything when the step throws", async () => {
    await expect(
      exclusiveTransaction(db(), async (trx) => {
        await trx.insertInto("settings").values({ key: "rolled-back", value: "x", updated_at: 0 }).execute();
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await db().selectFrom("settings").select("key").where("key", "=", "rolled-back").executeTakeFirst()).toBeUndefined();
  });
});
