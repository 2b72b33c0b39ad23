"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit } from "./AuthFields";
import { MIN_PASSWORD_LENGTH, newPasswordProblem } from "./passwordCheck";
import { useSignInRequest } from "./useSignInRequest";

/** Creates the invited account (the email is the invitation's) and signs it in. */
export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { pending, error, send } = useSignInRequest("/api/auth/invitations/accept", "/");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await send({ token, name, password }, newPasswordProblem(password, confirm));
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
