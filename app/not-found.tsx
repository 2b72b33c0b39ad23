import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found · Loupe" };

/**
 * Any unknown URL. Rendered per request, not prerendered: a prerendered page has no CSP nonce
 * (proxy.ts makes one per request), so the policy would block its scripts.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="card w-full max-w-sm p-6 text-center" data-testid="not-found">
        <h1 className="text-lg font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">Nothing lives at this address. It may have moved, or the link may be mistyped.</p>
        <Link href="/" className="mt-4 inline-block rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700" data-testid="not-found-home">
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
