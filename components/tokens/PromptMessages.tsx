import { chatBubble } from "./chatBubbles";

const ROLE_STYLES: Record<string, string> = {
  system: "mx-auto max-w-[90%] bg-amber-50 text-amber-950 ring-amber-200",
  developer: "mx-auto max-w-[90%] bg-amber-50 text-amber-950 ring-amber-200",
  user: "mr-auto max-w-[85%] bg-slate-100 text-slate-900 ring-slate-200",
  assistant: "ml-auto max-w-[85%] bg-indigo-50 text-indigo-950 ring-indigo-200",
  tool: "mr-auto max-w-[85%] bg-emerald-50 text-emerald-950 ring-emerald-200",
};

/** The request's prompt or chat messages as chat bubbles; untrusted, so rendered as text only. */
export function PromptMessages({ prompt, messages }: { prompt: string | null; messages: unknown }) {
  const bubbles = Array.isArray(messages) ? messages.map(chatBubble) : [];
  if (bubbles.length === 0 && !prompt) {
    return <p className="text-xs text-slate-500">The request&apos;s prompt was not sent with this response.</p>;
  }
  return (
    <div className="space-y-2.5">
      {prompt ? (
        <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
          {prompt}
        </pre>
      ) : null}
      {bubbles.map((bubble, i) => (
        <div key={i} className={`w-fit rounded-lg px-3 py-2 text-sm ring-1 ${ROLE_STYLES[bubble.role] ?? ROLE_STYLES.user}`}>
          <p className="mb-0.5 text-[11px] font-semibold uppercase tracking-wide opacity-60">{bubble.role}</p>
          <p className="whitespace-pre-wrap break-words">{bubble.text || <span className="opacity-50">(empty)</span>}</p>
        </div>
      ))}
    </div>
  );
}
