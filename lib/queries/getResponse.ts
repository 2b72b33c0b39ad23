import { prisma } from "@/lib/db/client";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { responseSummaryDto, tokenDto } from "./responseDto";

/** One response with its tokens and per-token signals; null when absent from this project. */
export async function getResponse(projectId: string, id: number) {
  const row = await prisma().response.findFirst({ where: { id, projectId } });
  if (!row) return null;
  const { outputPreview: _preview, ...summary } = responseSummaryDto(row);
  return {
    ...summary,
    outputText: row.outputText,
    prompt: row.prompt,
    messages: row.messages,
    params: row.params,
    metadata: row.metadata,
    tokens: decodeTokens(row.tokensBlob).map(tokenDto),
    promptTokens: row.promptTokensBlob ? decodeTokens(row.promptTokensBlob).map(tokenDto) : null,
  };
}

export type ResponseDetail = NonNullable<Awaited<ReturnType<typeof getResponse>>>;
