import { expect, it } from "vitest";
import { DEMO_PROJECT_ID } from "@/lib/db/bootstrap";
import { describeEachBackend } from "@/tests/backends";
import { DEMO_GENERATIONS, DEMO_PROJECT_NAME, databaseIsEmpty, seedDemo } from "./seedDemo";

/** The demo seed goes through the real ingestion path on either database, rollups included. */
describeEachBackend("demo seed", ({ db }) => {
  it("loads the demo project into an empty database once, with its rollups", async () => {
    expect(await databaseIsEmpty(db())).toBe(true);
    const now = Date.UTC(2026, 10, 20, 12);
    expect(await seedDemo(db(), { count: 120, now })).toBe(120);
    expect(await databaseIsEmpty(db())).toBe(false);

    const project = await db().selectFrom("projects").select(["name", "is_demo"]).where("id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow();
    expect(Boolean(project.is_demo)).toBe(true);
    expect(project.name).toBe(DEMO_PROJECT_NAME);
    // Real generations, labelled with the model that wrote them, tagged by endpoint, temperature and topic.
    const models = await db().selectFrom("responses").select("model").distinct().where("project_id", "=", DEMO_PROJECT_ID).execute();
    expect(models.map((row) => row.model)).toEqual(["stories260K"]);
    const providers = await db().selectFrom("responses").select("provider").distinct().where("project_id", "=", DEMO_PROJECT_ID).execute();
    expect(providers.map((row) => row.provider)).toEqual(["local"]);
    const first = DEMO_GENERATIONS.items[0]!;
    const stored = await db().selectFrom("responses").select(["id", "output_text"]).where("project_id", "=", DEMO_PROJECT_ID).where("external_id", "=", "demo-real-0").executeTakeFirstOrThrow();
    // (An echoed legacy completion stores the prompt tokens apart from the output.)
    expect(stored.output_text).toBe(first.choices[0]!.tokens.slice(first.echoed).map(([token]) => token).join(""));
    const tags = await db().selectFrom("response_tags").select("tag").where("response_id", "=", stored.id).execute();
    expect(tags.map((row) => row.tag).sort()).toEqual(["demo", ...first.tags].sort());
    const sums = async () => ({
      responses: await db().selectFrom("response_hourly_rollups").select((eb) => eb.fn.sum<number>("response_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).where("tag", "=", "").executeTakeFirstOrThrow(),
      tokens: await db().selectFrom("responses").select((eb) => eb.fn.sum<number>("token_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow(),
      cells: await db().selectFrom("token_position_cells").select((eb) => eb.fn.sum<number>("token_count").as("n"))
        .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow(),
    });
    const before = await sums();
    expect(Number(before.responses.n)).toBe(120);
    expect(Number(before.cells.n)).toBeGreaterThan(0);
    expect(Number(before.cells.n)).toBeLessThanOrEqual(Number(before.tokens.n));

    // Seeding again stores nothing new (same external ids) and adds nothing to the rollups.
    expect(await seedDemo(db(), { count: 120, now })).toBe(0);
    expect(await sums()).toEqual(before);
  });

  it("loads all 1,200 generations over the last 14 days by default", async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const already = Number((await db().selectFrom("responses").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const started = Date.now();
    expect(await seedDemo(db(), { now })).toBe(1200 - already);
    console.log(`[seedDemo] ${1200 - already} demo responses loaded in ${Date.now() - started} ms`);
    const span = await db().selectFrom("responses").select((eb) => [eb.fn.min<number>("occurred_at").as("first"), eb.fn.max<number>("occurred_at").as("last")])
      .where("project_id", "=", DEMO_PROJECT_ID).executeTakeFirstOrThrow();
    expect(Number(span.first)).toBeGreaterThanOrEqual(now - 14 * 86_400_000);
    expect(Number(span.last)).toBeLessThan(now);
    expect(Number(span.last) - Number(span.first)).toBeGreaterThan(13 * 86_400_000);
  });
});
