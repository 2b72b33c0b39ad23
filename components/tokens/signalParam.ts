import { TOKEN_SIGNALS, type TokenSignal } from "./confidenceScale";

/** The token view's colour mode lives in the URL as `?color=entropy`, beside the token's `#t=`. */
export const SIGNAL_PARAM = "color";
export const DEFAULT_SIGNAL: TokenSignal = "probability";

/** The colour mode a `?color=` value names; the default for none or an unknown one. */
export function parseSignalParam(value: string | null): TokenSignal {
  return (TOKEN_SIGNALS as readonly string[]).includes(value ?? "") ? (value as TokenSignal) : DEFAULT_SIGNAL;
}

/** `search` with the colour mode set (the default leaves the parameter out); other parameters kept. */
export function withSignalParam(search: string, signal: TokenSignal): string {
  const params = new URLSearchParams(search);
  if (signal === DEFAULT_SIGNAL) params.delete(SIGNAL_PARAM);
  else params.set(SIGNAL_PARAM, signal);
  const text = params.toString();
  return text ? `?${text}` : "";
}
