/** Okabe–Ito: a qualitative palette that stays distinguishable with colour-vision deficiencies. */
export const SERIES_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D31", "#000000"] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] as string;
}

/**
 * Sequential scale for the heatmap (light to dark blue, monotone in lightness so it reads in
 * grayscale too). `t` in [0, 1].
 */
export function sequentialBlue(t: number): string {
  const clamped = Math.min(Math.max(t, 0), 1);
  const lightness = 97 - clamped * 70;
  const saturation = 35 + clamped * 45;
  return `hsl(212 ${saturation.toFixed(0)}% ${lightness.toFixed(1)}%)`;
}
