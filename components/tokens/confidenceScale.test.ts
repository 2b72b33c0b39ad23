import { describe, expect, it } from "vitest";
import { tokenDto } from "@/lib/queries/responseDto";
import {
  legendGradient,
  magma,
  relativeLuminance,
  signalUncertainty,
  signalValue,
  tokenColor,
  uncertaintyColor,
} from "./confidenceScale";

const rgb = (css: string) => (css.match(/\d+/g) ?? []).map(Number) as [number, number, number];
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe("magma", () => {
  it("runs from near black to pale cream and clamps outside [0, 1]", () => {
    expect(magma(0)).toEqual([0, 0, 4]);
    expect(magma(1)).toEqual([252, 253, 191]);
    expect(magma(-3)).toEqual(magma(0));
    expect(magma(7)).toEqual(magma(1));
    expect(magma(0.5)).toEqual([183, 55, 121]);
  });

  it("gets lighter monotonically, so the order survives greyscale and colour-vision deficiencies", () => {
    let previous = -1;
    for (let i = 0; i <= 100; i++) {
      const luminance = relativeLuminance(...magma(i / 100));
      expect(luminance).toBeGreaterThan(previous);
      previous = luminance;
    }
  });
});

describe("signalUncertainty", () => {
  it("treats high probability, logprob and margin as confident, high entropy as uncertain", () => {
    expect(signalUncertainty("probability", 1)).toBe(0);
    expect(signalUncertainty("probability", 0)).toBe(1);
    expect(signalUncertainty("probability", 0.25)).toBeCloseTo(0.75);
    expect(signalUncertainty("logprob", 0)).toBe(0);
    expect(signalUncertainty("logprob", -4)).toBeCloseTo(0.5);
    expect(signalUncertainty("entropy", 0)).toBe(0);
    expect(signalUncertainty("entropy", 2)).toBeCloseTo(0.5);
    expect(signalUncertainty("margin", 5)).toBe(0);
    expect(signalUncertainty("margin", 0)).toBe(1);
  });

  it("clamps values beyond the domain", () => {
    expect(signalUncertainty("logprob", -40)).toBe(1);
    expect(signalUncertainty("entropy", 9)).toBe(1);
    expect(signalUncertainty("margin", 12)).toBe(0);
  });
});

describe("signalValue and tokenColor", () => {
  const token = { logprob: Math.log(0.5), entropyBits: 1, margin: null };

  it("reads probability as exp(logprob)", () => {
    expect(signalValue("probability", token)).toBeCloseTo(0.5);
    expect(signalValue("logprob", token)).toBeCloseTo(Math.log(0.5));
    expect(signalValue("entropy", token)).toBe(1);
  });

  it("gives no colour when the signal has no value", () => {
    expect(tokenColor("margin", token)).toBeNull();
    expect(tokenColor("probability", { logprob: null, entropyBits: null, margin: null })).toBeNull();
    expect(tokenColor("entropy", token)).not.toBeNull();
  });

  it("gives a confident token a lighter background than an uncertain one", () => {
    const sure = tokenColor("probability", { ...token, logprob: Math.log(0.99) });
    const unsure = tokenColor("probability", { ...token, logprob: Math.log(0.05) });
    expect(relativeLuminance(...rgb(sure!.background))).toBeGreaterThan(relativeLuminance(...rgb(unsure!.background)));
  });
});

describe("uncertaintyColor", () => {
  it("keeps token text readable on every colour of the scale", () => {
    for (let i = 0; i <= 64; i++) {
      const color = uncertaintyColor(i / 64);
      const background = relativeLuminance(...rgb(color.background));
      const text = relativeLuminance(...rgb(color.foreground));
      expect(contrast(background, text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("returns the same object for the same level, so styles are shared", () => {
    expect(uncertaintyColor(0.5)).toBe(uncertaintyColor(0.5));
  });
});

describe("legendGradient", () => {
  it("runs from the domain's low end (dark for probability) to its high end", () => {
    const gradient = legendGradient("probability", 2);
    expect(gradient.startsWith("linear-gradient(to right, ")).toBe(true);
    expect(gradient).toContain(`${uncertaintyColor(1).background} 0%`);
    expect(gradient).toContain(`${uncertaintyColor(0).background} 100%`);
  });
});

describe("a probability-0 token (−∞ logprob, sent as null with zeroProbability)", () => {
  const zero = { logprob: null, zeroProbability: true, entropyBits: 0.4, margin: 3 };
  const absent = { logprob: null, entropyBits: null, margin: null };

  it("is the darkest colour by probability and by logprob, not 'no value'", () => {
    expect(signalValue("probability", zero)).toBe(0);
    expect(signalValue("logprob", zero)).toBe(-Infinity);
    expect(tokenColor("probability", zero)).toBe(uncertaintyColor(1));
    expect(tokenColor("logprob", zero)).toBe(uncertaintyColor(1));
  });

  it("stays apart from a token whose logprob was not given", () => {
    expect(tokenColor("probability", absent)).toBeNull();
    expect(tokenColor("logprob", absent)).toBeNull();
  });
});

describe("an infinite margin (the runner-up had probability 0)", () => {
  // llama.cpp's post-sampling probabilities and guided decoding give runner-ups of probability 0.
  const dto = tokenDto({ token: "{", logprob: 0, bytes: null, top: [{ token: "{", logprob: 0, bytes: null }, { token: "[", logprob: -Infinity, bytes: null }] });

  it("reaches the client as a marker, since JSON has no ∞", () => {
    expect(dto.margin).toBeNull();
    expect(dto.marginInfinite).toBe(true);
    expect(JSON.parse(JSON.stringify(dto)).marginInfinite).toBe(true);
  });

  it("is the most confident colour by margin, not 'no value'", () => {
    expect(signalValue("margin", dto)).toBe(Infinity);
    expect(tokenColor("margin", dto)).toBe(uncertaintyColor(0));
  });

  it("stays apart from a token with one candidate, which has no margin", () => {
    const single = tokenDto({ token: "{", logprob: 0, bytes: null, top: [{ token: "{", logprob: 0, bytes: null }] });
    expect(single.marginInfinite).toBeUndefined();
    expect(tokenColor("margin", single)).toBeNull();
  });
});
