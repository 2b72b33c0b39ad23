"use client";

import { memo, useLayoutEffect, useMemo, useRef, type RefObject } from "react";
import type { TokenDto } from "@/lib/queries/responseDto";
import { formatBits, formatLogprob, formatNats, formatProbability } from "./formatSignal";
import { signalValue } from "./confidenceScale";
import { SIGNAL_DEFINITIONS } from "./metricDefinitions";
import { surprisalBits } from "./promptTokenSummary";
import { alternativeRows } from "./tokenAlternatives";
import { inlineTokenGlyphs } from "./tokenDisplay";
import { glyphChildren } from "./TokenGlyphs";

export const TOKEN_POPOVER_ID = "token-popover";
/** Providers send at most 20 alternatives; Loupe's own format may send more. */
const MAX_ROWS = 25;
const GAP_PX = 6;
/** Least room kept between the popover and the screen's left and right edges. */
const EDGE_PX = 8;
/** Height of the sticky app header: the popover never hides under it. */
const HEADER_PX = 64;

interface TokenPopoverProps {
  token: TokenDto;
  index: number;
  /** The token's span, looked up only when positioning (no per-token refs). */
  findAnchor: (index: number) => HTMLElement | undefined;
  /** The positioned box the popover is placed in. */
  boundaryRef: RefObject<HTMLElement | null>;
  /** Element id (the tokens' aria-describedby) and test id; one per TokenText on a page. */
  id?: string;
  /** How the index is named: "token #3", "prompt token #3". */
  indexLabel?: string;
  /** Names of the detectors whose evidence holds this token. */
  detectors?: readonly string[];
  /** Added to the index shown (a window of a longer generation names real positions). */
  indexOffset?: number;
}

/** The one shared popover: a token's signals and its top-k alternatives, placed by its span. */
export const TokenPopover = memo(function TokenPopover({ token, index, findAnchor, boundaryRef, id = TOKEN_POPOVER_ID, indexLabel = "token", detectors, indexOffset = 0 }: TokenPopoverProps) {
  const popoverRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => alternativeRows(token), [token]);

  // Placed before paint, imperatively: moving the popover costs no second render.
  useLayoutEffect(() => {
    const place = () => {
      const popover = popoverRef.current;
      const anchor = findAnchor(index);
      const boundary = boundaryRef.current;
      if (!popover || !anchor || !boundary) return;
      const rect = anchor.getBoundingClientRect();
      const box = boundary.getBoundingClientRect();
      // The visible part of the page: on a phone an overflowing page widens the layout viewport
      // (innerWidth) past the screen, and a popover placed by it is cut off at the right.
      const view = window.visualViewport;
      const viewLeft = view ? view.offsetLeft : 0;
      const viewRight = view ? view.offsetLeft + view.width : document.documentElement.clientWidth;
      popover.style.maxWidth = `${Math.max(0, viewRight - viewLeft - 2 * EDGE_PX)}px`;
      const { offsetWidth: width, offsetHeight: height } = popover;
      const spaceBelow = window.innerHeight - rect.bottom;
      const spaceAbove = rect.top - HEADER_PX;
      const below = spaceBelow >= height + GAP_PX || spaceBelow >= spaceAbove;
      const top = below ? rect.bottom - box.top + GAP_PX : rect.top - box.top - height - GAP_PX;
      const left = Math.max(viewLeft + EDGE_PX - box.left, Math.min(rect.left - box.left, viewRight - EDGE_PX - width - box.left));
      popover.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
      popover.style.visibility = "visible";
    };
    place();
    window.addEventListener("resize", place);
    window.visualViewport?.addEventListener("resize", place);
    return () => {
      window.removeEventListener("resize", place);
      window.visualViewport?.removeEventListener("resize", place);
    };
  }, [index, token, findAnchor, boundaryRef]);

  // JSON has no −∞: a probability-0 token arrives as logprob null with zeroProbability set.
  const probability = token.zeroProbability ? 0 : token.logprob === null ? null : Math.exp(token.logprob);
  const logprob = token.zeroProbability ? formatLogprob(-Infinity) : token.logprob === null ? "n/a (not given)" : formatLogprob(token.logprob);
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <div
      ref={popoverRef}
      id={id}
      role="tooltip"
      data-testid={id}
      data-index={index}
      className="card pointer-events-none absolute left-0 top-0 z-30 w-[380px] p-3 text-xs shadow-lg"
      style={{ visibility: "hidden" }}
    >
      <div className="flex items-center justify-between gap-3">
        <bdi className="min-w-0 truncate whitespace-pre rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] text-slate-900">
          {glyphChildren(inlineTokenGlyphs(token.token, token.bytes))}
        </bdi>
        <span className="shrink-0 text-slate-500">
          {indexLabel} #{index + indexOffset}
        </span>
      </div>
      {detectors && detectors.length > 0 ? (
        <p data-testid="popover-evidence" className="mt-2 rounded bg-rose-50 px-2 py-1 font-medium text-rose-800">
          Evidence of {detectors.join(", ")}
        </p>
      ) : null}
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1">
        <Signal name="probability" title={SIGNAL_DEFINITIONS.probability} value={formatProbability(probability)} />
        <Signal name="logprob" title={SIGNAL_DEFINITIONS.logprob} value={logprob} />
        <Signal name="entropy" title={SIGNAL_DEFINITIONS.entropyBits} value={formatBits(token.entropyBits)} />
        <Signal name="margin" title={SIGNAL_DEFINITIONS.margin} value={formatNats(signalValue("margin", token))} />
        <Signal name="surprise" title={SIGNAL_DEFINITIONS.surprisal} value={formatBits(surprisalBits(token))} />
      </dl>
      <p className="mt-3 mb-1 font-medium text-slate-500">
        {token.top.length > 0 ? `Top ${token.top.length} alternatives` : "No alternatives were sent"}
      </p>
      <ol className="space-y-0.5">
        {shown.map((row, i) => (
          <li
            key={i}
            data-testid="alt-row"
            data-chosen={row.chosen ? "true" : undefined}
            className={`grid grid-cols-[1rem_minmax(0,1fr)_64px_52px_52px] items-center gap-1.5 rounded px-1 py-0.5 ${row.chosen ? "bg-indigo-50 font-medium text-indigo-900" : "text-slate-700"}`}
          >
            <span aria-label={row.chosen ? "chosen" : undefined} className="text-indigo-600">
              {row.chosen ? "✓" : ""}
            </span>
            <span className="truncate whitespace-pre font-mono">
              <bdi>{glyphChildren(inlineTokenGlyphs(row.token, row.bytes))}</bdi>
              {/* With no alternatives sent there is no top-k to be outside of. */}
              {row.chosen && !row.listed && token.top.length > 0 ? (
                <span className="ml-1 font-sans text-[10px] text-indigo-600">not in top-k</span>
              ) : null}
            </span>
            <span className="h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
              <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${Math.max(0, Math.min(1, row.probability ?? 0)) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums">{formatProbability(row.probability)}</span>
            <span className="text-right tabular-nums text-slate-600">{formatLogprob(row.logprob)}</span>
          </li>
        ))}
      </ol>
      {rows.length > shown.length ? <p className="mt-1 text-slate-500">+{rows.length - shown.length} more</p> : null}
    </div>
  );
});

function Signal({ name, value, title }: { name: string; value: string; title: string }) {
  return (
    <div className="flex items-baseline justify-between gap-2" title={title}>
      <dt className="text-slate-500">{name}</dt>
      <dd data-testid={`popover-${name}`} className="font-medium tabular-nums text-slate-900">
        {value}
      </dd>
    </div>
  );
}
