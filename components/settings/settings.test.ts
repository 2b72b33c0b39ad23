import { describe, expect, it } from "vitest";
import { ROLES, type AccessibleProject } from "@/lib/auth/access";
import { createKeyBlocker } from "./createKeyBlocker";
import { compactJson, formatTimestamp } from "./format";
import { inviteLinkForOrigin } from "./inviteLink";
import { settingsProjectId } from "./projectSelection";
import { PROJECT_ROLES } from "./roles";

const project = (id: string, role: AccessibleProject["role"]): AccessibleProject => ({ id, name: id, isDemo: false, role, hasData: false });

describe("settingsProjectId", () => {
  const projects = [project("demo", "viewer"), project("team", "admin"), project("other", "admin")];

  it("takes the requested project when the user may see it", () => {
    expect(settingsProjectId(projects, "other")).toBe("other");
    expect(settingsProjectId(projects, "demo")).toBe("demo");
  });

  it("otherwise opens on the first project the user administers", () => {
    expect(settingsProjectId(projects, undefined)).toBe("team");
    expect(settingsProjectId(projects, "someone-elses")).toBe("team");
  });

  it("falls back to the first project, or none", () => {
    expect(settingsProjectId([project("a", "viewer"), project("b", "member")], null)).toBe("a");
    expect(settingsProjectId([], "a")).toBeNull();
  });
});

describe("formatTimestamp", () => {
  it("formats ISO timestamps and marks missing ones", () => {
    expect(formatTimestamp("2026-03-04T05:06:00.000Z")).toMatch(/2026/);
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestamp(null, "never")).toBe("never");
    expect(formatTimestamp("not a date")).toBe("not a date");
  });
});

describe("compactJson", () => {
  it("writes details on one line and cuts long ones", () => {
    expect(compactJson({ id: "k1", scopes: ["ingest"] })).toBe('{"id":"k1","scopes":["ingest"]}');
    expect(compactJson(null)).toBe("—");
    const long = compactJson({ text: "x".repeat(500) }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("PROJECT_ROLES", () => {
  it("matches the server's roles, in order", () => {
    expect(PROJECT_ROLES).toEqual(ROLES);
  });
});

describe("inviteLinkForOrigin", () => {
  it("moves the link to the origin the admin is on", () => {
    expect(inviteLinkForOrigin("http://localhost:3000/invite/abc_DEF-1", "https://loupe.example.com")).toBe("https://loupe.example.com/invite/abc_DEF-1");
  });

  it("leaves a link it cannot parse alone", () => {
    expect(inviteLinkForOrigin("not a url", "https://loupe.example.com")).toBe("not a url");
  });
});

describe("createKeyBlocker", () => {
  it("names what is missing before a key can be created, and nothing once it can", () => {
    expect(createKeyBlocker("", ["ingest"])).toBe("To create a key, give it a name.");
    expect(createKeyBlocker("  ", [])).toBe("To create a key, give it a name and at least one scope.");
    expect(createKeyBlocker("prod", [])).toBe("To create a key, give it at least one scope.");
    expect(createKeyBlocker("prod", ["read"])).toBeNull();
  });
});
