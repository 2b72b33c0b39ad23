import type { Metadata } from "next";
import { Suspense } from "react";
import { ResponsesExplorer } from "@/components/responses/ResponsesExplorer";

export const metadata: Metadata = { title: "Responses — Loupe" };

/** The explorer reads its filters from the URL (useSearchParams), hence the Suspense boundary. */
export default function ResponsesPage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading responses…</p>}>
      <ResponsesExplorer />
    </Suspense>
  );
}
