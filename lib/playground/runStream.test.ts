import { describe, expect, it } from "vitest";
import { chunkPromptTokens, chunkTokens, withFirstPromptToken } from "./runStream";

describe("stream chunks -> tokens", () => {
  it("reads a chat chunk's logprobs.content", () => {
    const chunk = { choices: [{ index: 0, delta: { content: "Hi" }, logprobs: { content: [{ token: "Hi", logprob: -0.1, bytes: [72, 105], top_logprobs: [{ token: "Hi", logprob: -0.1, bytes: [72, 105] }, { token: "Hey", logprob: -2.5, bytes: null }] }] } }] };
    expect(chunkTokens(chunk)).toEqual([{ token: "Hi", logprob: -0.1, bytes: [72, 105], top: [{ token: "Hi", logprob: -0.1, bytes: [72, 105] }, { token: "Hey", logprob: -2.5, bytes: null }] }]);
  });

  it("reads a legacy completion chunk's parallel lists", () => {
    const chunk = { choices: [{ index: 0, text: " a", logprobs: { tokens: [" a"], token_logprobs: [-0.3], top_logprobs: [{ " the": -1.6, " a": -0.3 }], text_offset: [4] } }] };
    expect(chunkTokens(chunk)).toEqual([{ token: " a", logprob: -0.3, bytes: null, top: [{ token: " a", logprob: -0.3, bytes: null }, { token: " the", logprob: -1.6, bytes: null }] }]);
  });

  it("gives nothing for a chunk without logprobs (the final finish_reason chunk)", () => {
    expect(chunkTokens({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] })).toEqual([]);
    expect(chunkTokens({})).toEqual([]);
  });

  it("reads vLLM's prompt_logprobs, top level (chat) or on the choice (completions)", () => {
    const promptLogprobs = [null, { "12": { logprob: -4.2, rank: 3, decoded_token: " upon" }, "7": { logprob: -0.2, rank: 1, decoded_token: " a" } }];
    const expected = [
      { token: "", logprob: null, bytes: null, top: [] },
      { token: " upon", logprob: -4.2, bytes: null, top: [{ token: " a", logprob: -0.2, bytes: null }, { token: " upon", logprob: -4.2, bytes: null }] },
    ];
    expect(chunkPromptTokens({ prompt_logprobs: promptLogprobs, choices: [] })).toEqual(expected);
    expect(chunkPromptTokens({ choices: [{ prompt_logprobs: promptLogprobs }] })).toEqual(expected);
    expect(chunkPromptTokens({ choices: [{}] })).toBeNull();
  });
});

describe("withFirstPromptToken", () => {
  const rest = [{ token: " upon", logprob: -0.1, bytes: null, top: [] }, { token: " a", logprob: -0.2, bytes: null, top: [] }];
  it("gives the unscored first position the text the others leave of the prompt", () => {
    const filled = withFirstPromptToken([{ token: "", logprob: null, bytes: null, top: [] }, ...rest], "Once upon a");
    expect(filled.map((t) => t.token)).toEqual(["Once", " upon", " a"]);
    expect(filled[0]?.logprob).toBeNull();
  });
  it("leaves tokens alone when the prompt is unknown or does not line up", () => {
    const tokens = [{ token: "", logprob: null, bytes: null, top: [] }, ...rest];
    expect(withFirstPromptToken(tokens, null)).toBe(tokens);
    expect(withFirstPromptToken(tokens, "something else")).toBe(tokens);
  });
});
