import { expect, it } from "vitest";
import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import { describeEachBackend } from "@/tests/backends";
import { databaseIsEmpty, seedDemo } from "./seedDemo";

/** The demo seed goes through the real ingestion path on either database, rollups included. */
describeEachBackend("demo seed", ({ db }) => {
  it("loads the demo project into an empty database once, with its rollups", async () => {
    expect(await databaseIsEmpty(db())).toBe(true);
    const now = Date.UTC(2026, 10, 20, 12);
    expect(await seedDemo(db(), { count: 120, now })).toBe(120);
    expect(await databaseIsEmpty(db())).toBe(false);

    const project = await db().selectFrom("projects").select(["name", "is_demo"]).where("id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow();
    expect(Boolean(project.is_demo)).toBe(true);
    const sums = async () => ({
      responses: await db().selectFrom("response_hourly_rollups").select((eb) => eb.fn.sum<number>("response_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow(),
      tokens: await db().selectFrom("responses").select((eb) => eb.fn.sum<number>("token_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow(),
      cells: await db().selectFrom("token_position_cells").select((eb) => eb.fn.sum<number>("token_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow(),
    });
    const first = await sums();
    expect(Number(first.responses.n)).toBe(120);
    expect(Number(first.cells.n)).toBeGreaterThan(0);
    expect(Number(first.cells.n)).toBeLessThanOrEqual(Number(first.tokens.n));

    // Seeding again stores nothing new (same external ids) and adds nothing to the rollups.
    expect(await seedDemo(db(), { count: 120, now })).toBe(0);
    expect(await sums()).toEqual(first);
  });
});
