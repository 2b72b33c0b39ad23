import type { Metadata } from "next";
import { Suspense } from "react";
import { ProbeSetView } from "@/components/probes/ProbeSetView";

export const metadata: Metadata = { title: "Probe set — Loupe" };

interface ProbeSetPageProps {
  params: Promise<{ id: string }>;
}

/** One probe set: its runs, KL chart and moved positions. Reads ?project=, hence Suspense. */
export default async function ProbeSetPage({ params }: ProbeSetPageProps) {
  const { id } = await params;
  return (
    <Suspense fallback={<p className="text-sm text-slate-500">Loading probe set…</p>}>
      <ProbeSetView id={id} />
    </Suspense>
  );
}
