import { responseMetrics } from "@/lib/metrics/responseMetrics";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { tokenDto, type HotspotDto } from "./responseDto";

/**
 * The token half of a response's detail, from its stored blobs (pure: runs on the worker
 * pool or in-thread). A 170,000-token response used to become 29 MB of JSON per request, built
 * on the main thread; now one request carries at most TOKEN_PAGE_MAX tokens.
 */
export const TOKEN_PAGE_MAX = 2_000;
/** The detail lists this many hotspots at most (the highest-entropy ones); `hotspotCount` has them all. */
export const DETAIL_HOTSPOTS = 1_000;

/** Token positions [start, end), end exclusive. */
export interface TokenRange {
  start: number;
  end: number;
}

export interface TokenDetailInput {
  tokensBlob: Uint8Array | null;
  promptTokensBlob: Uint8Array | null;
  range: TokenRange;
  /** Only the page: no whole-response series, hotspots or prompt tokens (the view has them already). */
  pageOnly?: boolean;
}

/** Logprobs for the by-position chart: 4 decimals are below what a chart can show, and halve the bytes. */
const chartLogprob = (logprob: number | null): number | null => (logprob === null || !Number.isFinite(logprob) ? null : Math.round(logprob * 1e4) / 1e4);

function detailHotspots(hotspots: ReturnType<typeof responseMetrics>["hotspots"]): HotspotDto[] {
  const kept = hotspots.length <= DETAIL_HOTSPOTS
    ? hotspots
    : hotspots.slice().sort((a, b) => b.entropyBits - a.entropyBits).slice(0, DETAIL_HOTSPOTS).sort((a, b) => a.position - b.position);
  return kept.map((hotspot) => ({
    ...hotspot,
    top: hotspot.top.map((alt) => ({ token: alt.token, logprob: Number.isFinite(alt.logprob) ? alt.logprob : null })),
  }));
}

export function tokenDetail({ tokensBlob, promptTokensBlob, range, pageOnly = false }: TokenDetailInput) {
  const tokens = tokensBlob ? decodeTokens(tokensBlob) : [];
  const total = tokens.length;
  const start = Math.min(range.start, total);
  const end = Math.min(Math.max(range.end, start), total);
  const page = { tokens: tokens.slice(start, end).map(tokenDto), tokenPage: { start, end, total } };
  if (pageOnly) return { ...page, logprobs: null, zeroProbabilityPositions: null, zeroProbabilityTokens: null, hotspots: null, promptTokens: null };
  const zeroProbabilityPositions = tokens.flatMap((token, position) => (token.logprob === -Infinity ? [position] : []));
  return {
    ...page,
    /** Every position's logprob (null: none or probability 0), so the chart covers all pages. */
    logprobs: tokens.map((token) => chartLogprob(token.logprob)),
    /** Where `logprobs` holds null for a token of probability 0 (JSON has no −∞), for the chart. */
    zeroProbabilityPositions,
    /** Tokens of probability 0 (logprob −∞) over every page: the sequence and lowest probability are then 0. */
    zeroProbabilityTokens: zeroProbabilityPositions.length,
    // The row stores only the top hotspots; the detail recomputes them over every token.
    hotspots: detailHotspots(responseMetrics(tokens).hotspots),
    /** Prompt tokens come with the first page only, TOKEN_PAGE_MAX at most. */
    promptTokens: promptTokensBlob && start === 0 ? decodeTokens(promptTokensBlob).slice(0, TOKEN_PAGE_MAX).map(tokenDto) : null,
  };
}

export type TokenDetail = ReturnType<typeof tokenDetail>;
