import { useId, type InputHTMLAttributes } from "react";
import { MIN_PASSWORD_LENGTH } from "./passwordCheck";

/** A labelled input for the sign-in forms; the hint is its description, not part of its name. */
export function AuthField({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        {...input}
        id={id}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function AuthSubmit({ pending, label, pendingLabel, testId }: { pending: boolean; label: string; pendingLabel: string; testId: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      data-testid={testId}
      className="h-9 w-full rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700 disabled:cursor-wait disabled:opacity-60"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

/** The form's error, announced to screen readers as it appears. */
export function AuthError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}

/** Password and confirmation for a new account (setup, invitation); `testIdPrefix`-password / -confirm. */
export function NewPasswordFields({ password, confirm, onPassword, onConfirm, testIdPrefix }: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  testIdPrefix: string;
}) {
  return (
    <>
      <AuthField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        data-testid={`${testIdPrefix}-password`}
      />
      <AuthField label="Confirm password" type="password" name="confirm" autoComplete="new-password" required value={confirm} onChange={(e) => onConfirm(e.target.value)} data-testid={`${testIdPrefix}-confirm`} />
    </>
  );
}
