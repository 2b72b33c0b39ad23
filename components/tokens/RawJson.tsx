"use client";

import { useState } from "react";
import type { ResponseDetail } from "@/lib/queries/getResponse";

/** Tokens shown inline; the full document (megabytes for long responses) is one link away. */
const TOKENS_SHOWN = 20;

/** The API's JSON for this response, built only once the reader opens it. */
export function RawJson({ detail, href }: { detail: ResponseDetail; href: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card group" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer select-none px-4 py-3 text-sm font-semibold text-slate-800 marker:text-slate-400">
        Raw JSON
      </summary>
      {open ? <RawJsonBody detail={detail} href={href} /> : null}
    </details>
  );
}

function RawJsonBody({ detail, href }: { detail: ResponseDetail; href: string }) {
  const trimmed = {
    ...detail,
    tokens: detail.tokens.slice(0, TOKENS_SHOWN),
    promptTokens: detail.promptTokens?.slice(0, TOKENS_SHOWN) ?? null,
  };
  const cut = detail.tokenPage.total > TOKENS_SHOWN || (detail.promptTokens?.length ?? 0) > TOKENS_SHOWN;
  return (
    <div className="border-t border-slate-200 px-4 pb-4 pt-3">
      {cut ? (
        <p className="mb-2 text-xs text-slate-500">
          First {TOKENS_SHOWN} of {detail.tokenPage.total} tokens shown.{" "}
          <a href={href} target="_blank" rel="noreferrer" className="font-medium text-indigo-700 hover:underline">
            Open the full JSON
          </a>
        </p>
      ) : null}
      <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-950 p-3 font-mono text-[11px] leading-relaxed text-slate-100">
        {JSON.stringify(trimmed, null, 2)}
      </pre>
    </div>
  );
}
