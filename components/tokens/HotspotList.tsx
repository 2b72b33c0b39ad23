"use client";

import { memo, useMemo, useState } from "react";
import { HOTSPOT_ENTROPY_BITS } from "@/lib/metrics/responseMetrics";
import type { HotspotDto } from "@/lib/queries/responseDto";
import type { TokenDto } from "@/lib/queries/responseDto";
import { formatBits, formatProbability } from "./formatSignal";
import { tokenLabel } from "./tokenDisplay";

const FIRST_SHOWN = 12;
/** Every token of a long, flat distribution can be a hotspot: "all" stops here. */
const MOST_SHOWN = 500;

interface HotspotListProps {
  /** The highest-entropy hotspots, at most MAX_HOTSPOTS of them. */
  hotspots: readonly HotspotDto[];
  /** Every hotspot of the response (the list may hold fewer). */
  total: number;
  tokens: readonly TokenDto[];
  onSelect: (position: number) => void;
}

/** Uncertainty hotspots, highest entropy first; a click jumps to the token. */
export const HotspotList = memo(function HotspotList({ hotspots, total, tokens, onSelect }: HotspotListProps) {
  const [showAll, setShowAll] = useState(false);
  const ranked = useMemo(() => hotspots.slice().sort((a, b) => b.entropyBits - a.entropyBits), [hotspots]);
  const shown = ranked.slice(0, showAll ? MOST_SHOWN : FIRST_SHOWN);
  return (
    <section className="card p-4" aria-labelledby="hotspots-heading">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-2">
        <h2 id="hotspots-heading" className="text-sm font-semibold text-slate-800">
          Uncertainty hotspots
        </h2>
        <span className="shrink-0 text-xs tabular-nums text-slate-500" title={`Tokens with entropy > ${HOTSPOT_ENTROPY_BITS} bits`}>
          {total.toLocaleString("en-US")} · entropy &gt; {HOTSPOT_ENTROPY_BITS} bits{total > hotspots.length ? ` (the ${hotspots.length.toLocaleString("en-US")} highest listed)` : ""}
        </span>
      </div>
      {hotspots.length === 0 ? (
        <p className="text-xs text-slate-500">No token was that uncertain.</p>
      ) : (
        <ol className={`space-y-0.5 ${showAll ? "max-h-96 overflow-y-auto" : ""}`}>
          {shown.map((hotspot) => {
            const token = tokens[hotspot.position];
            // -Infinity logprobs arrive as null in JSON: probability 0.
            const rivals = hotspot.top.filter((alt) => alt.token !== hotspot.token).slice(0, 2);
            return (
              <li key={hotspot.position}>
                <button
                  type="button"
                  data-testid="hotspot"
                  data-index={hotspot.position}
                  onClick={() => onSelect(hotspot.position)}
                  className="grid w-full grid-cols-[3rem_minmax(0,1fr)_auto] items-baseline gap-2 rounded-md px-2 py-1 text-left text-xs hover:bg-slate-100 focus-visible:bg-indigo-50 focus-visible:outline-none"
                >
                  <span className="tabular-nums text-slate-500">#{hotspot.position}</span>
                  <span className="flex min-w-0 items-baseline gap-1.5">
                    <bdi className="shrink-0 whitespace-pre rounded bg-amber-50 px-1 font-mono text-amber-900">
                      {tokenLabel(hotspot.token, token?.bytes ?? null)}
                    </bdi>
                    {rivals.length > 0 ? (
                      <span className="truncate text-slate-500">
                        vs{" "}
                        {rivals.map((alt, i) => (
                          // Each alternative is isolated: right-to-left text cannot pull the percentages around.
                          <span key={i}>
                            {i > 0 ? ", " : null}
                            <bdi className="whitespace-pre">{tokenLabel(alt.token, null)}</bdi>{" "}
                            <span data-testid="rival-probability">{formatProbability(alt.logprob === null ? 0 : Math.exp(alt.logprob))}</span>
                          </span>
                        ))}
                      </span>
                    ) : null}
                  </span>
                  <span className="tabular-nums font-medium text-slate-700">{formatBits(hotspot.entropyBits)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {ranked.length > FIRST_SHOWN ? (
        <button type="button" onClick={() => setShowAll((value) => !value)} className="mt-2 text-xs font-medium text-indigo-700 hover:underline">
          {showAll ? "Show fewer" : ranked.length > MOST_SHOWN ? `Show the top ${MOST_SHOWN}` : `Show all ${ranked.length}`}
        </button>
      ) : null}
    </section>
  );
});
