"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit } from "./AuthFields";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "./passwordCheck";
import { errorMessage, sendJson } from "@/components/data/apiClient";

/** Creates the invited account (the email is the invitation's) and signs it in. */
export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
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
      await sendJson("POST", "/api/auth/invitations/accept", { token, name, password });
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
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <AuthField label="Name" type="text" name="name" autoComplete="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="accept-name" />
      <AuthField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="accept-password"
      />
      <AuthField label="Confirm password" type="password" name="confirm" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} data-testid="accept-confirm" />
      <AuthError message={error} testId="accept-error" />
      <AuthSubmit pending={pending} label="Join and sign in" pendingLabel="Joining…" testId="accept-submit" />
    </form>
  );
}
