import type { HistogramData } from "@/components/data/queries";
import { formatSigned } from "@/components/format/number";

export interface HistogramBar {
  label: string;
  start: number;
  end: number;
  current: number;
  previous: number;
  /** Share of the period's responses in this bin (0..1), so periods of different volume compare. */
  currentShare: number;
  previousShare: number;
}

const total = (counts: readonly number[]) => counts.reduce((sum, count) => sum + count, 0);

export function prepareHistogram(data: HistogramData): HistogramBar[] {
  const currentTotal = total(data.current);
  const previousTotal = total(data.previous);
  const decimals = data.binWidth < 0.1 ? 2 : data.binWidth < 1 ? 1 : 0;
  return data.current.map((current, bin) => {
    const start = data.min + bin * data.binWidth;
    const end = start + data.binWidth;
    const previous = data.previous[bin] ?? 0;
    const openLow = bin === 0 ? "≤" : "";
    const openHigh = bin === data.current.length - 1 ? "+" : "";
    return {
      label: `${openLow}${formatSigned(start, decimals)}${openHigh}`,
      start,
      end,
      current,
      previous,
      currentShare: currentTotal > 0 ? current / currentTotal : 0,
      previousShare: previousTotal > 0 ? previous / previousTotal : 0,
    };
  });
}
