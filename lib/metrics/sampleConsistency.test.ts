import { describe, expect, it } from "vitest";
import { lcsLength, rougeLF1, sampleConsistency, words } from "./sampleConsistency";

describe("ROUGE-L F1 on words", () => {
  it("splits into lower-cased words without punctuation", () => {
    expect(words("The cat, the HAT!")).toEqual(["the", "cat", "the", "hat"]);
  });

  it("computes the LCS of word lists", () => {
    expect(lcsLength(["a", "b", "c", "d"], ["a", "c", "d", "e"])).toBe(3);
    expect(lcsLength([], ["a"])).toBe(0);
  });

  it("matches a hand-computed F1", () => {
    // "the cat sat on the mat" (6) vs "the cat lay on a mat" (6): LCS the cat on mat = 4.
    // P = R = 4/6, F1 = 2/3.
    expect(rougeLF1("The cat sat on the mat.", "the cat lay on a mat")).toBeCloseTo(2 / 3, 12);
    // Unequal lengths: "a b c" vs "a b c d e": LCS 3, P=1, R=0.6, F1 = 1.2/1.6 = 0.75.
    expect(rougeLF1("a b c", "a b c d e")).toBeCloseTo(0.75, 12);
    expect(rougeLF1("a b c d e", "a b c")).toBeCloseTo(0.75, 12);
  });

  it("treats empty answers explicitly", () => {
    expect(rougeLF1("", "  ")).toBe(1);
    expect(rougeLF1("", "x")).toBe(0);
    expect(rougeLF1("x", "y")).toBe(0);
  });
});

describe("sampleConsistency", () => {
  it("averages the pairwise similarities and clusters near-identical answers", () => {
    const samples = ["Lily went to the park.", "lily went to the park", "Tom ate a red apple", "Lily went to the big park"];
    const result = sampleConsistency(samples);
    const f03 = rougeLF1(samples[0] as string, samples[3] as string); // 5/5 vs 5/6: F1 = 10/11 ≈ 0.909
    expect(f03).toBeCloseTo(10 / 11, 12);
    const pairs = [1, 0, f03, 0, f03, 0];
    expect(result.consistency).toBeCloseTo(pairs.reduce((a, b) => a + b) / 6, 12);
    expect(result.similarity[0]?.[1]).toBe(1);
    expect(result.clusters).toEqual([
      { members: [0, 1, 3], share: 0.75 },
      { members: [2], share: 0.25 },
    ]);
  });

  it("keeps answers apart below the cut", () => {
    const result = sampleConsistency(["a b c d e", "a b c"], 0.9);
    expect(result.clusters.map((c) => c.members)).toEqual([[0], [1]]);
    expect(sampleConsistency(["a b c d e", "a b c"], 0.7).clusters).toEqual([{ members: [0, 1], share: 1 }]);
  });

  it("has no consistency below two samples", () => {
    expect(sampleConsistency(["only"]).consistency).toBeNull();
    expect(sampleConsistency([]).clusters).toEqual([]);
  });
});
