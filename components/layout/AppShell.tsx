"use client";

import Link from "next/link";
import { sendJson } from "@/components/data/apiClient";
import { navHref } from "./navHref";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useState, type ReactNode } from "react";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/responses", label: "Responses" },
  { href: "/alerts", label: "Alerts" },
  { href: "/playground", label: "Playground" },
  { href: "/classification", label: "Classification" },
  { href: "/probes", label: "Probes" },
  { href: "/triage", label: "Triage" },
  { href: "/settings", label: "Settings" },
];

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (
    <>
      {NAV.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={navHref(item.href, new URLSearchParams(searchParams.toString()))}
            onClick={onNavigate}
            data-testid={`nav-${item.label.toLowerCase()}`}
            className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200"}`}
            aria-current={active ? "page" : undefined}
          >
            {item.label}
          </Link>
        );
      })}
    </>
  );
}

/** Inline links from md up; below, a "Menu" button opens them (the header never scrolls sideways). */
function Nav() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <nav className="hidden gap-1 md:flex" aria-label="Main">
        <NavLinks />
      </nav>
      <div className="md:hidden">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="mobile-nav"
          data-testid="nav-menu"
          onClick={() => setOpen((value) => !value)}
          className="rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Menu
        </button>
        {open && (
          <nav id="mobile-nav" aria-label="Main" className="absolute inset-x-0 top-full flex flex-col gap-1 border-b border-slate-200 bg-white p-3 shadow-md">
            <NavLinks onNavigate={() => setOpen(false)} />
          </nav>
        )}
      </div>
    </>
  );
}

function SignOut() {
  return (
    <button
      type="button"
      className="whitespace-nowrap rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
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
        <div className="relative mx-auto flex max-w-[1400px] items-center gap-3 px-4 py-3 md:gap-6 md:px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-5 w-5 rounded-full border-[3px] border-indigo-600" />
            Loupe
          </Link>
          <Suspense fallback={null}>
            <Nav />
          </Suspense>
          <div className="ml-auto flex min-w-0 items-center gap-2 text-sm text-slate-700">
            <span data-testid="current-user" className="hidden truncate sm:inline" title={user.isAdmin ? "instance admin" : undefined}>
              {user.name || user.email}
            </span>
            <SignOut />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6">{children}</main>
    </div>
  );
}
