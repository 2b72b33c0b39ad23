"use client";

import Link from "next/link";
import { sendJson } from "@/components/data/apiClient";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, type ReactNode } from "react";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/responses", label: "Responses" },
  { href: "/settings", label: "Settings" },
];

function Nav() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  // Keep the project and range when moving between pages.
  const keep = new URLSearchParams();
  for (const key of ["project", "range", "from", "to", "model", "tag"]) {
    const value = searchParams.get(key);
    if (value) keep.set(key, value);
  }
  const suffix = keep.size > 0 ? `?${keep.toString()}` : "";
  return (
    <nav className="flex gap-1" aria-label="Main">
      {NAV.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={`${item.href}${item.href === "/settings" ? "" : suffix}`}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-200"}`}
            aria-current={active ? "page" : undefined}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

function SignOut() {
  return (
    <button
      type="button"
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-200"
      data-testid="sign-out"
      onClick={async () => {
        await sendJson("POST", "/api/auth/logout");
        // A full load, not a client navigation: nothing of the signed-in state may survive.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign("/login");
      }}
    >
      Sign out
    </button>
  );
}

export function AppShell({ children, user }: { children: ReactNode; user: { email: string; name: string; isAdmin: boolean } }) {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-[1400px] items-center gap-6 px-6 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-5 w-5 rounded-full border-[3px] border-indigo-600" />
            Loupe
          </Link>
          <Suspense fallback={null}>
            <Nav />
          </Suspense>
          <div className="ml-auto flex items-center gap-2 text-sm text-slate-600">
            <span data-testid="current-user" title={user.isAdmin ? "instance admin" : undefined}>
              {user.name || user.email}
            </span>
            <SignOut />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
    </div>
  );
}
