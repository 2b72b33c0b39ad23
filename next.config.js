// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules stay outside the server bundle: better-sqlite3 (.node addon) and
  // node-llama-cpp (prebuilt llama.cpp binaries) must be required at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "node-llama-cpp", "@node-rs/argon2"],
  poweredByHeader: false,
  // Dev server reached as 127.0.0.1 (scripts/dev-server.sh, headless screenshots).
  allowedDevOrigins: ["127.0.0.1"],
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
  async headers() {
    // Hardening for every response. Pages get a nonce-based Content-Security-Policy from proxy.ts;
    // API responses (JSON, never rendered) get a deny-all one here.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

module.exports = nextConfig;
