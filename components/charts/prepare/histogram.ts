import type { HistogramData } from "@/components/data/queries";
import { formatSigned } from "@/components/format/number";

export interface HistogramBar {
  /** The axis label: the bin's lower edge; the first bin "<" its upper edge, the last its lower edge "+" (the edge bins hold the values beyond the range). */
  label: string;
  /** What the bin holds, for the tooltip: "−3.90 to −3.80", "below −3.90", "20.50 and above". */
  range: string;
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
    const first = bin === 0;
    const last = bin === data.current.length - 1;
    return {
      label: first && last ? "all" : first ? `<${formatSigned(end, decimals)}` : last ? `${formatSigned(start, decimals)}+` : formatSigned(start, decimals),
      range: first && last ? "every value" : first ? `below ${formatSigned(end, 2)}` : last ? `${formatSigned(start, 2)} and above` : `${formatSigned(start, 2)} to ${formatSigned(end, 2)}`,
      start,
      end,
      current,
      previous,
      currentShare: currentTotal > 0 ? current / currentTotal : 0,
      previousShare: previousTotal > 0 ? previous / previousTotal : 0,
    };
  });
}
