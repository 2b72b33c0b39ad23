import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ListResponsesQuery } from "@/lib/api/schemas";
import { createProject } from "@/lib/accounts/projects";
import { SYSTEM_ACTOR } from "@/lib/audit/auditLog";
import { resetEnvCache } from "@/lib/config/env";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "@/lib/db/bootstrap";
import { copyDatabase } from "@/lib/db/copyDatabase";
import { db } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { closeSqlite, sqlite } from "@/lib/db/sqlite";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { countResponses } from "@/lib/queries/countResponses";
import { facets } from "@/lib/queries/facets";
import { getResponse, getResponseTokens } from "@/lib/queries/getResponse";
import { listResponses } from "@/lib/queries/listResponses";
import { alertFeed } from "@/lib/queries/stats/alerts";
import { positionConfidenceHeatmap } from "@/lib/queries/stats/heatmap";
import { HISTOGRAM_METRICS, metricHistogram, type HistogramMetric } from "@/lib/queries/stats/histogram";
import { kpis } from "@/lib/queries/stats/kpis";
import { rangeHint } from "@/lib/queries/stats/rangeHint";
import { avgLogprobTimeseries } from "@/lib/queries/stats/timeseries";
import { describePostgres } from "./backends";

/**
 * Every read query answers the same on SQLite and PostgreSQL for the same data: a SQLite
 * database filled through the real ingest path (seeded random traffic: 5 models, 5 tags, ties,
 * null metrics, flagged responses, text with `%`, `_` and mixed case), copied losslessly to PostgreSQL with
 * db:copy, then every stats endpoint's query (kpis, time series with percentile_cont on
 * PostgreSQL and streamed percentiles on SQLite, histograms, heatmap, alerts, range hint), the
 * list (every sort and order, paged by cursor, text search), the count, the facets and the
 * detail asked of both and compared (numbers within 1e-9 relative).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const MODELS = ["model-a", "model-b", "model-c", "model-d", "model-e"];
const TAGS = ["chat", "eval", "rag", "support", "tools"];
const PHRASES = ["the answer is", "Needle in a haystack", "100% sure", "snake_case name", "plain words", "NEEDLE again"];

/** mulberry32: the same records every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seededRecords(count: number) {
  const random = seededRandom(8);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    // Every fifth record has the same two tokens (equal sort values, ordered by id); every 37th
    // has no logprobs (null metrics, sorted last).
    const tokenCount = 1 + Math.floor(random() * 40);
    const logprobs = Array.from({ length: tokenCount }, () => (random() < 0.05 ? -6 - random() * 6 : -random() * random() * 2.5));
    const tags = TAGS.filter(() => random() < 0.3);
    return {
      id: `parity-${i}`,
      model: pick(MODELS),
      timestamp: T0 - 3 * DAY + Math.floor(random() * 6 * DAY),
      tags,
      response: {
        text: `${pick(PHRASES)} #${i}`,
        tokens: i % 37 === 36
          ? [{ token: "w0", logprob: null }, { token: "w1", logprob: null }]
          : (i % 5 === 4 ? [-0.25, -0.5] : logprobs).map((logprob, k) => ({ token: `w${k}`, logprob, top: [{ token: `w${k}`, logprob }, { token: "alt", logprob: logprob - 1 }] })),
      },
    };
  });
}

describePostgres("read queries answer the same on SQLite and PostgreSQL", ({ createDatabase }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-parity-"));
  const sqliteUrl = `file:${path.join(dir, "parity.db")}`;
  let postgresUrl = "";
  const savedUrl = process.env.DATABASE_URL;
  let otherProject = "";
  let responseIds: number[] = [];

  const selectDatabase = (url: string | undefined) => {
    if (url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = url;
    resetEnvCache();
  };

  beforeAll(async () => {
    selectDatabase(sqliteUrl);
    migrate(sqlite());
    await ensureDefaultProject(db());
    otherProject = (await createProject(db(), "Other", SYSTEM_ACTOR)).id;
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, seededRecords(400).map((value) => ({ value })));
    expect(summary.errors).toBe(0);
    responseIds = summary.results.map((result) => result.id as number);
    // Another project's traffic, which no query of the default project may count.
    expect((await ingestRecords(db(), otherProject, seededRecords(30).map((value) => ({ value })))).errors).toBe(0);
    postgresUrl = await createDatabase();
    await copyDatabase({ from: sqliteUrl, to: postgresUrl });
  }, 120_000);

  afterAll(() => {
    selectDatabase(savedUrl);
    closeSqlite();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The same question to both databases: [SQLite's answer, PostgreSQL's answer]. */
  async function askBoth<T>(question: () => Promise<T>): Promise<[T, T]> {
    try {
      selectDatabase(sqliteUrl);
      const onSqlite = await question();
      selectDatabase(postgresUrl);
      const onPostgres = await question();
      return [onSqlite, onPostgres];
    } finally {
      selectDatabase(sqliteUrl);
    }
  }

  async function expectSameAnswer<T>(question: () => Promise<T>): Promise<T> {
    const [onSqlite, onPostgres] = await askBoth(question);
    expect(differences(onSqlite, onPostgres)).toEqual([]);
    return onSqlite;
  }

  const filter = (extra: Partial<StatsFilter> = {}): StatsFilter => ({ projectId: DEFAULT_PROJECT_ID, from: T0, to: T0 + DAY, ...extra });
  const filters = [filter(), filter({ from: T0 - 3 * DAY, to: T0 + 3 * DAY }), filter({ model: "model-b" }), filter({ tag: "rag" }), filter({ from: T0 - 2 * HOUR, to: T0 + 5 * HOUR, model: "model-c", tag: "eval" })];

  it("KPIs, current and previous period", async () => {
    for (const f of filters) {
      const answer = await expectSameAnswer(() => kpis(f));
      expect(answer.current.responses).toBeGreaterThan(0);
    }
  });

  it("time series by model and by tag: counts, means and p10/p90 per bucket", async () => {
    let points = 0;
    for (const f of filters) {
      for (const groupBy of ["model", "tag"] as const) {
        const answer = await expectSameAnswer(() => avgLogprobTimeseries(f, groupBy));
        points += answer.series.reduce((sum, series) => sum + series.points.length, 0);
      }
    }
    expect(points).toBeGreaterThan(100);
    // Buckets with several values, where the interpolated percentiles differ from the extremes.
    const wide = await avgLogprobTimeseries(filter({ from: T0 - 3 * DAY, to: T0 + 3 * DAY }), "model");
    expect(wide.series.flatMap((s) => s.points).some((p) => p.count >= 4 && p.p10 < p.p90)).toBe(true);
  });

  it("histograms of every metric, current and previous", async () => {
    for (const metric of Object.keys(HISTOGRAM_METRICS) as HistogramMetric[]) {
      for (const f of filters) {
        const answer = await expectSameAnswer(() => metricHistogram(f, metric));
        expect(answer.current.length).toBe(HISTOGRAM_METRICS[metric].bins);
      }
    }
    const all = await metricHistogram(filters[1] as StatsFilter, "avgLogprob");
    expect(all.current.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(100);
  });

  it("heatmap from the rollup", async () => {
    for (const f of filters) await expectSameAnswer(() => positionConfidenceHeatmap(f));
    expect((await positionConfidenceHeatmap(filters[1] as StatsFilter)).cells.length).toBeGreaterThan(5);
  });

  it("alert feed and range hint", async () => {
    for (const f of filters) {
      await expectSameAnswer(() => alertFeed(f, 20));
      await expectSameAnswer(() => rangeHint(f));
    }
    expect((await alertFeed(filters[1] as StatsFilter, 20)).data.length).toBeGreaterThan(0);
  });

  const listQuery = (extra: Partial<ListResponsesQuery>): ListResponsesQuery => ({ limit: 500, sort: "occurredAt", order: "desc", ...extra }) as ListResponsesQuery;

  it("the list in every sort and order, whole and paged by cursor, and its count", async () => {
    for (const sort of ["occurredAt", "avgLogprob", "perplexity", "maxEntropyBits", "tokenCount", "flagCount"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const whole = await expectSameAnswer(() => listResponses(DEFAULT_PROJECT_ID, listQuery({ sort, order })));
        expect(whole.data).toHaveLength(400);
        const paged = await expectSameAnswer(async () => {
          const ids: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await listResponses(DEFAULT_PROJECT_ID, listQuery({ sort, order, limit: 37, cursor }));
            ids.push(...page.data.map((row) => row.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return ids;
        });
        expect(paged, `${sort} ${order}`).toEqual(whole.data.map((row) => row.id));
      }
    }
    for (const extra of [{ model: "model-a" }, { tag: "tools" }, { flagged: true }, { flagged: false }, { minAvgLogprob: -0.6, maxAvgLogprob: -0.2 }, { from: T0, to: T0 + DAY }]) {
      const answer = await expectSameAnswer(() => listResponses(DEFAULT_PROJECT_ID, listQuery(extra)));
      const { total } = await expectSameAnswer(() => countResponses(DEFAULT_PROJECT_ID, listQuery(extra)));
      expect(answer.data.length).toBe(total);
      expect(total).toBeGreaterThan(0);
    }
  });

  it("text search: case-insensitive contains, % and _ literal", async () => {
    const search = (q: string) => expectSameAnswer(async () => (await listResponses(DEFAULT_PROJECT_ID, listQuery({ q }))).data.map((row) => row.outputPreview));
    const needles = await search("needle");
    expect(needles.length).toBeGreaterThan(10);
    expect(needles.every((text) => text.toLowerCase().includes("needle"))).toBe(true);
    // Exactly the seeded texts holding a literal `%` ("100% sure") or `e_c` ("snake_case name").
    for (const term of ["%", "e_c"]) {
      const expected = seededRecords(400).map((record) => record.response.text).filter((text) => text.includes(term));
      expect(expected.length, term).toBeGreaterThan(10);
      expect((await search(term)).sort(), term).toEqual(expected.sort());
    }
    expect(await search("e%s")).toEqual([]);
  });

  it("facets and the detail of responses, tokens included", async () => {
    const offered = await expectSameAnswer(() => facets(DEFAULT_PROJECT_ID, null));
    expect(offered.models).toEqual(MODELS);
    for (const id of responseIds.slice(0, 25)) {
      const detail = await expectSameAnswer(() => getResponse(DEFAULT_PROJECT_ID, id));
      expect(detail?.tokens.length).toBeGreaterThan(0);
      await expectSameAnswer(() => getResponseTokens(DEFAULT_PROJECT_ID, id, { start: 1, end: 3 }));
    }
    expect(await expectSameAnswer(() => getResponse(otherProject, responseIds[0] as number))).toBeNull();
  });
});

/** Where two answers differ: paths with both values; numbers within 1e-9 relative are equal. */
function differences(a: unknown, b: unknown, at = "answer"): string[] {
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b)) ? [] : [`${at}: ${a} vs ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items vs ${b.length}`];
    return a.flatMap((item, i) => differences(item, b[i], `${at}[${i}]`));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`));
  }
  return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}
