import { defineConfig } from "prisma/config";

// The CLI reads this; the app itself opens the database through lib/db/client.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/loupe.db" },
});
