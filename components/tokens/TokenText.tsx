"use client";

import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type Ref,
} from "react";
import type { TokenDto } from "@/lib/queries/responseDto";
import { tokenColor, type TokenColor, type TokenSignal } from "./confidenceScale";
import { tokenGlyphs, type TokenGlyph } from "./tokenDisplay";
import { glyphChildren } from "./TokenGlyphs";
import { parseTokenHash, tokenHash } from "./tokenHash";
import { TokenPopover } from "./TokenPopover";
import styles from "./tokenText.module.css";

/**
 * Tokens render in memoized chunks: moving the tab stop re-renders one or two chunks, and
 * hovering re-renders none (only the shared popover).
 */
const CHUNK_SIZE = 100;
const HASH_DELAY_MS = 100;
const JUMP_LINE = 1 / 3;

/**
 * Which tokens a TokenText shows. The output's tokens are linkable (`#t=`, what the hotspots and
 * the chart jump to); the prompt's are not, and every id and test id differs, so both can sit
 * on one page.
 */
export type TokenTextKind = "output" | "prompt" | "probe";

const KINDS = {
  output: {
    testId: "token-text",
    tokenTestId: "token",
    popoverId: "token-popover",
    label: "Output tokens. Arrow keys move between tokens, Home and End jump to the ends, Escape closes the details.",
    indexLabel: "token",
    linked: true,
  },
  prompt: {
    testId: "prompt-token-text",
    tokenTestId: "prompt-token",
    popoverId: "prompt-token-popover",
    label: "Prompt tokens. Arrow keys move between tokens, Home and End jump to the ends, Escape closes the details.",
    indexLabel: "prompt token",
    linked: false,
  },
  // A few tokens of a drift probe's generation around a position that moved (components/probes).
  probe: {
    testId: "probe-token-text",
    tokenTestId: "probe-token",
    popoverId: "probe-token-popover",
    label: "Generated tokens up to a position that moved. Arrow keys move between tokens, Home and End jump to the ends, Escape closes the details.",
    indexLabel: "token",
    linked: false,
  },
} as const satisfies Record<TokenTextKind, unknown>;

export interface TokenTextHandle {
  /** Focuses a token, scrolls it to the middle of the screen and opens its popover. */
  focusToken: (index: number) => void;
}

interface TokenTextProps {
  tokens: readonly TokenDto[];
  signal: TokenSignal;
  /** Default "output". */
  kind?: TokenTextKind;
  ref?: Ref<TokenTextHandle>;
  /**
   * Detector evidence to outline: token position -> the names of the detectors that fired
   * there (an alert's `evidence.positions`). Outlined spans carry `data-evidence`, and the
   * popover names the detectors.
   */
  evidence?: ReadonlyMap<number, readonly string[]>;
  /** The group's accessible name (default: the kind's). */
  label?: string;
  /** Mirror the focused token in the URL's #t= fragment (default: the output does, the prompt does not); off where several texts share a page. */
  linkToHash?: boolean;
  /** Told the index of each token the user focuses or clicks (the playground branches from it). */
  onSelectToken?: (index: number) => void;
  /** Tells several TokenTexts of one kind on a page apart: suffixes the popover's element id. */
  instanceKey?: string;
  /** The position of the first token shown, when the tokens are a window of a longer generation (the popover names real positions). */
  firstIndex?: number;
}

/**
 * Coloured tokens (the output, or the prompt). Interaction is delegated to the container
 * (data-index on each span): no per-token state or handlers. One tab stop (roving tabindex);
 * arrows, Home and End move it; for the output, the focused token's index is mirrored in the
 * URL as `#t=<index>`.
 */
export const TokenText = memo(function TokenText({ tokens, signal, kind = "output", ref, evidence, label, linkToHash, onSelectToken, instanceKey, firstIndex = 0 }: TokenTextProps) {
  const kindNames = KINDS[kind];
  const names = useMemo(() => (instanceKey ? { ...kindNames, popoverId: `${kindNames.popoverId}-${instanceKey}` } : kindNames), [kindNames, instanceKey]);
  const linked = linkToHash ?? names.linked;
  const boundaryRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const glyphs = useMemo(() => tokens.map((token) => tokenGlyphs(token.token, token.bytes)), [tokens]);
  const colors = useMemo(() => tokens.map((token) => tokenColor(signal, token)), [tokens, signal]);
  const [hovered, setHovered] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [tabStop, setTabStop] = useState(0);

  const findToken = useCallback((index: number): HTMLElement | undefined => {
    const container = containerRef.current;
    // The spans are the container's only children, in order: O(1) without per-token refs.
    const direct = container?.children[index];
    if (direct instanceof HTMLElement && direct.dataset.index === String(index)) return direct;
    return container?.querySelector<HTMLElement>(`[data-index="${index}"]`) ?? undefined;
  }, []);

  const hashTimer = useRef<number | undefined>(undefined);
  // The fragment last followed or written: later pages of tokens must not pull focus back to it.
  const followedHash = useRef<string | null>(null);
  useEffect(() => () => window.clearTimeout(hashTimer.current), []);

  const select = useCallback((index: number) => {
    setSelected(index);
    setTabStop(index);
    onSelectToken?.(index);
    if (!linked) return;
    // Trailing, because browsers throttle history calls (Chrome: ~200 per 10 s) and a held
    // arrow key would reach that. The unpatched replaceState keeps Next's history state: the
    // fragment is this view's alone, and telling the router would re-render all its consumers.
    window.clearTimeout(hashTimer.current);
    hashTimer.current = window.setTimeout(() => {
      followedHash.current = tokenHash(index);
      History.prototype.replaceState.call(window.history, window.history.state, "", tokenHash(index));
    }, HASH_DELAY_MS);
  }, [linked, onSelectToken]);

  const focusToken = useCallback(
    (index: number, scroll: "jump" | "nearest" = "jump") => {
      const element = findToken(index);
      if (!element) return;
      setHovered(null);
      element.focus({ preventScroll: true });
      if (scroll === "nearest") element.scrollIntoView({ block: "nearest" });
      // A jump puts the token a third of the way down: context above, room for the popover below.
      else window.scrollBy({ top: element.getBoundingClientRect().top - window.innerHeight * JUMP_LINE });
      select(index);
    },
    [findToken, select],
  );

  useImperativeHandle(ref, () => ({ focusToken: (index: number) => focusToken(index) }), [focusToken]);

  // A token's URL: #t=123 on load (or typed into the address bar) focuses token 123.
  useEffect(() => {
    if (!linked) return;
    const followHash = () => {
      if (window.location.hash === followedHash.current) return;
      const index = parseTokenHash(window.location.hash, tokens.length);
      if (index === null) return;
      followedHash.current = window.location.hash;
      focusToken(index);
    };
    followHash();
    window.addEventListener("hashchange", followHash);
    return () => window.removeEventListener("hashchange", followHash);
  }, [tokens, focusToken, linked]);

  const indexOf = (target: EventTarget | null): number | null => {
    const element = target instanceof Element ? target.closest<HTMLElement>("[data-index]") : null;
    if (!element || element.parentElement !== containerRef.current) return null;
    return Number(element.dataset.index);
  };

  const onMouseOver = (event: MouseEvent) => {
    const index = indexOf(event.target);
    if (index !== null) setHovered(index);
  };
  const onFocus = (event: FocusEvent) => {
    const index = indexOf(event.target);
    if (index !== null) select(index);
  };
  const onBlur = (event: FocusEvent) => {
    if (!(event.relatedTarget instanceof Node && containerRef.current?.contains(event.relatedTarget))) setSelected(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Alt+Left is the browser's Back; modified keys stay the browser's.
    if (event.altKey || event.ctrlKey || event.metaKey || tokens.length === 0) return;
    const current = indexOf(event.target) ?? tabStop;
    const last = tokens.length - 1;
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last };
    if (event.key === "Escape") {
      setSelected(null);
      setHovered(null);
      return;
    }
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusToken(Math.max(0, Math.min(last, next)), "nearest");
  };

  const active = hovered ?? selected;
  const activeToken = active === null ? undefined : tokens[active];
  const chunks = [];
  for (let start = 0; start < tokens.length; start += CHUNK_SIZE) {
    const end = Math.min(tokens.length, start + CHUNK_SIZE);
    chunks.push(
      <TokenChunk
        key={start}
        start={start}
        end={end}
        glyphs={glyphs}
        colors={colors}
        evidence={evidence}
        tabStop={tabStop >= start && tabStop < end ? tabStop : -1}
        testId={names.tokenTestId}
        popoverId={names.popoverId}
      />,
    );
  }

  return (
    <div ref={boundaryRef} className="relative">
      <div
        ref={containerRef}
        data-testid={names.testId}
        role="group"
        aria-label={label ?? names.label}
        className={`${styles.text} font-mono text-[13px] leading-[1.85] text-slate-900`}
        onMouseOver={onMouseOver}
        onMouseLeave={() => setHovered(null)}
        onFocus={onFocus}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      >
        {chunks}
      </div>
      {active !== null && activeToken ? (
        <TokenPopover
          token={activeToken}
          index={active}
          findAnchor={findToken}
          boundaryRef={boundaryRef}
          id={names.popoverId}
          indexLabel={names.indexLabel}
          indexOffset={firstIndex}
          detectors={evidence?.get(active)}
        />
      ) : null}
    </div>
  );
});

interface TokenChunkProps {
  start: number;
  end: number;
  glyphs: readonly TokenGlyph[][];
  colors: readonly (TokenColor | null)[];
  evidence: ReadonlyMap<number, readonly string[]> | undefined;
  /** The tab stop when it falls in this chunk, else -1: only those chunks re-render on a move. */
  tabStop: number;
  testId: string;
  popoverId: string;
}

// One style object per colour (65 of them), shared by every span of that colour.
const styleCache = new WeakMap<TokenColor, CSSProperties>();
function colorStyle(color: TokenColor): CSSProperties {
  let style = styleCache.get(color);
  if (!style) {
    style = { backgroundColor: color.background, color: color.foreground };
    styleCache.set(color, style);
  }
  return style;
}

const TokenChunk = memo(function TokenChunk({ start, end, glyphs, colors, evidence, tabStop, testId, popoverId }: TokenChunkProps) {
  const spans = [];
  for (let i = start; i < end; i++) {
    const color = colors[i] ?? null;
    const detectors = evidence?.get(i);
    const base = color ? styles.token : `${styles.token} ${styles.missing}`;
    spans.push(
      <span
        key={i}
        data-testid={testId}
        data-index={i}
        tabIndex={i === tabStop ? 0 : -1}
        aria-describedby={i === tabStop ? popoverId : undefined}
        className={detectors ? `${base} ${styles.evidence}` : base}
        data-evidence={detectors ? detectors.join(" ") : undefined}
        style={color ? colorStyle(color) : undefined}
      >
        {glyphChildren(glyphs[i] ?? [])}
      </span>,
    );
  }
  return <>{spans}</>;
});
