import { describe, expect, it } from "vitest";
import { bandKey, countKey, prepareTimeseries } from "./timeseries";
import { prepareHistogram } from "./histogram";
import { prepareHeatmap } from "./heatmap";

describe("prepareTimeseries", () => {
  it("fills every bucket once and leaves empty buckets null (gaps, not zeros)", () => {
    const prepared = prepareTimeseries({
      bucketMs: 10, from: 100, to: 150, groupBy: "model", omittedSeries: 0, approximate: false,
      series: [
        { key: "a.b:c", points: [{ t: 100, count: 2, mean: -0.5, p10: -0.9, p90: -0.1 }, { t: 130, count: 1, mean: -1, p10: -1, p90: -1 }] },
        { key: "b", points: [{ t: 110, count: 1, mean: 0, p10: 0, p90: 0 }] },
      ],
    });
    expect(prepared.rows.map((row) => row.t)).toEqual([100, 110, 120, 130, 140]);
    expect(prepared.series).toEqual([{ dataKey: "s0", name: "a.b:c", pointCount: 2 }, { dataKey: "s1", name: "b", pointCount: 1 }]);
    expect(prepared.rows.map((row) => row.s0)).toEqual([-0.5, null, null, -1, null]);
    expect(prepared.rows.map((row) => row.s1)).toEqual([null, 0, null, null, null]);
    expect(prepared.rows[0]?.[bandKey("s0")]).toEqual([-0.9, -0.1]);
    expect(prepared.rows[1]?.[bandKey("s0")]).toBeNull();
    // Each bucket's response count travels with it, for the tooltip and the dot size.
    expect(prepared.rows.map((row) => row[countKey("s0")])).toEqual([2, 0, 0, 1, 0]);
    expect(prepared.yDomain).toEqual([-1, 0]);
    expect(prepared.yTicks).toEqual([-1, -0.5, 0]);
  });
});

describe("prepareHistogram", () => {
  it("labels bins, keeps counts and normalizes each period to shares", () => {
    const bars = prepareHistogram({ metric: "avgLogprob", min: -2, max: 0, binWidth: 1, current: [1, 3], previous: [2, 2] });
    expect(bars.map((bar) => [bar.label, bar.current, bar.previous])).toEqual([["<\u22121", 1, 2], ["\u22121+", 3, 2]]);
    expect(bars.map((bar) => bar.currentShare)).toEqual([0.25, 0.75]);
    expect(bars.map((bar) => bar.previousShare)).toEqual([0.5, 0.5]);
  });

  it("labels the edge bins by what they hold: values beyond the range are counted there", () => {
    // perplexity: 1…21 in bins of 0.5. Bin 0 holds [1, 1.5) (perplexity is never below 1), the last 20.5 and above.
    const bars = prepareHistogram({ metric: "perplexity", min: 1, max: 21, binWidth: 0.5, current: Array(40).fill(1), previous: Array(40).fill(0) });
    expect(bars[0]?.label).toBe("<1.5");
    expect(bars[0]?.range).toBe("below 1.50");
    expect(bars[1]?.label).toBe("1.5");
    expect(bars[1]?.range).toBe("1.50 to 2.00");
    expect(bars[39]?.label).toBe("20.5+");
    expect(bars[39]?.range).toBe("20.50 and above");
  });

  it("gives zero shares for an empty period instead of NaN", () => {
    const bars = prepareHistogram({ metric: "avgLogprob", min: 0, max: 1, binWidth: 0.5, current: [0, 0], previous: [0, 0] });
    expect(bars.every((bar) => bar.currentShare === 0 && bar.previousShare === 0)).toBe(true);
  });
});

describe("prepareHeatmap", () => {
  it("builds dense rows up to the longest position with shares per row", () => {
    const prepared = prepareHeatmap({ from: 0, to: 1, tagFilterApplied: false, cells: [
      { position: 0, prob: 10, count: 30 }, { position: 0, prob: 2, count: 10 }, { position: 2, prob: 10, count: 5 },
    ] });
    expect(prepared.rows).toHaveLength(3);
    expect(prepared.rows[0]?.total).toBe(40);
    expect(prepared.rows[0]?.cells[10]?.share).toBe(0.75);
    expect(prepared.rows[0]?.cells[2]?.share).toBe(0.25);
    expect(prepared.rows[1]?.total).toBe(0);
    expect(prepared.rows[1]?.cells.every((cell) => cell.share === 0)).toBe(true);
    expect(prepared.rows[2]?.label).toBe("20–29");
    expect(prepared.maxShare).toBe(1);
  });
});
