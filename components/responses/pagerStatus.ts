const count = (value: number) => value.toLocaleString("en-US");

/** A total as shown: an estimate (a common search term's, on PostgreSQL) as "about" and two significant digits. */
function totalText(total: number, estimated: boolean): string {
  return estimated ? `about ${count(Number(total.toPrecision(2)))}` : count(total);
}

/** "1–50 of 1,200 · page 1"; without a known page (an old link), "50 rows of 1,200"; "of about 12,000" for an estimate. */
export function pagerStatus(first: number | undefined, rowCount: number, total: number | undefined, page: number | undefined, estimated = false): string {
  if (rowCount === 0) return total ? `No rows on this page of ${totalText(total, estimated)}` : "No rows";
  const of = total !== undefined ? ` of ${totalText(total, estimated)}` : "";
  if (first === undefined) return `${count(rowCount)} rows${of}`;
  return `${count(first)}–${count(first + rowCount - 1)}${of} · page ${page}`;
}
