"use client";

import { useMemo, useRef } from "react";
import type { TokenDto } from "@/lib/queries/responseDto";
import type { TokenSignal } from "./confidenceScale";
import { formatBits, formatCount, formatLogprob } from "./formatSignal";
import { promptTokenSummary } from "./promptTokenSummary";
import { inlineTokenGlyphs } from "./tokenDisplay";
import { glyphChildren } from "./TokenGlyphs";
import { TokenText, type TokenTextHandle } from "./TokenText";

interface PromptTokensProps {
  /** The prompt's tokens with their logprobs (legacy `echo`, vLLM `prompt_logprobs`, a local model). */
  tokens: readonly TokenDto[];
  /** The colour mode, shared with the output. */
  signal: TokenSignal;
  /** Every prompt token there is, when `tokens` holds only the first of them. */
  total?: number;
  /** How many of the most surprising tokens to list (default 5). */
  top?: number;
}

/**
 * The prompt token by token, coloured and hoverable as the output is (the same TokenText and
 * popover, with the surprise −log2 p in bits), with its own summary: token count, mean
 * logprob and surprise, and its most surprising tokens (a click focuses one). A first token
 * without a logprob (OpenAI's `echo`) is shown grey and left out of the mean.
 */
export function PromptTokens({ tokens, signal, total, top }: PromptTokensProps) {
  const textRef = useRef<TokenTextHandle>(null);
  const summary = useMemo(() => promptTokenSummary(tokens, { total, top }), [tokens, total, top]);
  return (
    <div data-testid="prompt-tokens" className="space-y-3">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs">
        <Fact name="token-count" label="Tokens" value={formatCount(summary.tokenCount)} />
        <Fact name="mean-logprob" label="Mean logprob" value={formatLogprob(summary.meanLogprob)} title="Mean natural-log probability over the prompt tokens that have one (nats)." />
        <Fact name="mean-surprise" label="Mean surprise" value={formatBits(summary.meanSurprisalBits)} title="Mean of −log2 p over the prompt tokens that have a logprob (bits)." />
        {summary.unscoredCount > 0 ? <Fact name="unscored" label="Without logprob" value={formatCount(summary.unscoredCount)} title="Tokens the provider gave no logprob, such as the first token of an echo: nothing precedes it." /> : null}
      </dl>
      <TokenText ref={textRef} tokens={tokens} signal={signal} kind="prompt" />
      {summary.tokenCount > tokens.length ? (
        <p className="text-xs text-slate-500">
          Showing the first {formatCount(tokens.length)} of {formatCount(summary.tokenCount)} prompt tokens; the summary covers those shown.
        </p>
      ) : null}
      {summary.mostSurprising.length > 0 ? (
        <div>
          <h3 className="mb-1 text-xs font-medium text-slate-500">Most surprising prompt tokens</h3>
          <ol className="flex flex-wrap gap-1.5" data-testid="prompt-surprising">
            {summary.mostSurprising.map((entry) => (
              <li key={entry.index}>
                <button
                  type="button"
                  data-testid="prompt-surprising-token"
                  data-index={entry.index}
                  onClick={() => textRef.current?.focusToken(entry.index)}
                  className="inline-flex items-baseline gap-1.5 rounded-md border border-slate-200 px-2 py-0.5 text-xs hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500"
                >
                  <bdi className="whitespace-pre font-mono text-slate-900">{glyphChildren(inlineTokenGlyphs(entry.token, null))}</bdi>
                  <span className="tabular-nums text-slate-600">{formatBits(entry.surprisalBits)}</span>
                  <span className="sr-only">, prompt token #{entry.index}</span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

function Fact({ name, label, value, title }: { name: string; label: string; value: string; title?: string }) {
  return (
    <div className="flex items-baseline gap-1.5" title={title}>
      <dt className="text-slate-500">{label}</dt>
      <dd data-testid={`prompt-${name}`} className="font-semibold tabular-nums text-slate-900">
        {value}
      </dd>
    </div>
  );
}
