/**
 * The token view's colour scale. Every signal is mapped to an uncertainty in [0, 1], and
 * uncertainty to a colour on matplotlib's magma (the viridis family: perceptually uniform,
 * monotonic in lightness, readable with every common colour-vision deficiency, and in
 * greyscale). Confident tokens are pale cream; doubtful ones go through coral to deep purple.
 */
export const TOKEN_SIGNALS = ["probability", "logprob", "entropy", "margin"] as const;
export type TokenSignal = (typeof TOKEN_SIGNALS)[number];

export interface SignalInputs {
  /** null: not given, or −∞ when `zeroProbability` is set (JSON has no −∞). */
  logprob: number | null;
  zeroProbability?: boolean;
  entropyBits: number | null;
  /** null: fewer than 2 candidates, or +∞ when `marginInfinite` is set (the runner-up had probability 0). */
  margin: number | null;
  marginInfinite?: boolean;
}

export interface SignalScale {
  label: string;
  /** Values outside are clamped to the nearest end. */
  domain: readonly [number, number];
  /** Which end of the domain means a confident token. */
  confidentAt: "low" | "high";
  ticks: readonly number[];
  formatTick: (value: number) => string;
}

export const SIGNAL_SCALES: Record<TokenSignal, SignalScale> = {
  probability: {
    label: "Probability",
    domain: [0, 1],
    confidentAt: "high",
    ticks: [0, 0.25, 0.5, 0.75, 1],
    formatTick: (value) => `${Math.round(value * 100)}%`,
  },
  logprob: {
    label: "Logprob",
    domain: [-8, 0],
    confidentAt: "high",
    ticks: [-8, -6, -4, -2, 0],
    formatTick: (value) => (value === -8 ? "≤ −8" : value === 0 ? "0" : `−${Math.abs(value)}`),
  },
  entropy: {
    label: "Entropy",
    domain: [0, 4],
    confidentAt: "low",
    ticks: [0, 1, 2, 3, 4],
    formatTick: (value) => (value === 4 ? "≥ 4 bits" : `${value}`),
  },
  margin: {
    label: "Margin",
    domain: [0, 5],
    confidentAt: "high",
    ticks: [0, 1, 2, 3, 4, 5],
    formatTick: (value) => (value === 5 ? "≥ 5 nats" : `${value}`),
  },
};

/** The token's value of a signal; null when the provider gave nothing to compute it from. */
export function signalValue(signal: TokenSignal, token: SignalInputs): number | null {
  switch (signal) {
    case "probability":
      return token.zeroProbability ? 0 : token.logprob === null ? null : Math.exp(token.logprob);
    case "logprob":
      return token.zeroProbability ? -Infinity : token.logprob;
    case "entropy":
      return token.entropyBits;
    case "margin":
      return token.marginInfinite ? Infinity : token.margin;
  }
}

/** 0 = as confident as the scale shows, 1 = as uncertain; linear in the signal's own unit. */
export function signalUncertainty(signal: TokenSignal, value: number): number {
  const { domain, confidentAt } = SIGNAL_SCALES[signal];
  const t = Math.min(1, Math.max(0, (value - domain[0]) / (domain[1] - domain[0])));
  return confidentAt === "high" ? 1 - t : t;
}

// magma sampled at 0, 0.1, ..., 1 (matplotlib / d3-scale-chromatic).
const MAGMA = [
  [0, 0, 4], [20, 14, 54], [59, 15, 112], [100, 26, 128], [140, 41, 129], [183, 55, 121],
  [222, 73, 104], [247, 112, 92], [254, 159, 109], [254, 207, 146], [252, 253, 191],
] as const;

/** magma at t in [0, 1] (0 = near black, 1 = pale cream), as [r, g, b]. */
export function magma(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (MAGMA.length - 1);
  const i = Math.min(MAGMA.length - 2, Math.floor(x));
  const f = x - i;
  const a = MAGMA[i] as readonly number[];
  const b = MAGMA[i + 1] as readonly number[];
  const mix = (k: number) => Math.round((a[k] ?? 0) + ((b[k] ?? 0) - (a[k] ?? 0)) * f);
  return [mix(0), mix(1), mix(2)];
}

/** The scale stops at magma's purple, not its black: a long doubtful text stays readable. */
const DARKEST = 0.3;
const LEVELS = 64;

export interface TokenColor {
  background: string;
  foreground: string;
}

// 65 colours cover every token: quantizing keeps style strings shared and the cache tiny.
const colorCache = new Map<number, TokenColor>();

export function uncertaintyColor(uncertainty: number): TokenColor {
  const level = Math.round(Math.min(1, Math.max(0, uncertainty)) * LEVELS);
  let color = colorCache.get(level);
  if (!color) {
    const [r, g, b] = magma(1 - (level / LEVELS) * (1 - DARKEST));
    color = { background: `rgb(${r} ${g} ${b})`, foreground: readableTextOn(r, g, b) };
    colorCache.set(level, color);
  }
  return color;
}

/** The token's colour for a signal, or null when the signal has no value for it. */
export function tokenColor(signal: TokenSignal, token: SignalInputs): TokenColor | null {
  const value = signalValue(signal, token);
  return value === null || Number.isNaN(value) ? null : uncertaintyColor(signalUncertainty(signal, value));
}

/** CSS gradient for the legend, running from the domain's low end to its high end. */
export function legendGradient(signal: TokenSignal, steps = 10): string {
  const { domain } = SIGNAL_SCALES[signal];
  const stops: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const value = domain[0] + ((domain[1] - domain[0]) * i) / steps;
    stops.push(`${uncertaintyColor(signalUncertainty(signal, value)).background} ${(i / steps) * 100}%`);
  }
  return `linear-gradient(to right, ${stops.join(", ")})`;
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance(r: number, g: number, b: number): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Slate-950 or white, whichever contrasts more with the background (WCAG AA: at least 4.5). */
function readableTextOn(r: number, g: number, b: number): string {
  const luminance = relativeLuminance(r, g, b);
  const slate950 = relativeLuminance(2, 6, 23);
  const againstDarkText = (luminance + 0.05) / (slate950 + 0.05);
  const againstWhiteText = 1.05 / (luminance + 0.05);
  return againstDarkText >= againstWhiteText ? "rgb(2 6 23)" : "rgb(255 255 255)";
}
