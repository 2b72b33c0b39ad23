import type { Metadata } from "next";
import { Suspense } from "react";
import { QualityView } from "@/components/triage/QualityView";

export const metadata: Metadata = { title: "Rule quality — Loupe" };

export default function QualityPage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>
      <QualityView />
    </Suspense>
  );
}
