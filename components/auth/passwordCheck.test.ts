import { describe, expect, it } from "vitest";
import { MIN_PASSWORD_LENGTH as SERVER_MIN } from "@/lib/auth/passwords";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "./passwordCheck";

describe("newPasswordProblem", () => {
  it("agrees with the server's minimum length", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(SERVER_MIN);
  });

  it("asks for enough characters first, then a matching confirmation", () => {
    expect(newPasswordProblem("short", "short")).toMatch(/at least 10/);
    expect(newPasswordProblem("long enough!", "long enough?")).toMatch(/do not match/);
    expect(newPasswordProblem("long enough!", "long enough!")).toBeNull();
  });
});
