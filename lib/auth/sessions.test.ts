import { beforeAll, expect, it } from "vitest";
import { createUser } from "@/lib/accounts/users";
import { describeEachBackend } from "../../tests/backends";
import { createSession, deleteSession, isSecureRequest, sessionCookie, validateSession } from "./sessions";

describeEachBackend("sessions", ({ db }) => {
  let userId = "";
  beforeAll(async () => {
    userId = await createUser(db(), { email: "s@example.com", name: "S", password: "session password", isAdmin: false });
  });

  it("stores only the token's hash and validates the token", async () => {
    const { token } = await createSession(db(), userId);
    const stored = await db().selectFrom("sessions").select("id").execute();
    expect(stored.map((row) => row.id)).not.toContain(token);
    expect((await validateSession(db(), token))?.email).toBe("s@example.com");
    expect(await validateSession(db(), `${token}x`)).toBeNull();
    expect(await validateSession(db(), "")).toBeNull();
  });

  it("expires, and is gone after sign-out", async () => {
    const expired = await createSession(db(), userId);
    await db().updateTable("sessions").set({ expires_at: Date.now() - 1 }).execute();
    expect(await validateSession(db(), expired.token)).toBeNull();
    const live = await createSession(db(), userId);
    await deleteSession(db(), live.token);
    expect(await validateSession(db(), live.token)).toBeNull();
  });

  it("sets HttpOnly SameSite cookies, Secure behind HTTPS", () => {
    expect(sessionCookie("t", true)).toMatch(/^__Host-loupe_session=t; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(sessionCookie("t", false)).toMatch(/^loupe_session=t; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(sessionCookie(null, false)).toContain("Max-Age=0");
    expect(isSecureRequest(new Request("http://x/", { headers: { "x-forwarded-proto": "https" } }))).toBe(true);
    expect(isSecureRequest(new Request("http://x/"))).toBe(false);
  });
});
