/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, else "/".
 * "//evil.example" and "/\evil.example" are protocol-relative URLs to browsers, so only a
 * single leading "/" that still resolves to this origin passes. The check runs on the
 * normalised path too: URL parsing resolves "/.//x", "/..//x" and "/%2e//x" to "//x".
 */
const protocolRelative = (path: string) => !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\");

export function safeNextPath(next: string | string[] | undefined | null): string {
  if (typeof next !== "string" || protocolRelative(next)) return "/";
  // Control characters and whitespace are dropped by URL parsers, which can turn "/\t/x" into "//x".
  if (/[\u0000-\u001f\u007f\s]/.test(next)) return "/";
  const base = "http://loupe.invalid";
  try {
    const url = new URL(next, base);
    if (url.origin !== base) return "/";
    const normalised = `${url.pathname}${url.search}${url.hash}`;
    return protocolRelative(normalised) ? "/" : normalised;
  } catch {
    return "/";
  }
}
