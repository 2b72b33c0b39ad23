import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/accounts/users";
import { useTestDatabase } from "../../tests/testDb";
import { createSession, deleteSession, isSecureRequest, sessionCookie, validateSession } from "./sessions";

let testDb: ReturnType<typeof useTestDatabase>;
let userId = "";
beforeAll(async () => {
  testDb = useTestDatabase();
  userId = await createUser(testDb.db, { email: "s@example.com", name: "S", password: "session password", isAdmin: false });
});
afterAll(() => testDb.cleanup());

describe("sessions", () => {
  it("stores only the token's hash and validates the token", () => {
    const { token } = createSession(testDb.db, userId);
    const stored = testDb.db.prepare(`SELECT id FROM sessions`).all() as Array<{ id: string }>;
    expect(stored.map((row) => row.id)).not.toContain(token);
    expect(validateSession(testDb.db, token)?.email).toBe("s@example.com");
    expect(validateSession(testDb.db, `${token}x`)).toBeNull();
    expect(validateSession(testDb.db, "")).toBeNull();
  });

  it("expires, and is gone after sign-out", () => {
    const expired = createSession(testDb.db, userId);
    testDb.db.prepare(`UPDATE sessions SET expires_at = ?`).run(Date.now() - 1);
    expect(validateSession(testDb.db, expired.token)).toBeNull();
    const live = createSession(testDb.db, userId);
    deleteSession(testDb.db, live.token);
    expect(validateSession(testDb.db, live.token)).toBeNull();
  });

  it("sets HttpOnly SameSite cookies, Secure behind HTTPS", () => {
    expect(sessionCookie("t", true)).toMatch(/^loupe_session=t; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(sessionCookie(null, false)).toContain("Max-Age=0");
    expect(isSecureRequest(new Request("http://x/", { headers: { "x-forwarded-proto": "https" } }))).toBe(true);
    expect(isSecureRequest(new Request("http://x/"))).toBe(false);
  });
});
