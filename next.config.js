// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules stay outside the server bundle: better-sqlite3 (.node addon) and
  // node-llama-cpp (prebuilt llama.cpp binaries) must be required at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "node-llama-cpp"],
  poweredByHeader: false,
  // Dev server reached as 127.0.0.1 (scripts/dev-server.sh, headless screenshots).
  allowedDevOrigins: ["127.0.0.1"],
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};

module.exports = nextConfig;
