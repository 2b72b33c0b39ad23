"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit } from "./AuthFields";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "./passwordCheck";
import { errorMessage, sendJson } from "@/components/data/apiClient";

/** The first account, an instance admin; the API signs it in, so it goes straight to the dashboard. */
export function SetupForm() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = newPasswordProblem(password, confirm);
    if (problem) {
      setError(problem);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await sendJson("POST", "/api/auth/setup", { email, name, password });
      // A full load, not router.push: everything renders afresh under the new session cookie.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/");
    } catch (failure) {
      setError(errorMessage(failure));
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <AuthField label="Email" type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} data-testid="setup-email" />
      <AuthField label="Name" type="text" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="setup-name" />
      <AuthField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="setup-password"
      />
      <AuthField label="Confirm password" type="password" name="confirm" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="setup-confirm" />
      <AuthError message={error} testId="setup-error" />
      <AuthSubmit pending={pending} label="Create the admin account" pendingLabel="Creating…" testId="setup-submit" />
    </form>
  );
}
