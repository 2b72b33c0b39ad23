import type { Metadata } from "next";
import { Suspense } from "react";
import { TokenView } from "@/components/tokens/TokenView";
import { TokenViewSkeleton } from "@/components/tokens/TokenViewStates";

interface ResponsePageProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: ResponsePageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Response #${id} · Loupe` };
}

/** One response, token by token. TokenView reads ?project= (useSearchParams), hence Suspense. */
export default async function ResponsePage({ params }: ResponsePageProps) {
  const { id } = await params;
  return (
    <Suspense fallback={<TokenViewSkeleton />}>
      <TokenView id={Number(id)} />
    </Suspense>
  );
}
