import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

/**
 * One more Loupe server for a spec that needs several (e2e/two-instances.spec.ts): exactly what
 * `npm start` runs (scripts/start.ts: migrate, bootstrap, serve), on the production build the
 * e2e suite's own server has already made (LOUPE_SKIP_BUILD=1), on a free loopback port.
 */
export interface LoupeInstance {
  base: string;
  /** Everything the server printed, for a failure message. */
  output(): string;
  /** Stops the server and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startLoupeInstance(env: Record<string, string>, timeoutMs = 90_000): Promise<LoupeInstance> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
    stdio: ["ignore", "pipe", "pipe"],
    // Detached: its own process group, so stop() ends the server start.ts spawned as well.
    detached: true,
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", LOUPE_SKIP_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const instance: LoupeInstance = {
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Loupe exited during start (code ${child.exitCode}):\n${output}`);
    const up = await fetch(`${instance.base}/api/health`).then((r) => r.ok, () => false);
    if (up) return instance;
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`Loupe did not answer /api/health within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
