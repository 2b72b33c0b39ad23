import { describe, expect, it } from "vitest";
import { StopScanner } from "./stopScanner";

const utf8 = (text: string) => Array.from(new TextEncoder().encode(text));

function run(pieces: (string | number[])[], stops: string[]) {
  const scanner = new StopScanner<number>(stops);
  const shown: [number, string][] = [];
  pieces.forEach((piece, index) => {
    for (const token of scanner.push(index, typeof piece === "string" ? utf8(piece) : piece)) shown.push([token.token, token.text]);
  });
  for (const token of scanner.finish()) shown.push([token.token, token.text]);
  return { shown, text: shown.map(([, text]) => text).join(""), hitStop: scanner.hitStop };
}

describe("StopScanner", () => {
  it("passes everything through without stop strings", () => {
    expect(run(["Once", " upon", " a"], [])).toEqual({ shown: [[0, "Once"], [1, " upon"], [2, " a"]], text: "Once upon a", hitStop: false });
  });

  it("cuts before a stop string split over tokens and drops what follows", () => {
    const result = run(["Once", " up", "on a", " time"], ["upon"]);
    expect(result.text).toBe("Once ");
    expect(result.shown).toEqual([[0, "Once"], [1, " "]]);
    expect(result.hitStop).toBe(true);
  });

  it("holds back a tail that could start a stop string, and releases it when it does not", () => {
    const scanner = new StopScanner<number>(["The end"]);
    expect(scanner.push(0, utf8("said The"))).toEqual([]);
    expect(scanner.push(1, utf8(" dog"))).toEqual([{ token: 0, text: "said The" }, { token: 1, text: " dog" }]);
  });

  it("takes the earliest of several stop strings", () => {
    expect(run(["a.b!c"], ["!", "."]).text).toBe("a");
  });

  it("shows a character split over byte tokens whole, with the token that completes it", () => {
    const [first, second] = utf8("é");
    const result = run(["caf", [first as number], [second as number], "!"], []);
    expect(result.shown).toEqual([[0, "caf"], [1, ""], [2, "é"], [3, "!"]]);
  });

  it("flushes undecodable trailing bytes at the end", () => {
    expect(run(["a", [0xe2]], []).text).toBe("a\uFFFD");
  });
});
