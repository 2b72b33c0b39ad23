import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByEmail } from "@/lib/accounts/users";
import { findApiKey } from "@/lib/auth/apiKeys";
import { resetEnvCache } from "@/lib/config/env";
import { describeEachBackend } from "@/tests/backends";
import { DEFAULT_PROJECT_ID } from "./bootstrap";
import { GENERATED_SECRET_SETTING, serverSecret } from "@/lib/providers/secretBox";
import { prepareDatabase } from "./prepareDatabase";

/** The start-up path (`npm start`, scripts/prepare-db.ts) on both databases: migrated, default project and key, the admin from the environment. */
describeEachBackend("prepareDatabase", ({ backend, db }) => {
  useStartEnv({ LOUPE_ADMIN_EMAIL: "boot@example.com", LOUPE_ADMIN_PASSWORD: "boot password 1", LOUPE_DEMO: "0", LOUPE_API_KEY: undefined });

  it("prepares a fresh database once, and a second start changes nothing", async () => {
    const first = await prepareDatabase();
    expect(first).toMatchObject({ projectId: DEFAULT_PROJECT_ID, keySource: "generated", adminCreated: "boot@example.com", hasUsers: true, demoResponses: 0 });
    expect(first.generatedKey).toMatch(/^lp_/);
    expect(first.displayKey).toBe(first.generatedKey);
    expect(first.file).toContain(backend === "postgres" ? "PostgreSQL" : ".db");
    expect((await findApiKey(db(), first.generatedKey as string))?.projectId).toBe(DEFAULT_PROJECT_ID);
    expect(Boolean((await findUserByEmail(db(), "boot@example.com"))?.isAdmin)).toBe(true);

    const second = await prepareDatabase();
    expect(second).toMatchObject({ generatedKey: null, displayKey: first.generatedKey, adminCreated: null, hasUsers: true, migrationsApplied: [] });
  });

  it("generates the provider-key secret at first start, once (LOUPE_SECRET_KEY unset)", async () => {
    const row = await db().selectFrom("settings").select("value").where("key", "=", GENERATED_SECRET_SETTING).executeTakeFirstOrThrow();
    expect(row.value.length).toBeGreaterThanOrEqual(43);
    expect(await serverSecret(db())).toEqual({ secret: row.value, source: "generated" });
    expect((await prepareDatabase()).secretSource).toBe("generated");
    expect((await db().selectFrom("settings").select("value").where("key", "=", GENERATED_SECRET_SETTING).executeTakeFirstOrThrow()).value).toBe(row.value);
  });
});

/** Two instances of a rollout starting at once on one new database: both start, one admin. */
describeEachBackend("prepareDatabase, two instances at once", ({ db }) => {
  useStartEnv({ LOUPE_ADMIN_EMAIL: "twice@example.com", LOUPE_ADMIN_PASSWORD: "twice password 1", LOUPE_DEMO: "0", LOUPE_API_KEY: "two-instances-key-0123456789" });

  it("both start (the one that loses the race to create the admin from env finds it created)", async () => {
    const results = await Promise.all([prepareDatabase(), prepareDatabase()]);
    expect(results.map((result) => result.adminCreated).sort()).toEqual([null, "twice@example.com"].sort());
    expect(results.every((result) => result.hasUsers)).toBe(true);
    expect(Boolean((await findUserByEmail(db(), "twice@example.com"))?.isAdmin)).toBe(true);
    // One generated secret wins; both instances encrypt and decrypt provider keys with it.
    const secrets = await db().selectFrom("settings").select("value").where("key", "=", GENERATED_SECRET_SETTING).execute();
    expect(secrets).toHaveLength(1);
    expect((await serverSecret(db())).secret).toBe(secrets[0]?.value);
  });
});

/** Sets the start-up variables for a suite (undefined: unset) and restores them after it. */
function useStartEnv(values: Record<"LOUPE_ADMIN_EMAIL" | "LOUPE_ADMIN_PASSWORD" | "LOUPE_DEMO" | "LOUPE_API_KEY", string | undefined>): void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  };
  beforeAll(() => apply(values));
  afterAll(() => apply(saved));
}
