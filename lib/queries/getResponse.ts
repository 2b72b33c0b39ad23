import { prisma } from "@/lib/db/client";
import { responseMetrics } from "@/lib/metrics/responseMetrics";
import { tokensRemovedBy } from "@/lib/db/retention";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { responseSummaryDto, tokenDto, type HotspotDto } from "./responseDto";

/** One response with its tokens and per-token signals; null when absent from this project. */
export async function getResponse(projectId: string, id: number) {
  const row = await prisma().response.findFirst({ where: { id, projectId }, include: { tokens: true } });
  if (!row) return null;
  const blobs = row.tokens;
  const { outputPreview: _preview, ...summary } = responseSummaryDto(row);
  const tokens = blobs ? decodeTokens(blobs.tokensBlob) : [];
  // The row stores only the top hotspots; the detail view gets every one, from the tokens.
  const hotspots: HotspotDto[] = responseMetrics(tokens).hotspots.map((hotspot) => ({
    ...hotspot,
    top: hotspot.top.map((alt) => ({ token: alt.token, logprob: Number.isFinite(alt.logprob) ? alt.logprob : null })),
  }));
  return {
    ...summary,
    metrics: { ...summary.metrics, hotspots },
    outputText: row.outputText,
    prompt: row.prompt,
    messages: row.messages,
    params: row.params,
    metadata: row.metadata,
    tokens: tokens.map(tokenDto),
    /** Why `tokens` is empty although the response had some: `{ by: "retention", afterDays }`, else null. */
    tokensRemoved: tokensRemovedBy({ hasTokenBlob: blobs !== null, tokenCount: row.tokenCount, occurredAt: row.occurredAt.getTime() }),
    promptTokens: blobs?.promptTokensBlob ? decodeTokens(blobs.promptTokensBlob).map(tokenDto) : null,
  };
}

export type ResponseDetail = NonNullable<Awaited<ReturnType<typeof getResponse>>>;
