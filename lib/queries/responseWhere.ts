import type { ResponseFilter } from "@/lib/api/schemas";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Every response query is scoped by project here, in one place. */
export function responseWhere(projectId: string, filter: ResponseFilter): Prisma.ResponseWhereInput {
  return {
    projectId,
    ...(filter.from !== undefined || filter.to !== undefined
      ? { occurredAt: { ...(filter.from !== undefined && { gte: new Date(filter.from) }), ...(filter.to !== undefined && { lt: new Date(filter.to) }) } }
      : {}),
    ...(filter.model && { model: filter.model }),
    ...(filter.tag && { tagRows: { some: { tag: filter.tag } } }),
    ...(filter.flagged === true && { flagCount: { gt: 0 } }),
    ...(filter.flagged === false && { flagCount: 0 }),
    ...(filter.minAvgLogprob !== undefined || filter.maxAvgLogprob !== undefined
      ? { avgLogprob: { ...(filter.minAvgLogprob !== undefined && { gte: filter.minAvgLogprob }), ...(filter.maxAvgLogprob !== undefined && { lte: filter.maxAvgLogprob }) } }
      : {}),
    ...(filter.q && { outputText: { contains: filter.q } }),
  };
}
