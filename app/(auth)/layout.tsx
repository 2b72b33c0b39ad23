import Link from "next/link";
import type { ReactNode } from "react";

export const dynamic = "force-dynamic";

/** Sign-in, first setup and invitations: the Loupe mark over one centered card, no navigation. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-6 flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span aria-hidden className="inline-block h-5 w-5 rounded-full border-[3px] border-indigo-600" />
        Loupe
      </Link>
      <div className="card w-full max-w-sm p-6">{children}</div>
    </main>
  );
}
