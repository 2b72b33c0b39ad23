import type { ReactNode } from "react";

/** Title and lead of a sign-in page, inside the (auth) layout's card. */
export function AuthHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="mb-5">
      <h1 className="text-base font-semibold text-slate-900">{title}</h1>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
    </header>
  );
}
