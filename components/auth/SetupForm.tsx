"use client";

import { useState, type FormEvent } from "react";
import { AuthError, AuthField, AuthSubmit, NewPasswordFields } from "./AuthFields";
import { newPasswordProblem } from "./passwordCheck";
import { useSignInRequest } from "./useSignInRequest";

/** The first account, an instance admin; the API signs it in, so it goes straight to the dashboard. */
export function SetupForm() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { pending, error, send } = useSignInRequest("/api/auth/setup", "/");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await send({ email, name, password }, newPasswordProblem(password, confirm));
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <AuthField label="Email" type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} data-testid="setup-email" />
      <AuthField label="Name" type="text" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="setup-name" />
      <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} testIdPrefix="setup" />
      <AuthError message={error} testId="setup-error" />
      <AuthSubmit pending={pending} label="Create the admin account" pendingLabel="Creating…" testId="setup-submit" />
    </form>
  );
}
