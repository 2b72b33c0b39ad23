import { expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { useTestAccounts } from "@/tests/testDb";
import { prepareInputs, writeBatchInSlices, WRITE_SLICE_ROWS } from "./ingestRecords";

/** A large batch is written in slices with the event loop free between them (issue 7 item 1). */

const record = (n: number, tags: number) => ({
  id: `slice-${n}`,
  tags: Array.from({ length: tags }, (_, i) => `t${i}`),
  response: {
    id: `c-${n}`, object: "chat.completion", created: 1_733_743_961, model: "m",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "x" }, logprobs: { content: [{ token: "x", logprob: -0.1, top_logprobs: [] }] } }],
  },
});

describeEachBackend("writeBatchInSlices", ({ db }) => {
  useTestAccounts();

  it("stores every record and lets other work run between slices", async () => {
    const records = Array.from({ length: 2_300 }, (_, n) => ({ value: record(n, 32) }));
    const batch = prepareInputs(records);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const summary = await writeBatchInSlices(db(), "default", batch);
    clearInterval(ticker);
    expect(summary).toMatchObject({ ingested: 2_300, errors: 0 });
    const tagged = await db().selectFrom("response_tags").select((eb) => eb.fn.countAll<number>().as("n")).where("tag", "=", "t31").executeTakeFirstOrThrow();
    expect(Number(tagged.n)).toBe(2_300);
    // 2,300 x 33 rows in slices of ~WRITE_SLICE_ROWS: the timer ran between them.
    expect(Math.ceil((2_300 * 33) / WRITE_SLICE_ROWS)).toBeGreaterThan(30);
    expect(ticks).toBeGreaterThan(5);
    const again = await writeBatchInSlices(db(), "default", batch);
    expect(again).toMatchObject({ ingested: 0, duplicates: 2_300 });
  });
});
