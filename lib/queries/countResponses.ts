import type { ResponseFilter } from "@/lib/api/schemas";
import { prisma } from "@/lib/db/client";
import { responseWhere } from "./responseWhere";

/**
 * The number of responses a list query matches, for "1–50 of 1,200". Kept apart from
 * listResponses so paging stays one cheap query and the count is asked for once per filter.
 */
export async function countResponses(projectId: string, filter: ResponseFilter): Promise<{ total: number }> {
  return { total: await prisma().response.count({ where: responseWhere(projectId, filter) }) };
}
