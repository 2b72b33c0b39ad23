import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/testDb";
import { prepareInputs, writeBatchInSlices, WRITE_SLICE_ROWS } from "./ingestRecords";

/** A large batch is written in slices with the event loop free between them (issue 7 item 1). */
let testDb: ReturnType<typeof useTestDatabase>;
beforeAll(() => {
  testDb = useTestDatabase();
});
afterAll(() => testDb.cleanup());

const record = (n: number, tags: number) => ({
  id: `slice-${n}`,
  tags: Array.from({ length: tags }, (_, i) => `t${i}`),
  response: {
    id: `c-${n}`, object: "chat.completion", created: 1_733_743_961, model: "m",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "x" }, logprobs: { content: [{ token: "x", logprob: -0.1, top_logprobs: [] }] } }],
  },
});

describe("writeBatchInSlices", () => {
  it("stores every record and lets other work run between slices", async () => {
    const records = Array.from({ length: 2_300 }, (_, n) => ({ value: record(n, 32) }));
    const batch = prepareInputs(records);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const summary = await writeBatchInSlices(testDb.db, "default", batch);
    clearInterval(ticker);
    expect(summary).toMatchObject({ ingested: 2_300, errors: 0 });
    expect(testDb.db.prepare(`SELECT count(*) AS n FROM response_tags WHERE tag = 't31'`).get()).toEqual({ n: 2_300 });
    // 2,300 x 33 rows in slices of ~WRITE_SLICE_ROWS: the timer ran between them.
    expect(Math.ceil((2_300 * 33) / WRITE_SLICE_ROWS)).toBeGreaterThan(30);
    expect(ticks).toBeGreaterThan(5);
    const again = await writeBatchInSlices(testDb.db, "default", batch);
    expect(again).toMatchObject({ ingested: 0, duplicates: 2_300 });
  });
});
