import type { HeatmapData } from "@/components/data/queries";
import { PROB_BUCKET_COUNT, positionBucketLabel, probBucketLabel } from "@/lib/metrics/heatmapBuckets";

export interface HeatmapCell {
  prob: number;
  count: number;
  /** Share of the position bucket's tokens that fall in this probability bucket. */
  share: number;
}

export interface HeatmapRow {
  position: number;
  label: string;
  total: number;
  cells: HeatmapCell[];
}

export interface PreparedHeatmap {
  rows: HeatmapRow[];
  probLabels: string[];
  maxShare: number;
}

/**
 * Bins the rollup cells into a dense grid: one row per position bucket from 0 up to the
 * longest responses, one column per probability bucket; colour = share within the row.
 */
export function prepareHeatmap(data: HeatmapData): PreparedHeatmap {
  const probLabels = Array.from({ length: PROB_BUCKET_COUNT }, (_, bucket) => probBucketLabel(bucket));
  if (data.cells.length === 0) return { rows: [], probLabels, maxShare: 0 };
  const maxPosition = Math.max(...data.cells.map((cell) => cell.position));
  const counts = Array.from({ length: maxPosition + 1 }, () => new Array<number>(PROB_BUCKET_COUNT).fill(0));
  for (const cell of data.cells) {
    const row = counts[cell.position];
    if (row && cell.prob >= 0 && cell.prob < PROB_BUCKET_COUNT) row[cell.prob] = (row[cell.prob] ?? 0) + cell.count;
  }
  let maxShare = 0;
  const rows = counts.map((row, position) => {
    const rowTotal = row.reduce((sum, count) => sum + count, 0);
    const cells = row.map((count, prob) => {
      const share = rowTotal > 0 ? count / rowTotal : 0;
      if (share > maxShare) maxShare = share;
      return { prob, count, share };
    });
    return { position, label: positionBucketLabel(position), total: rowTotal, cells };
  });
  return { rows, probLabels, maxShare };
}
