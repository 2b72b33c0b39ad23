import { describe, expect, it } from "vitest";
import { modelNameFromPath, parseLocalModels } from "./localModels";

describe("parseLocalModels (LOUPE_LOCAL_MODEL)", () => {
  it("is empty when unset or blank", () => {
    expect(parseLocalModels(undefined)).toEqual([]);
    expect(parseLocalModels("  ")).toEqual([]);
  });

  it("names a bare path's model after the file, without .gguf", () => {
    expect(parseLocalModels("/models/stories260K.gguf")).toEqual([{ name: "stories260K", path: "/models/stories260K.gguf", tokenBias: {} }]);
    expect(modelNameFromPath("C.GGUF")).toBe("C");
  });

  it("reads a JSON list with token biases", () => {
    const models = parseLocalModels(JSON.stringify([
      { name: "a", path: "/m/a.gguf" },
      { name: "a-drifted", path: "/m/a.gguf", tokenBias: { " Lily": -5 } },
    ]));
    expect(models).toEqual([
      { name: "a", path: "/m/a.gguf", tokenBias: {} },
      { name: "a-drifted", path: "/m/a.gguf", tokenBias: { " Lily": -5 } },
    ]);
  });

  it("rejects malformed JSON, bad entries and duplicate names with a readable message", () => {
    expect(() => parseLocalModels("[{")).toThrow(/LOUPE_LOCAL_MODEL: not a path and not valid JSON/);
    expect(() => parseLocalModels("[]")).toThrow(/at least one model/);
    expect(() => parseLocalModels('[{"name":"a"}]')).toThrow(/LOUPE_LOCAL_MODEL: entry 0\.path/);
    expect(() => parseLocalModels('[{"name":"a b","path":"/x"}]')).toThrow(/entry 0\.name/);
    expect(() => parseLocalModels('[{"name":"a","path":"/x","tokenBias":{"x":"high"}}]')).toThrow(/entry 0\.tokenBias\.x/);
    expect(() => parseLocalModels('[{"name":"a","path":"/x"},{"name":"a","path":"/y"}]')).toThrow(/"a" appears twice/);
  });
});
