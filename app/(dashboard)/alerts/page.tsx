import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsFeed } from "@/components/alerts/AlertsFeed";

export const metadata: Metadata = { title: "Alerts — Loupe" };

/** The feed reads its filters from the URL (useSearchParams), hence the Suspense boundary. */
export default function AlertsPage() {
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading alerts…</p>}>
      <AlertsFeed />
    </Suspense>
  );
}
