import { describe, expect, it } from "vitest";
import { assertWithinLimits, inferPreset, limitsFor } from "./limits";
import { parseEnvProviders } from "./providerConfig";

const openai = { id: "openai", limits: limitsFor("openai", null) };
const vllm = { id: "vllm", limits: limitsFor("vllm", null) };

describe("assertWithinLimits", () => {
  it("names the limit a request breaks, per endpoint", () => {
    expect(() => assertWithinLimits(openai, { endpoint: "chat", logprobs: true, top_logprobs: 21 })).toThrow("provider openai: top_logprobs 21 is above its limit of 20 (limits.maxTopLogprobs)");
    expect(() => assertWithinLimits(openai, { endpoint: "completions", logprobs: 6 })).toThrow(/logprobs 6 is above its limit of 5 .*maxCompletionLogprobs/);
    expect(() => assertWithinLimits(openai, { endpoint: "chat", prompt_logprobs: 1 })).toThrow(/does not return prompt logprobs/);
    expect(() => assertWithinLimits(openai, { endpoint: "completions", logprobs: 1, echo: true })).toThrow(/echo with logprobs/);
    expect(() => assertWithinLimits({ id: "x", limits: limitsFor("generic", { completions: false }) }, { endpoint: "completions" })).toThrow(/legacy \/completions/);
  });

  it("lets through what the provider documents", () => {
    expect(() => assertWithinLimits(openai, { endpoint: "chat", logprobs: true, top_logprobs: 20 })).not.toThrow();
    expect(() => assertWithinLimits(vllm, { endpoint: "chat", top_logprobs: 20, prompt_logprobs: 5 })).not.toThrow();
    expect(() => assertWithinLimits(vllm, { endpoint: "completions", logprobs: 20, echo: true })).not.toThrow();
  });

  it("carries a 400 error code", () => {
    try {
      assertWithinLimits(openai, { endpoint: "chat", top_logprobs: 50 });
    } catch (error) {
      expect(error).toMatchObject({ status: 400, code: "provider_limit" });
    }
    expect.assertions(1);
  });
});

describe("presets", () => {
  it("are inferred from well-known base URLs and overridden field by field", () => {
    expect(inferPreset("https://api.openai.com/v1")).toBe("openai");
    expect(inferPreset("https://api.together.xyz/v1")).toBe("together");
    expect(inferPreset("http://localhost:11434/v1")).toBe("ollama");
    expect(inferPreset("http://localhost:1234/v1")).toBe("lmstudio");
    expect(inferPreset("http://gpu-box:8000/v1")).toBe("generic");
    expect(limitsFor("vllm", { maxTopLogprobs: 50 })).toEqual({ maxTopLogprobs: 50, promptLogprobs: true, completions: true });
  });
});

describe("LOUPE_PROVIDERS", () => {
  it("parses a valid array", () => {
    const { providers, problems } = parseEnvProviders(JSON.stringify([{ id: "openai", baseURL: "https://api.openai.com/v1/", apiKeyEnv: "OPENAI_API_KEY", models: ["gpt-4o-mini"] }]), { OPENAI_API_KEY: "sk-x" });
    expect(problems).toEqual([]);
    expect(providers).toEqual([{ id: "openai", baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", models: ["gpt-4o-mini"] }]);
  });

  it("says what is wrong, where, in words", () => {
    expect(parseEnvProviders("[{", {}).problems[0]).toMatch(/^LOUPE_PROVIDERS is not valid JSON/);
    expect(parseEnvProviders(JSON.stringify([{ id: "a", baseURL: "not a url" }]), {}).problems).toEqual(["LOUPE_PROVIDERS[0].baseURL: must be a URL such as https://api.openai.com/v1"]);
    expect(parseEnvProviders(JSON.stringify([{ id: "a", baseURL: "http://x/v1", apiKeyEnv: "MISSING_KEY" }]), {}).problems).toEqual([
      "LOUPE_PROVIDERS[0].apiKeyEnv: MISSING_KEY is not set (provider a needs its key there)",
    ]);
    expect(parseEnvProviders(JSON.stringify([{ id: "a", baseURL: "http://x" }, { id: "a", baseURL: "http://y" }]), {}).problems).toEqual(["LOUPE_PROVIDERS[1].id: `a` is used twice"]);
    expect(parseEnvProviders(JSON.stringify([{ id: "local", baseURL: "http://x" }]), {}).problems[0]).toMatch(/reserved for the built-in local model/);
    expect(parseEnvProviders(JSON.stringify([{ id: "a", baseURL: "http://x", apiKey: "sk-inline" }]), {}).problems[0]).toMatch(/LOUPE_PROVIDERS\[0\]: Unrecognized key/);
  });
});
