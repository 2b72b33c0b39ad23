/** A token's own URL fragment: `#t=123` addresses output token 123 (0-based). */
export function tokenHash(index: number): string {
  return `#t=${index}`;
}

/** The token index a fragment points at, or null when it names none of `tokenCount` tokens. */
export function parseTokenHash(hash: string, tokenCount: number): number | null {
  const match = /^#?t=(\d{1,9})$/.exec(hash);
  if (!match?.[1]) return null;
  const index = Number(match[1]);
  return index < tokenCount ? index : null;
}
