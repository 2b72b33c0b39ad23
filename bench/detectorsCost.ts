import { prepareInputs } from "@/lib/ingest/ingestRecords";
import { ALL_DETECTORS, defaultDetectorSettings, type DetectorSettings } from "@/lib/metrics/detectors/settings";
import { openAiChatPayloads } from "./openaiPayloads";

/**
 * `tsx bench/detectorsCost.ts`: the parse-and-score cost of ingest (no database) on the
 * bench's 500-token OpenAI responses, with every detector on against every detector off: what
 * the detectors add per response. BENCH_RESPONSES (default 300).
 */
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 300);
const inputs = openAiChatPayloads(RESPONSES, 500).map((value) => ({ value }));
const off = defaultDetectorSettings() as Record<string, { enabled: boolean; thresholds: unknown }>;
for (const name of ALL_DETECTORS) off[name] = { ...off[name], enabled: false } as { enabled: boolean; thresholds: unknown };

function best(settings: DetectorSettings): number {
  let fastest = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    prepareInputs(inputs, { detectorSettings: settings, lengthNormAlpha: 0.7 });
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return fastest;
}

const without = best(off as DetectorSettings);
const withAll = best(defaultDetectorSettings());
console.log(`${RESPONSES} responses x 500 tokens: detectors off ${without.toFixed(0)} ms, on ${withAll.toFixed(0)} ms ` +
  `(+${(((withAll - without) / RESPONSES) * 1000).toFixed(0)} µs per response, +${(((withAll - without) / without) * 100).toFixed(0)}%)`);
