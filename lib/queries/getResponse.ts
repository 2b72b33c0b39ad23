import { db } from "@/lib/db/database";
import { parseJsonColumn, summaryColumns, summaryRowFromSql } from "@/lib/db/responseListSql";
import { tokensRemovedBy } from "@/lib/db/retention";
import { tokenDetailInWorker } from "@/lib/ingest/workerPool";
import { responseSummaryDto } from "./responseDto";
import { tokenDetail, TOKEN_PAGE_MAX, type TokenDetail, type TokenDetailInput, type TokenRange } from "./tokenDetail";

/**
 * One response with one page of its tokens (per-token signals), every position's logprob
 * and every hotspot; null when absent from this project. Decoding runs on the worker pool
 * when there is one, so a long response does not stall other requests.
 */
export async function getResponse(projectId: string, id: number, range: TokenRange = { start: 0, end: TOKEN_PAGE_MAX }) {
  const row = await db()
    .selectFrom("responses as r")
    .leftJoin("response_tokens as t", "t.response_id", "r.id")
    .select((eb) => [
      ...summaryColumns(eb),
      "r.output_text as outputText",
      "r.prompt",
      "r.messages",
      "r.params",
      "r.metadata",
      "r.prompt_token_count as promptTokenCount",
      "t.tokens_blob as tokensBlob",
      "t.prompt_tokens_blob as promptTokensBlob",
    ])
    .where("r.id", "=", id)
    .where("r.project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) return null;
  const { tokensBlob, promptTokensBlob, promptTokenCount, outputText, prompt, messages, params, metadata, ...summaryRow } = row;
  const detail = await tokenDetailOffThread(id, { tokensBlob, promptTokensBlob, range });
  const { outputPreview: _preview, ...summary } = responseSummaryDto(summaryRowFromSql(summaryRow));
  return {
    ...summary,
    metrics: { ...summary.metrics, hotspots: detail.hotspots ?? [] },
    outputText,
    prompt,
    messages: parseJsonColumn(messages),
    params: parseJsonColumn(params),
    metadata: parseJsonColumn(metadata),
    tokenPage: detail.tokenPage,
    tokens: detail.tokens,
    logprobs: detail.logprobs ?? [],
    /** Positions of `logprobs` whose null is probability 0 (−∞), not "not given". */
    zeroProbabilityPositions: detail.zeroProbabilityPositions ?? [],
    /** Tokens of probability 0 among all of them (not only this page). */
    zeroProbabilityTokens: detail.zeroProbabilityTokens ?? summary.zeroProbabilityTokens ?? 0,
    promptTokens: detail.promptTokens,
    /** Every stored prompt token, of which `promptTokens` holds the first TOKEN_PAGE_MAX. */
    promptTokenCount: Number(promptTokenCount),
    /** Why `tokens` is empty although the response had some: `{ by: "retention", afterDays }`, else null. */
    tokensRemoved: tokensRemovedBy({ hasTokenBlob: tokensBlob !== null, tokenCount: summaryRow.tokenCount, occurredAt: summaryRow.occurredAt }),
  };
}

/** One page of a response's tokens (`?tokens=START-END`); null when absent from this project. */
export async function getResponseTokens(projectId: string, id: number, range: TokenRange) {
  const row = await db()
    .selectFrom("responses as r")
    .leftJoin("response_tokens as t", "t.response_id", "r.id")
    .select(["r.id", "t.tokens_blob as tokensBlob"])
    .where("r.id", "=", id)
    .where("r.project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) return null;
  const detail = await tokenDetailOffThread(id, { tokensBlob: row.tokensBlob, promptTokensBlob: null, range, pageOnly: true });
  return { id: row.id, tokenPage: detail.tokenPage, tokens: detail.tokens };
}

/** Decodes in flight, by response and page: thirty readers of one long response share one decode. */
const inFlight = new Map<string, Promise<TokenDetail>>();

/**
 * Resolves each caller in an event-loop turn of its own, one after another: the readers of
 * one shared decode would otherwise all serialize their (megabyte) answers in a single turn,
 * holding every other request behind them (30 views of a 170,000-token response: ~1 s).
 */
let lastTurn: Promise<void> = Promise.resolve();
function nextTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  lastTurn = turn;
  return turn;
}

export async function tokenDetailOffThread(responseId: number, input: TokenDetailInput): Promise<TokenDetail> {
  const key = `${responseId}:${input.range.start}-${input.range.end}:${input.pageOnly ? "page" : "full"}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = (async () => (await tokenDetailInWorker(input)) ?? tokenDetail(input))().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  const detail = await pending;
  await nextTurn();
  return detail;
}

export type ResponseTokensPage = NonNullable<Awaited<ReturnType<typeof getResponseTokens>>>;
export type ResponseDetail = NonNullable<Awaited<ReturnType<typeof getResponse>>>;
