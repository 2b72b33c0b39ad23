"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit } from "./AuthFields";
import { useSignInRequest } from "./useSignInRequest";

/** Email + password sign-in; on success a full navigation to `next`, so the server renders with the new cookie. */
export function LoginForm({ next }: { next: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { pending, error, send } = useSignInRequest("/api/auth/login", next);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // 401 "wrong email or password" and 429 "too many failed sign-ins: try again in N s" both read well as sent.
    if (!(await send({ email, password }))) setPassword("");
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <AuthField label="Email" type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" />
      <AuthField label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
      <AuthError message={error} testId="login-error" />
      <AuthSubmit pending={pending} label="Sign in" pendingLabel="Signing in…" testId="login-submit" />
    </form>
  );
}
