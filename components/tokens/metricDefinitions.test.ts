import { describe, expect, it } from "vitest";
import { METRIC_DEFINITIONS, metricInputs, type MetricName } from "./metricDefinitions";

const metrics: Record<MetricName, number | null> = {
  tokenCount: 5,
  avgLogprob: -0.734,
  perplexity: 2.083,
  sumLogprob: -3.67,
  lengthNormalizedLogprob: -1.19,
  minLogprob: -3,
  meanEntropyBits: 0.8,
  maxEntropyBits: 1.2,
  meanMargin: 2,
  lowConfidenceRatio: 0,
  suddenDrops: 0,
  hotspotCount: 0,
};

const shown = (name: string, tokens: Array<{ zeroProbability?: boolean }>, values = metrics) => {
  const metric = METRIC_DEFINITIONS.find((definition) => definition.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  return metric.format(metric.value(metricInputs(values, tokens.filter((token) => token.zeroProbability).length)));
};

describe("the probability-domain metrics", () => {
  it("are exp(sumLogprob) and exp(minLogprob)", () => {
    expect(shown("sequenceProbability", [{}, {}])).toBe("2.55%");
    expect(shown("minTokenProbability", [{}, {}])).toBe("4.98%");
  });

  it("are 0% when a token had probability 0, which the sums leave out", () => {
    expect(shown("sequenceProbability", [{}, { zeroProbability: true }])).toBe("0%");
    expect(shown("minTokenProbability", [{}, { zeroProbability: true }])).toBe("0%");
  });

  it("write a long output's tiny probability out instead of 0%", () => {
    expect(shown("sequenceProbability", [], { ...metrics, sumLogprob: -2000 })).toBe("2.6e−867%");
  });

  it("each has a definition naming its formula", () => {
    const names = METRIC_DEFINITIONS.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
    expect(METRIC_DEFINITIONS.find((metric) => metric.name === "sequenceProbability")?.definition).toContain("exp(sumLogprob)");
    expect(METRIC_DEFINITIONS.find((metric) => metric.name === "minTokenProbability")?.definition).toContain("exp(minLogprob)");
  });
});
