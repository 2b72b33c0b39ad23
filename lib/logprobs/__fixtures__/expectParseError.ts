import { expect } from "vitest";
import { ParseError } from "../types";

/** Asserts `run` throws a ParseError with this code and a message containing `message`. */
export function expectParseError(run: () => unknown, code: ParseError["code"], message: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ParseError);
  const error = thrown as ParseError;
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringContaining(message) });
}
