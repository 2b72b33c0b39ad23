/** Mirrors lib/auth/credentials.ts (passwordSchema), which the server enforces; this only answers sooner. */
export const MIN_PASSWORD_LENGTH = 10;

/** A message for a new password and its confirmation, or null when they will do. */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password !== confirm) return "The passwords do not match.";
  return null;
}
