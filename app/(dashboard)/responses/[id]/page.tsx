import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { parseRowId } from "@/lib/api/schemas";
import { TokenView } from "@/components/tokens/TokenView";
import { TokenViewSkeleton } from "@/components/tokens/TokenViewStates";

interface ResponsePageProps {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: ResponsePageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: parseRowId(id) !== null ? `Response #${id} — Loupe` : "Page not found · Loupe" };
}

/** One response, token by token. TokenView reads ?project= (useSearchParams), hence Suspense. */
export default async function ResponsePage({ params }: ResponsePageProps) {
  const { id } = await params;
  // Not a response id at all (`/responses/abc`): the 404 page, not a token view asking the API for NaN.
  if (parseRowId(id) === null) notFound();
  return (
    <Suspense fallback={<TokenViewSkeleton />}>
      <TokenView id={Number(id)} />
    </Suspense>
  );
}
