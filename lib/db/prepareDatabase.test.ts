import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByEmail } from "@/lib/accounts/users";
import { findApiKey } from "@/lib/auth/apiKeys";
import { resetEnvCache } from "@/lib/config/env";
import { describeEachBackend } from "@/tests/backends";
import { DEFAULT_PROJECT_ID } from "./bootstrap";
import { prepareDatabase } from "./prepareDatabase";

/** The start-up path (`npm start`, scripts/prepare-db.ts) on both databases: migrated, default project and key, the admin from the environment. */
describeEachBackend("prepareDatabase", ({ backend, db }) => {
  const names = ["LOUPE_ADMIN_EMAIL", "LOUPE_ADMIN_PASSWORD", "LOUPE_DEMO", "LOUPE_API_KEY"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeAll(() => {
    process.env.LOUPE_ADMIN_EMAIL = "boot@example.com";
    process.env.LOUPE_ADMIN_PASSWORD = "boot password 1";
    process.env.LOUPE_DEMO = "0";
    delete process.env.LOUPE_API_KEY;
    resetEnvCache();
  });
  afterAll(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  });

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
});

/** Two instances of a rollout starting at once on one new database: both start, one admin. */
describeEachBackend("prepareDatabase, two instances at once", ({ db }) => {
  const names = ["LOUPE_ADMIN_EMAIL", "LOUPE_ADMIN_PASSWORD", "LOUPE_DEMO", "LOUPE_API_KEY"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeAll(() => {
    process.env.LOUPE_ADMIN_EMAIL = "twice@example.com";
    process.env.LOUPE_ADMIN_PASSWORD = "twice password 1";
    process.env.LOUPE_DEMO = "0";
    process.env.LOUPE_API_KEY = "two-instances-key-0123456789";
    resetEnvCache();
  });
  afterAll(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
  });

  it("both start (the one that loses the race to create the admin from env finds it created)", async () => {
    const results = await Promise.all([prepareDatabase(), prepareDatabase()]);
    expect(results.map((result) => result.adminCreated).sort()).toEqual([null, "twice@example.com"].sort());
    expect(results.every((result) => result.hasUsers)).toBe(true);
    expect(Boolean((await findUserByEmail(db(), "twice@example.com"))?.isAdmin)).toBe(true);
  });
});
