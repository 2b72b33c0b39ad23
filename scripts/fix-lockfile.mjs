// `node scripts/fix-lockfile.mjs`: after `npm install` on a machine whose registry mirror serves
// only some platforms' optional binaries (e.g. no darwin/win32 builds of next's SWC), npm leaves
// those optional packages out of package-lock.json and `npm ci` then refuses the lock. This adds
// them back as optional, platform-tagged entries, which npm skips on every other platform.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

let output = "";
try {
  output = execFileSync("npm", ["ci", "--ignore-scripts", "--dry-run"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
} catch (error) {
  output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
}
const missing = [...output.matchAll(/Missing: (.+?)@\S* from lock file/g)].map((match) => match[1]);
if (missing.length === 0) {
  console.log("package-lock.json is complete");
  process.exit(0);
}
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const versionOf = (name) => {
  for (const entry of Object.values(lock.packages)) {
    const spec = entry.optionalDependencies?.[name] ?? entry.dependencies?.[name];
    if (spec) return spec.replace(/^[\^~]/, "");
  }
  throw new Error(`no dependent declares ${name}`);
};
const OS = [["android", "android"], ["darwin", "darwin"], ["mac", "darwin"], ["freebsd", "freebsd"], ["win32", "win32"], ["win", "win32"], ["openharmony", "openharmony"], ["linux", "linux"]];
const CPU = ["arm64", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "arm"];
for (const name of missing) {
  const parts = name.split("/").pop().split("-");
  const entry = { version: versionOf(name), optional: true };
  const os = OS.find(([token]) => parts.includes(token))?.[1];
  const cpu = CPU.find((token) => parts.includes(token));
  if (os) entry.os = [os];
  if (cpu) entry.cpu = [cpu];
  if (parts.some((part) => part.startsWith("musl"))) entry.libc = ["musl"];
  else if (parts.some((part) => part.startsWith("gnu"))) entry.libc = ["glibc"];
  lock.packages[`node_modules/${name}`] = entry;
}
fs.writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${missing.length} optional platform packages to package-lock.json`);
