import type { Metadata } from "next";
import { Suspense } from "react";
import { ThresholdsView } from "@/components/triage/ThresholdsView";

export const metadata: Metadata = { title: "Thresholds — Loupe" };

export default function ThresholdsPage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>
      <ThresholdsView />
    </Suspense>
  );
}
