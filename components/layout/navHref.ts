/** Where a nav link leads: the project on every page (Settings, Classification and Probes too), the range and filters on the data pages. */
export function navHref(href: string, searchParams: URLSearchParams): string {
  const keep = new URLSearchParams();
  const keys = href === "/settings" || href === "/classification" || href === "/probes" ? ["project"] : ["project", "range", "from", "to", "model", "tag"];
  for (const key of keys) {
    const value = searchParams.get(key);
    if (value) keep.set(key, value);
  }
  return keep.size > 0 ? `${href}?${keep.toString()}` : href;
}
