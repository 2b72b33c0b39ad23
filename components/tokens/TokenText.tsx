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
import { TOKEN_POPOVER_ID, TokenPopover } from "./TokenPopover";
import styles from "./tokenText.module.css";

/**
 * Tokens render in memoized chunks: moving the tab stop re-renders one or two chunks, and
 * hovering re-renders none (only the shared popover).
 */
const CHUNK_SIZE = 100;
const HASH_DELAY_MS = 100;
const JUMP_LINE = 1 / 3;

export interface TokenTextHandle {
  /** Focuses a token, scrolls it to the middle of the screen and opens its popover. */
  focusToken: (index: number) => void;
}

interface TokenTextProps {
  tokens: readonly TokenDto[];
  signal: TokenSignal;
  ref?: Ref<TokenTextHandle>;
  /** The group's accessible name (default: the output's). */
  label?: string;
  /** Mirror the focused token in the URL's #t= fragment (default true); off where several texts share a page. */
  linkToHash?: boolean;
  /** Told the index of each token the user focuses or clicks (the playground branches from it). */
  onSelectToken?: (index: number) => void;
}

/**
 * The output as coloured tokens. Interaction is delegated to the container (data-index on
 * each span): no per-token state or handlers. One tab stop (roving tabindex); arrows, Home
 * and End move it; the focused token's index is mirrored in the URL as `#t=<index>`.
 */
const DEFAULT_LABEL = "Output tokens. Arrow keys move between tokens, Home and End jump to the ends, Escape closes the details.";

export const TokenText = memo(function TokenText({ tokens, signal, ref, label = DEFAULT_LABEL, linkToHash = true, onSelectToken }: TokenTextProps) {
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
    if (!linkToHash) return;
    // Trailing, because browsers throttle history calls (Chrome: ~200 per 10 s) and a held
    // arrow key would reach that. The unpatched replaceState keeps Next's history state: the
    // fragment is this view's alone, and telling the router would re-render all its consumers.
    window.clearTimeout(hashTimer.current);
    hashTimer.current = window.setTimeout(() => {
      followedHash.current = tokenHash(index);
      History.prototype.replaceState.call(window.history, window.history.state, "", tokenHash(index));
    }, HASH_DELAY_MS);
  }, [linkToHash, onSelectToken]);

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
    if (!linkToHash) return;
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
  }, [tokens, focusToken, linkToHash]);

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
      <TokenChunk key={start} start={start} end={end} glyphs={glyphs} colors={colors} tabStop={tabStop >= start && tabStop < end ? tabStop : -1} />,
    );
  }

  return (
    <div ref={boundaryRef} className="relative">
      <div
        ref={containerRef}
        data-testid="token-text"
        role="group"
        aria-label={label}
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
        <TokenPopover token={activeToken} index={active} findAnchor={findToken} boundaryRef={boundaryRef} />
      ) : null}
    </div>
  );
});

interface TokenChunkProps {
  start: number;
  end: number;
  glyphs: readonly TokenGlyph[][];
  colors: readonly (TokenColor | null)[];
  /** The tab stop when it falls in this chunk, else -1: only those chunks re-render on a move. */
  tabStop: number;
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

const TokenChunk = memo(function TokenChunk({ start, end, glyphs, colors, tabStop }: TokenChunkProps) {
  const spans = [];
  for (let i = start; i < end; i++) {
    const color = colors[i] ?? null;
    spans.push(
      <span
        key={i}
        data-testid="token"
        data-index={i}
        tabIndex={i === tabStop ? 0 : -1}
        aria-describedby={i === tabStop ? TOKEN_POPOVER_ID : undefined}
        className={color ? styles.token : `${styles.token} ${styles.missing}`}
        style={color ? colorStyle(color) : undefined}
      >
        {glyphChildren(glyphs[i] ?? [])}
      </span>,
    );
  }
  return <>{spans}</>;
});
