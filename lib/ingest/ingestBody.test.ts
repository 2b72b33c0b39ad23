import { describe, expect, it } from "vitest";
import { liteLLMChatPayload } from "@/lib/logprobs/__fixtures__/litellmPayload";
import { ApiError } from "@/lib/api/errors";
import { prepareBody } from "./ingestBody";

const options = { now: Date.parse("2026-11-28T00:00:00Z"), lengthNormAlpha: 0.7 };

describe("prepareBody: NDJSON without an NDJSON content type", () => {
  it("reads lines of JSON sent as application/json as NDJSON, a bad line at its index", () => {
    const text = [JSON.stringify(liteLLMChatPayload({ callId: "a" })), "{broken", JSON.stringify(liteLLMChatPayload({ callId: "b" }))].join("\n");
    const batch = prepareBody(text, "application/json", options);
    expect(batch.results).toHaveLength(3);
    expect(batch.results[1]?.error?.code).toBe("invalid_json");
    expect(batch.prepared.map((samples) => samples[0]?.externalId)).toEqual(["a", "b"]);
  });

  it("still answers invalid_json for a body that is neither JSON nor NDJSON", () => {
    for (const text of ["{ nope", "{ nope\n{ also nope }", "[1,\n2"]) {
      expect(() => prepareBody(text, "application/json", options)).toThrow(expect.objectContaining({ status: 400, code: "invalid_json" }) as ApiError);
    }
  });
});
