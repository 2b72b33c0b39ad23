/** Why the "Create key" button is disabled, in words for the hint under it; null when it can be pressed. */
export function createKeyBlocker(name: string, scopes: readonly string[]): string | null {
  const missing = [name.trim() === "" ? "a name" : null, scopes.length === 0 ? "at least one scope" : null].filter(Boolean);
  return missing.length > 0 ? `To create a key, give it ${missing.join(" and ")}.` : null;
}
