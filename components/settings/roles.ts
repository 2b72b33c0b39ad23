import type { Role } from "@/lib/auth/access";

/**
 * lib/auth/access.ts's ROLES, weakest first. Copied because that module is server code
 * (sessions, SQLite); settings.test.ts keeps the two equal.
 */
export const PROJECT_ROLES: readonly Role[] = ["viewer", "member", "admin"];
