const count = (value: number) => value.toLocaleString("en-US");

/** "1–50 of 1,200 · page 1"; without a known page (an old link), "50 rows of 1,200". */
export function pagerStatus(first: number | undefined, rowCount: number, total: number | undefined, page: number | undefined): string {
  if (rowCount === 0) return total ? `No rows on this page of ${count(total)}` : "No rows";
  const of = total !== undefined ? ` of ${count(total)}` : "";
  if (first === undefined) return `${count(rowCount)} rows${of}`;
  return `${count(first)}–${count(first + rowCount - 1)}${of} · page ${page}`;
}
