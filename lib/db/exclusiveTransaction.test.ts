import { expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { backendOf } from "./database";
import { exclusiveTransaction } from "./dialect";

describeEachBackend("exclusiveTransaction", ({ backend, db }) => {
  it("knows its database from the data layer and from a transaction on it", async () => {
    expect(backendOf(db())).toBe(backend);
    await db().transaction().execute(async (trx) => expect(backendOf(trx)).toBe(backend));
  });

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
