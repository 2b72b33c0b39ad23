"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useResponseAlerts, useResponseDetail } from "@/components/data/queries";
import type { ResponseDetail } from "@/lib/queries/getResponse";
import { flagName } from "@/lib/metrics/flags";
import type { TokenSignal } from "./confidenceScale";
import { ResponseClassificationCard } from "@/components/classification/ResponseClassificationCard";
import { HotspotList } from "./HotspotList";
import { LogprobChart } from "./LogprobChart";
import { MoreTokens } from "./MoreTokens";
import { PromptMessages } from "./PromptMessages";
import { PromptTokens } from "./PromptTokens";
import { RawJson } from "./RawJson";
import { KeyValueCard, ResponseFactsCard } from "./ResponseFacts";
import { FlagsCard, MetricsCard } from "./ResponseMetricsPanel";
import { SignalLegend, SignalPicker } from "./SignalPicker";
import { SIGNAL_PARAM, parseSignalParam, withSignalParam } from "./signalParam";
import { TokenText, type TokenTextHandle } from "./TokenText";
import { BackLink, TokenViewMessage, TokenViewSkeleton } from "./TokenViewStates";
import { DetectorAlertsCard } from "./DetectorAlertsCard";
import { ResponseElsewhere } from "@/components/responses/ResponseElsewhere";
import { useLoadedTokens } from "./useLoadedTokens";

/** /responses/[id]: one response token by token, with its metrics, request and raw JSON. */
export function TokenView({ id }: { id: number }) {
  const searchParams = useSearchParams();
  const project = searchParams.get("project") ?? undefined;
  const query = useResponseDetail(id, project);
  // Back to the list with the list's filters (project, range, model, tag, sort...), not this view's colour.
  const listSearch = withSignalParam(searchParams.toString(), "probability");
  const backHref = `/responses${listSearch}`;
  const apiHref = `/api/v1/responses/${id}${project ? `?project=${encodeURIComponent(project)}` : ""}`;

  if (!Number.isInteger(id) || id <= 0) return <TokenViewMessage backHref={backHref} title="Response not found" detail="That address does not name a response: ids are whole numbers from 1." />;
  // The app keeps the previous query's data as a placeholder; another response's data is not this one's.
  const detail = query.data && query.data.id === id ? query.data : undefined;
  if (!detail) {
    if (query.isError) {
      const message = query.error.message;
      const notFound = /not found/i.test(message);
      const where = project ? `project “${project}”` : "this project";
      return (
        <>
          <TokenViewMessage
            backHref={backHref}
            title={notFound ? "Response not found" : "Could not load this response"}
            detail={!notFound ? message : /^project/i.test(message) ? `There is no ${where}.` : `Response #${id} is not in ${where}.`}
            onRetry={notFound ? undefined : () => void query.refetch()}
          />
          {notFound && <ResponseElsewhere id={id} project={project} />}
        </>
      );
    }
    return <TokenViewSkeleton backHref={backHref} />;
  }
  const alertParam = Number(searchParams.get("alert"));
  return (
    <ResponseDetailView
      detail={detail}
      project={project}
      backHref={backHref}
      apiHref={apiHref}
      initialSignal={parseSignalParam(searchParams.get(SIGNAL_PARAM))}
      initialAlert={Number.isSafeInteger(alertParam) && alertParam > 0 ? alertParam : null}
    />
  );
}

interface ResponseDetailViewProps {
  detail: ResponseDetail;
  project: string | undefined;
  backHref: string;
  apiHref: string;
  initialSignal: TokenSignal;
  /** The alert (?alert=) whose evidence tokens are outlined first. */
  initialAlert: number | null;
}

function ResponseDetailView({ detail, project, backHref, apiHref, initialSignal, initialAlert }: ResponseDetailViewProps) {
  const [signal, setSignal] = useState<TokenSignal>(initialSignal);
  // The colour mode goes into the URL (?color=), so a shared link shows what its sender saw;
  // the token's #t= fragment is kept.
  const chooseSignal = useCallback((next: TokenSignal) => {
    setSignal(next);
    const { pathname, search, hash } = window.location;
    // Through Next's history patch (null state), so useSearchParams and the router see it too.
    window.history.replaceState(null, "", `${pathname}${withSignalParam(search, next)}${hash}`);
  }, []);
  // The picker answers at once; recolouring thousands of spans follows, interruptibly.
  const colouredBy = useDeferredValue(signal);
  const textRef = useRef<TokenTextHandle>(null);
  // Long responses arrive in pages of 2,000 tokens; a jump past the loaded ones loads up to it first.
  const { tokens, total, loading, error, loadMore, reach } = useLoadedTokens(detail, project);
  const pendingJump = useRef<number | null>(null);
  const jumpTo = useCallback((position: number) => {
    if (position < tokens.length) textRef.current?.focusToken(position);
    else {
      pendingJump.current = position;
      reach(position);
    }
  }, [tokens.length, reach]);
  useEffect(() => {
    const position = pendingJump.current;
    if (position === null || position >= tokens.length) return;
    pendingJump.current = null;
    textRef.current?.focusToken(position);
  }, [tokens.length]);
  // The chart covers every position from the detail's logprob series, not just the loaded pages.
  const positions = useMemo(() => {
    const zero = new Set(detail.zeroProbabilityPositions);
    return detail.logprobs.map((logprob, position) => ({ logprob: zero.has(position) ? -Infinity : logprob }));
  }, [detail.logprobs, detail.zeroProbabilityPositions]);
  // Detector alerts on this response; the selected one's evidence positions are outlined.
  const alertsQuery = useResponseAlerts(detail.id, project);
  const alerts = useMemo(() => alertsQuery.data?.data ?? [], [alertsQuery.data]);
  const [selectedAlertId, setSelectedAlertId] = useState<number | null>(initialAlert);
  const selectedAlert = alerts.find((alert) => alert.id === selectedAlertId) ?? null;
  const evidence = useMemo(
    () => (selectedAlert ? new Map(selectedAlert.evidence.positions.map((position) => [position, [selectedAlert.name]] as const)) : undefined),
    [selectedAlert],
  );
  // The chart and the request render just after the tokens, so the text is interactive first.
  const later = useDeferredValue<ResponseDetail | null>(detail, null);

  return (
    <div className="space-y-5">
      <header className="space-y-2">
        <BackLink href={backHref} />
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="text-xl font-semibold tracking-tight">Response #{detail.id}</h1>
          <span className="rounded-md bg-slate-900 px-2 py-0.5 font-mono text-xs text-white">{detail.model}</span>
          <span className="text-sm text-slate-500">
            {[detail.provider, `${total.toLocaleString("en-US")} ${total === 1 ? "token" : "tokens"}`, new Date(detail.occurredAt).toLocaleString()].filter(Boolean).join(" · ")}
          </span>
          {detail.flags.map((flag) => (
            <span key={flag.rule} data-rule={flag.rule} className="rounded-full bg-rose-100 px-2 py-0.5 text-xs font-medium text-rose-800">
              {flagName(flag.rule)}
            </span>
          ))}
        </div>
      </header>

      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_360px]">
        <div className="min-w-0 space-y-5">
          {detail.promptTokens && detail.promptTokens.length > 0 ? (
            <section className="card" aria-labelledby="prompt-tokens-heading">
              <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-100 px-4 py-2.5">
                <h2 id="prompt-tokens-heading" className="text-sm font-semibold text-slate-800">
                  Prompt
                </h2>
                <span className="text-xs text-slate-500">coloured like the output; hover or focus a token</span>
              </div>
              <div className="px-4 py-4">
                <PromptTokens tokens={detail.promptTokens} total={detail.promptTokenCount} signal={colouredBy} />
              </div>
            </section>
          ) : null}

          <section className="card" aria-labelledby="output-heading">
            <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-100 px-4 py-2.5">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
                <h2 id="output-heading" className="text-sm font-semibold text-slate-800">
                  Output
                </h2>
                <SignalPicker signal={signal} onChange={chooseSignal} />
              </div>
              <SignalLegend signal={signal} />
            </div>
            {selectedAlert ? (
              <p data-testid="evidence-caption" className="border-b border-slate-100 bg-rose-50 px-4 py-2 text-xs text-rose-900">
                {selectedAlert.evidence.positions.length > 0
                  ? `Outlined: the ${selectedAlert.evidence.positions.length} token${selectedAlert.evidence.positions.length === 1 ? "" : "s"} where ${selectedAlert.name} fired.`
                  : `${selectedAlert.name} fired on the response as a whole (no single tokens).`}
              </p>
            ) : null}
            <div className="px-4 py-4">
              {tokens.length > 0 ? (
                <>
                  <TokenText ref={textRef} tokens={tokens} signal={colouredBy} evidence={evidence} />
                  <MoreTokens loaded={tokens.length} total={total} loading={loading} error={error} onMore={loadMore} />
                </>
              ) : (
                <div data-testid="token-empty" className="space-y-2">
                  <p className="text-sm text-slate-500">
                    {detail.tokensRemoved
                      ? `Tokens removed by retention after ${detail.tokensRemoved.afterDays} ${detail.tokensRemoved.afterDays === 1 ? "day" : "days"}. The metrics were computed from them at ingest and are kept.`
                      : "This response has no tokens with logprobs, so there is nothing to colour."}
                  </p>
                  {detail.outputText ? <pre className="whitespace-pre-wrap break-words font-mono text-[13px] text-slate-800">{detail.outputText}</pre> : null}
                </div>
              )}
            </div>
            {tokens.length > 0 ? (
              <p className="border-t border-slate-100 px-4 py-2 text-[11px] text-slate-500">
                Hover or focus a token for its alternatives · ← → move · Home / End · Esc closes · the URL (#t=…) links to the focused token
              </p>
            ) : null}
          </section>

          {later && tokens.length > 0 ? (
            <section className="card p-4">
              <LogprobChart tokens={positions} hotspots={later.metrics.hotspots} onSelect={jumpTo} />
            </section>
          ) : null}

          <section className="card p-4" aria-labelledby="request-heading">
            <h2 id="request-heading" className="mb-3 text-sm font-semibold text-slate-800">
              {detail.promptTokens && detail.promptTokens.length > 0 ? "Request" : "Prompt"}
            </h2>
            {later ? <PromptMessages prompt={later.prompt} messages={later.messages} /> : null}
          </section>

          <RawJson detail={detail} href={apiHref} />
        </div>

        <aside className="space-y-5" aria-label="Response details">
          <ResponseFactsCard detail={detail} />
          <MetricsCard metrics={detail.metrics} zeroProbabilityTokens={detail.zeroProbabilityTokens} />
          <DetectorAlertsCard alerts={alerts} selectedId={selectedAlert?.id ?? null} onSelect={setSelectedAlertId} onJump={jumpTo} />
          <FlagsCard flags={detail.flags} />
          <ResponseClassificationCard responseId={detail.id} project={project} />
          <HotspotList hotspots={detail.metrics.hotspots} total={detail.metrics.hotspotCount} tokens={tokens} onSelect={jumpTo} />
          <KeyValueCard title="Request parameters" value={detail.params} empty="No request parameters were sent." />
          <KeyValueCard title="Metadata" value={detail.metadata} empty="No metadata." />
        </aside>
      </div>
    </div>
  );
}
