import type { Metadata } from "next";
import { Suspense } from "react";
import { PlaygroundView } from "@/components/playground/PlaygroundView";
import { requirePageUser } from "@/lib/auth/pageSession";
import { playgroundProviders } from "@/lib/playground/providers";

export const metadata: Metadata = { title: "Playground — Loupe" };

export const dynamic = "force-dynamic";

/** The playground; the providers (never their keys) come with the page. */
export default async function PlaygroundPage() {
  await requirePageUser();
  return (
    <Suspense fallback={null}>
      <PlaygroundView providers={await playgroundProviders()} />
    </Suspense>
  );
}
