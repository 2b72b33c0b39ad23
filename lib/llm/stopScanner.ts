/**
 * Cuts generated text at the first stop string without ever showing part of it, whether the
 * answer is streamed or not (so both give the same tokens): tokens are held back while the text's
 * tail could still be the start of a stop string. Text is decoded from the tokens' raw bytes with
 * a streaming UTF-8 decoder, so a character split over several tokens appears whole, with the
 * token that completes it.
 */
export interface ScannedToken<T> {
  token: T;
  /** The text this token adds to the answer ("" for a token holding the first bytes of a character). */
  text: string;
}

export class StopScanner<T> {
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });
  private readonly pending: ScannedToken<T>[] = [];
  private pendingText = "";
  private stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  get hitStop(): boolean {
    return this.stopped;
  }

  /** Adds one token; returns the tokens that may now be shown (and whether a stop string ended the answer). */
  push(token: T, bytes: Uint8Array | number[]): ScannedToken<T>[] {
    if (this.stopped) return [];
    const text = this.decoder.decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), { stream: true });
    this.pending.push({ token, text });
    this.pendingText += text;
    const cut = this.firstStopIndex();
    if (cut !== null) {
      this.stopped = true;
      return this.release(cut);
    }
    return this.release(this.pendingText.length - this.heldTail());
  }

  /** The end of generation: everything still held is shown (with any undecodable trailing bytes). */
  finish(): ScannedToken<T>[] {
    if (this.stopped) return [];
    const rest = this.decoder.decode();
    const last = this.pending.at(-1);
    if (last && rest) last.text += rest;
    this.pendingText += rest;
    return this.release(this.pendingText.length);
  }

  private firstStopIndex(): number | null {
    let best: number | null = null;
    for (const stop of this.stops) {
      const index = this.pendingText.indexOf(stop);
      if (index >= 0 && (best === null || index < best)) best = index;
    }
    return best;
  }

  /** Length of the longest tail of the pending text that is a proper prefix of a stop string. */
  private heldTail(): number {
    let held = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.pendingText.length); length > held; length--) {
        if (this.pendingText.endsWith(stop.slice(0, length))) {
          held = length;
          break;
        }
      }
    }
    return held;
  }

  /** Shows pending tokens up to `limit` characters of the pending text; a token crossing `limit` shows when `stopped`, trimmed. */
  private release(limit: number): ScannedToken<T>[] {
    const out: ScannedToken<T>[] = [];
    let offset = 0;
    while (this.pending.length > 0) {
      const next = this.pending[0] as ScannedToken<T>;
      const end = offset + next.text.length;
      if (end <= limit) {
        out.push(next);
      } else if (this.stopped && offset < limit) {
        out.push({ token: next.token, text: next.text.slice(0, limit - offset) });
      } else if (this.stopped) {
        this.pending.length = 0;
        break;
      } else break;
      this.pending.shift();
      offset = end;
    }
    this.pendingText = this.pendingText.slice(offset);
    return out;
  }
}
