import { describe, expect, it } from "vitest";
import { limitsFor } from "@/lib/providers/limits";
import { assembleCompletionStream, callerAskedLogprobs, stripLogprobs, withLogprobs } from "./logprobInjection";

describe("withLogprobs", () => {
  const openai = limitsFor("openai", null);
  it("adds logprobs and the project's top_logprobs when the caller did not ask, within the provider's limit", () => {
    expect(withLogprobs("chat", { model: "m" }, 5, openai)).toEqual({ model: "m", logprobs: true, top_logprobs: 5 });
    expect(withLogprobs("chat", { model: "m", logprobs: false }, 20, limitsFor("lmstudio", null))).toEqual({ model: "m", logprobs: true, top_logprobs: 0 });
    expect(withLogprobs("completions", { model: "m" }, 12, openai)).toEqual({ model: "m", logprobs: 5 });
  });
  it("leaves a caller's own request alone", () => {
    const asked = { model: "m", logprobs: true };
    expect(withLogprobs("chat", asked, 5, openai)).toBe(asked);
    expect(callerAskedLogprobs("completions", { logprobs: 0 })).toBe(true);
    expect(callerAskedLogprobs("completions", { logprobs: null })).toBe(false);
  });
});

describe("stripLogprobs", () => {
  it("nulls every choice's logprobs, as a provider answers when none were asked", () => {
    const chunk = { id: "c", choices: [{ index: 0, delta: { content: "a" }, logprobs: { content: [] } }, { index: 1, delta: {} }] };
    expect(stripLogprobs(chunk)).toEqual({ id: "c", choices: [{ index: 0, delta: { content: "a" }, logprobs: null }, { index: 1, delta: {} }] });
  });
});

describe("assembleCompletionStream", () => {
  it("joins legacy chunks per choice into one text_completion", () => {
    const chunk = (index: number, text: string, offset: number, finish: string | null) => ({
      id: "cmpl-1",
      object: "text_completion",
      created: 1,
      model: "m",
      choices: [{ index, text, finish_reason: finish, logprobs: { tokens: [text], token_logprobs: [-offset], top_logprobs: [{ [text]: -offset }], text_offset: [offset] } }],
    });
    const assembled = assembleCompletionStream([chunk(0, "a", 0, null), chunk(1, "x", 0, null), chunk(0, "b", 1, "stop"), chunk(1, "y", 1, "length")]);
    expect(assembled).toEqual({
      id: "cmpl-1",
      object: "text_completion",
      created: 1,
      model: "m",
      choices: [
        { index: 0, text: "ab", finish_reason: "stop", logprobs: { tokens: ["a", "b"], token_logprobs: [-0, -1], top_logprobs: [{ a: -0 }, { b: -1 }], text_offset: [0, 1] } },
        { index: 1, text: "xy", finish_reason: "length", logprobs: { tokens: ["x", "y"], token_logprobs: [-0, -1], top_logprobs: [{ x: -0 }, { y: -1 }], text_offset: [0, 1] } },
      ],
    });
  });
});
