"use client";

import Link from "next/link";
import { useResponseLocation } from "@/components/data/queries";

/**
 * Under "Response #1319 is not in this project": the project it does live in, when the user
 * may read that one (the lookup answers 404 otherwise, and this renders nothing).
 */
export function ResponseElsewhere({ id, project }: { id: number; project: string | undefined }) {
  const location = useResponseLocation(id, Number.isInteger(id) && id > 0);
  const found = location.data;
  if (!found || found.projectId === project) return null;
  return (
    <p className="card mx-auto mt-4 max-w-lg px-6 py-4 text-center text-sm text-slate-800" data-testid="response-elsewhere">
      Response #{id} is in project “{found.projectName}”.{" "}
      <Link href={`/responses/${id}?project=${encodeURIComponent(found.projectId)}`} className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
        Open it there
      </Link>
    </p>
  );
}
