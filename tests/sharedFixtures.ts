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
