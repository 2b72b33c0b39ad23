import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";
import { sqliteFilePath } from "@/lib/db/sqlitePath";

/**
 * The dashboard's browser session until accounts exist: pages hand the browser an httpOnly,
 * SameSite=Strict cookie (proxy.ts) that lets the dashboard call the read API. Scripts use
 * API keys. The secret comes from LOUPE_SECRET, else from a file created next to the database.
 */
export const DASHBOARD_COOKIE = "loupe_ui";

let cachedSecret: string | undefined;

export function dashboardSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.LOUPE_SECRET;
  if (fromEnv && fromEnv.length >= 16) return (cachedSecret = fromEnv);
  const file = path.join(path.dirname(sqliteFilePath(env().DATABASE_URL)), ".loupe-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cachedSecret = fs.readFileSync(file, "utf8").trim();
  return cachedSecret;
}

export function dashboardCookieValue(): string {
  return crypto.createHmac("sha256", dashboardSecret()).update("loupe-dashboard-v1").digest("base64url");
}

export function hasDashboardCookie(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  const match = new RegExp(`(?:^|;\\s*)${DASHBOARD_COOKIE}=([^;]+)`).exec(cookieHeader);
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(dashboardCookieValue());
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
