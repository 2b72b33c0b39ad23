import type { Metadata } from "next";
import { Suspense } from "react";
import { OverviewDashboard } from "@/components/overview/OverviewDashboard";

export const metadata: Metadata = { title: "Overview — Loupe" };

export default function OverviewPage() {
  return (
    <Suspense fallback={null}>
      <OverviewDashboard />
    </Suspense>
  );
}
