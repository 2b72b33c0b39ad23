import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { resetEnvCache } from "@/lib/config/env";
import { useTestDatabase } from "./testDb";

/** GET /api/health: 200 `{ok: true}` after a database round trip, else 503 in the one error shape. */
describe("GET /api/health", () => {
  const testDb = useTestDatabase();
  const saved = process.env.DATABASE_URL;
  afterAll(() => testDb.cleanup());
  afterEach(() => {
    process.env.DATABASE_URL = saved;
    resetEnvCache();
    vi.restoreAllMocks();
  });

  it("answers ok after a round trip to the database", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers 503 database_unavailable, not Next's HTML 500, when the database does not answer", async () => {
    // Nothing listens on port 1 of loopback: the connection is refused at once.
    process.env.DATABASE_URL = "postgresql://loupe@127.0.0.1:1/loupe";
    resetEnvCache();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await health();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "database_unavailable", message: "the database did not answer" } });
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/^health: database round trip failed: .*ECONNREFUSED/);
  });
});
