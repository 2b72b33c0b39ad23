"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit, NewPasswordFields } from "./AuthFields";
import { newPasswordProblem } from "./passwordCheck";
import { useSignInRequest } from "./useSignInRequest";

/**
 * Creates the invited account (the email is the invitation's) and signs it in; for an address
 * that has an account, its password joins that account to the project instead.
 */
export function AcceptInviteForm({ token, email, accountExists = false }: { token: string; email: string; accountExists?: boolean }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { pending, error, send } = useSignInRequest("/api/auth/invitations/accept", "/");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await send({ token, name, password }, accountExists ? null : newPasswordProblem(password, confirm));
  }

  if (accountExists) {
    return (
      <form onSubmit={submit} className="space-y-4">
        <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        <AuthField label="Password" type="password" name="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} data-testid="accept-password" />
        <AuthError message={error} testId="accept-error" />
        <AuthSubmit pending={pending} label="Join and sign in" pendingLabel="Joining…" testId="accept-submit" />
      </form>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <AuthField label="Name" type="text" name="name" autoComplete="name" autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="accept-name" />
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} testIdPrefix="accept" />
      <AuthError message={error} testId="accept-error" />
      <AuthSubmit pending={pending} label="Join and sign in" pendingLabel="Joining…" testId="accept-submit" />
    </form>
  );
}
