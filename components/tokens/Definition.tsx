import { useId } from "react";

/** A label whose definition shows on hover and on keyboard focus (a title would skip keyboards). */
export function Definition({ label, definition, align }: { label: string; definition: string; align: "left" | "right" }) {
  const id = useId();
  return (
    <span className="group relative inline-block">
      <span
        tabIndex={0}
        aria-describedby={id}
        className="cursor-help text-xs text-slate-500 underline decoration-slate-300 decoration-dotted underline-offset-2 outline-none focus-visible:text-indigo-700"
      >
        {label}
      </span>
      <span
        id={id}
        role="tooltip"
        className={`pointer-events-none invisible absolute ${align === "left" ? "left-0" : "right-0"} top-full z-30 mt-1 w-64 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs leading-snug text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100`}
      >
        {definition}
      </span>
    </span>
  );
}
