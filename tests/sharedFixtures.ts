import fs from "node:fs";
import path from "node:path";

/**
 * The sibling `shared/` folder of recorded payloads from other projects (README, "Tests"):
 * never committed here, so a fresh clone lacks it. Tests that read it find it only through
 * this module and skip, saying why, when it is absent; `LOUPE_REQUIRE_SHARED=1` (set by
 * `.ci/run`) turns that absence into a failure.
 */
export const SHARED_DIR = path.resolve(process.env.LOUPE_SHARED_DIR || path.join(__dirname, "..", "..", "shared"));

export const SHARED_PRESENT = fs.existsSync(SHARED_DIR);

if (!SHARED_PRESENT && process.env.LOUPE_REQUIRE_SHARED === "1") {
  throw new Error(
    `LOUPE_REQUIRE_SHARED=1 but the shared fixtures folder ${SHARED_DIR} does not exist: ` +
      "set LOUPE_SHARED_DIR to the folder holding fixtures/real and fixtures/peer",
  );
}

if (!SHARED_PRESENT) {
  // Named in the run's output, so a skipped check is never mistaken for a passing one.
  console.warn(`[sharedFixtures] ${SHARED_DIR} is absent: tests that read shared fixtures are skipped (set LOUPE_SHARED_DIR)`);
}

/** For `describe.skipIf(NO_SHARED)` / `it.skipIf(NO_SHARED)`. */
export const NO_SHARED = !SHARED_PRESENT;

/** A test title that says why it is skipped when the shared folder is absent. */
export function sharedTitle(title: string): string {
  return SHARED_PRESENT ? title : `${title} [skipped: no shared fixtures at ${SHARED_DIR}; set LOUPE_SHARED_DIR]`;
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

export function readSharedText(...parts: string[]): string {
  return fs.readFileSync(sharedPath(...parts), "utf8");
}

export function readSharedJson(...parts: string[]): unknown {
  return JSON.parse(readSharedText(...parts));
}

/**
 * The small real GGUF model the local-model tests run (README, "Tests"): `LOUPE_TEST_MODEL`,
 * else `<shared>/models/stories260K.gguf`. Never committed here; absent in a user's clone, where
 * those tests are skipped with the reason, and `LOUPE_REQUIRE_SHARED=1` makes absence a failure.
 */
export const LOUPE_TEST_MODEL = path.resolve(process.env.LOUPE_TEST_MODEL || path.join(SHARED_DIR, "models", "stories260K.gguf"));

export const TEST_MODEL_PRESENT = fs.existsSync(LOUPE_TEST_MODEL);

if (!TEST_MODEL_PRESENT && process.env.LOUPE_REQUIRE_SHARED === "1") {
  throw new Error(`LOUPE_REQUIRE_SHARED=1 but the test model ${LOUPE_TEST_MODEL} does not exist: set LOUPE_TEST_MODEL to a GGUF file`);
}

/** For `describe.skipIf(NO_TEST_MODEL)`. */
export const NO_TEST_MODEL = !TEST_MODEL_PRESENT;

/** A test title that says why it is skipped when the test model is absent. */
export function testModelTitle(title: string): string {
  return TEST_MODEL_PRESENT ? title : `${title} [skipped: no test model at ${LOUPE_TEST_MODEL}; set LOUPE_TEST_MODEL]`;
}
