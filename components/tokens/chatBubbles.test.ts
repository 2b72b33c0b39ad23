import { describe, expect, it } from "vitest";
import { chatBubble } from "./chatBubbles";

describe("chatBubble", () => {
  it("reads string content", () => {
    expect(chatBubble({ role: "user", content: "Hi <b>there</b>" })).toEqual({ role: "user", text: "Hi <b>there</b>" });
  });

  it("joins content parts and names images", () => {
    const message = { role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url: "x" } }] };
    expect(chatBubble(message)).toEqual({ role: "user", text: "What is this?\n[image]" });
  });

  it("shows tool calls and unknown shapes as JSON", () => {
    const call = { id: "c1", type: "function", function: { name: "f", arguments: "{}" } };
    expect(chatBubble({ role: "assistant", content: null, tool_calls: [call] }).text).toBe(`tool call: ${JSON.stringify(call)}`);
    expect(chatBubble("plain")).toEqual({ role: "message", text: '"plain"' });
    expect(chatBubble({ content: "no role" }).role).toBe("message");
  });
});
