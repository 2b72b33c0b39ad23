import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { env } from "@/lib/config/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { sqliteFilePath } from "./sqlitePath";

// One Prisma client per process (survives Next's dev reloads). DateTime columns are Unix ms
// so SQL aggregates can bucket them with integer arithmetic (see prisma/schema.prisma).
const globalForPrisma = globalThis as unknown as { loupePrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string = env().DATABASE_URL): PrismaClient {
  const adapter = new PrismaBetterSqlite3(
    { url: `file:${sqliteFilePath(databaseUrl)}` },
    { timestampFormat: "unixepoch-ms" },
  );
  return new PrismaClient({ adapter });
}

export function prisma(): PrismaClient {
  globalForPrisma.loupePrisma ??= createPrismaClient();
  return globalForPrisma.loupePrisma;
}
