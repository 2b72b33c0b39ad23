import { describe, expect, it } from "vitest";
import { parseSignalParam, withSignalParam } from "./signalParam";

describe("the colour mode in the URL", () => {
  it("reads ?color=, falling back to probability for none or an unknown value", () => {
    expect(parseSignalParam("entropy")).toBe("entropy");
    expect(parseSignalParam("margin")).toBe("margin");
    expect(parseSignalParam(null)).toBe("probability");
    expect(parseSignalParam("toString")).toBe("probability");
  });

  it("writes ?color= beside the other parameters, and drops it for the default", () => {
    expect(withSignalParam("?project=demo", "entropy")).toBe("?project=demo&color=entropy");
    expect(withSignalParam("?project=demo&color=entropy", "logprob")).toBe("?project=demo&color=logprob");
    expect(withSignalParam("?project=demo&color=entropy", "probability")).toBe("?project=demo");
    expect(withSignalParam("?color=margin", "probability")).toBe("");
  });
});
