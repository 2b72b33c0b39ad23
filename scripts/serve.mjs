// Serves the production build: Next's request handler behind a plain Node HTTP server, so every
// request carries the socket's address in a header no client can set. Next 16 route handlers
// cannot see the socket, and Next fills `x-forwarded-for` from it only when the client sent
// none, so that header alone cannot be trusted (lib/auth/clientAddress.ts).
// Usage: node scripts/serve.mjs <port> <hostname>
import http from "node:http";
import next from "next";

const PEER_HEADER = "x-loupe-peer-address"; // lib/auth/clientAddress.ts PEER_HEADER
const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const hostname = process.argv[3] ?? process.env.HOSTNAME ?? "0.0.0.0";

process.env.LOUPE_PEER_HEADER = "1"; // lib/auth/clientAddress.ts PEER_HEADER_ENV: the header is ours
const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
  handle(request, response).catch((error) => {
    console.error("request failed", error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.listen(port, hostname, () => console.log(`Loupe is listening on http://${hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
