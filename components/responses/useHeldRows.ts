"use client";

import { useState } from "react";

/**
 * Live refresh must not move rows under the pointer: while the pointer or keyboard focus is
 * in the table, the rows on screen stay as they were and the rows that arrived wait behind a
 * "N new — show" bar. `viewKey` names what is shown (filters, sort, page); a different view is
 * never held back. `settled`: the rows are the answer for `viewKey`, not the previous view's.
 */
export function useHeldRows<Row extends { id: number }>(rows: Row[] | undefined, viewKey: string, settled: boolean) {
  const [pointerInside, setPointerInside] = useState(false);
  const [focusInside, setFocusInside] = useState(false);
  const [held, setHeld] = useState<{ key: string; rows: Row[] } | null>(null);
  const holding = pointerInside || focusInside;

  // Derived state during render: start holding on entry, let go on exit or a new view. Rows
  // still shown from the previous view (a placeholder while a sort or page loads) are never held.
  if (holding && settled && rows && (held === null || held.key !== viewKey)) setHeld({ key: viewKey, rows });
  if (!holding && held !== null) setHeld(null);

  const current = held && held.key === viewKey ? held : null;
  const shown = current ? current.rows : rows;
  const heldIds = new Set(shown?.map((row) => row.id));
  const waiting = current && rows && settled ? rows.filter((row) => !heldIds.has(row.id)).length : 0;

  return {
    rows: shown,
    waiting,
    showWaiting: () => rows && setHeld({ key: viewKey, rows }),
    handlers: {
      onPointerEnter: () => setPointerInside(true),
      onPointerLeave: () => setPointerInside(false),
      onFocus: () => setFocusInside(true),
      onBlur: (event: React.FocusEvent<HTMLElement>) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusInside(false);
      },
    },
  };
}
