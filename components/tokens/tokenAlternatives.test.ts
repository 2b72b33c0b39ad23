import { describe, expect, it } from "vitest";
import { alternativeRows } from "./tokenAlternatives";

const alt = (token: string, logprob: number | null, bytes?: number[]) => ({ token, logprob, ...(bytes ? { bytes } : {}) });

describe("alternativeRows", () => {
  it("marks the chosen token among the alternatives, most probable first", () => {
    const rows = alternativeRows({ token: " Paris", logprob: -0.5, bytes: null, top: [alt(" Lyon", -1.5), alt(" Paris", -0.5)] });
    expect(rows.map((row) => [row.token, row.chosen, row.listed])).toEqual([
      [" Paris", true, true],
      [" Lyon", false, true],
    ]);
    expect(rows[0]?.probability).toBeCloseTo(Math.exp(-0.5));
  });

  it("adds the chosen token, marked as not listed, when top-k left it out", () => {
    const rows = alternativeRows({ token: ".", logprob: -3, bytes: null, top: [alt(" !", -0.2), alt("?", -2)] });
    expect(rows.map((row) => row.token)).toEqual([" !", "?", "."]);
    expect(rows[2]).toMatchObject({ chosen: true, listed: false });
    expect(rows.filter((row) => row.chosen)).toHaveLength(1);
  });

  it("tells same-text alternatives apart by their bytes", () => {
    const rows = alternativeRows({
      token: "\ufffd",
      logprob: -1,
      bytes: [0xe2, 0x80],
      top: [alt("\ufffd", -0.7, [0xe2]), alt("\ufffd", -1, [0xe2, 0x80])],
    });
    expect(rows.map((row) => row.chosen)).toEqual([false, true]);
  });

  it("puts −∞ (null) alternatives last with probability 0, and an unknown chosen logprob as unknown", () => {
    const rows = alternativeRows({ token: "x", logprob: null, bytes: null, top: [alt("y", null), alt("z", -1)] });
    expect(rows.map((row) => [row.token, row.probability])).toEqual([
      ["z", Math.exp(-1)],
      ["y", 0],
      ["x", null],
    ]);
  });

  it("lists a token without alternatives as its own row", () => {
    expect(alternativeRows({ token: "a", logprob: 0, bytes: null, top: [] })).toEqual([
      { token: "a", bytes: null, logprob: 0, probability: 1, chosen: true, listed: false },
    ]);
  });
});

describe("alternativeRows for a probability-0 chosen token", () => {
  it("lists it with logprob −∞ and probability 0, not as unknown", () => {
    const rows = alternativeRows({ token: " maybe", logprob: null, zeroProbability: true, bytes: null, top: [alt(".", -0.01), alt("!", null)] });
    expect(rows.map((row) => [row.token, row.logprob, row.probability])).toEqual([
      [".", -0.01, Math.exp(-0.01)],
      ["!", -Infinity, 0],
      [" maybe", -Infinity, 0],
    ]);
    expect(rows[2]).toMatchObject({ chosen: true, listed: false });
  });
});
