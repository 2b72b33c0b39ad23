import type { Metadata } from "next";
import { Suspense } from "react";
import { ProbesList } from "@/components/probes/ProbesList";

export const metadata: Metadata = { title: "Drift probes — Loupe" };

/** The list reads ?project= (useSearchParams), hence the Suspense boundary. */
export default function ProbesPage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading probe sets…</p>}>
      <ProbesList />
    </Suspense>
  );
}
