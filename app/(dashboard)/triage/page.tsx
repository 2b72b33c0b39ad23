import type { Metadata } from "next";
import { Suspense } from "react";
import { TriageView } from "@/components/triage/TriageView";

export const metadata: Metadata = { title: "Triage — Loupe" };

/** The view reads ?project= (useSearchParams), hence the Suspense boundary. */
export default function TriagePage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading suspects…</p>}>
      <TriageView />
    </Suspense>
  );
}
