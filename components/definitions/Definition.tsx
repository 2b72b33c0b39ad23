import { useId } from "react";

/**
 * A label whose definition shows on hover and on keyboard focus (a `title` would skip keyboard
 * and touch users). Shared by the token view's metrics and the overview's KPI tiles.
 */
export function Definition({ label, definition, align = "left", className = "text-xs text-slate-500" }: { label: string; definition: string; align?: "left" | "right"; className?: string }) {
  const id = useId();
  return (
    <span className="group relative inline-block">
      <span
        tabIndex={0}
        aria-describedby={id}
        className={`cursor-help underline decoration-slate-400 decoration-dotted underline-offset-2 outline-none focus-visible:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-600 rounded-sm ${className}`}
      >
        {label}
      </span>
      <span
        id={id}
        role="tooltip"
        // display:none while closed: an invisible box would still widen the page on narrow screens.
        className={`pointer-events-none absolute hidden ${align === "left" ? "left-0" : "right-0"} top-full z-30 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md bg-slate-900 px-2.5 py-1.5 text-xs font-normal normal-case leading-snug tracking-normal text-white shadow-lg group-focus-within:block group-hover:block`}
      >
        {definition}
      </span>
    </span>
  );
}
