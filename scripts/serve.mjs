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

/**
 * Next answers a method that a route file does not export with an empty 405; the API answers
 * every error as JSON in its one shape (README, "Errors"), so an /api/… 405 gets that body.
 * Next writes the head itself (writeHead, chunked), then ends the response empty.
 */
function methodNotAllowedAsJson(request, response) {
  const pathname = (request.url ?? "").split("?")[0] ?? "";
  if (!pathname.startsWith("/api/")) return;
  let asJson = false;
  const writeHead = response.writeHead;
  response.writeHead = function (statusCode, ...rest) {
    if (statusCode === 405 && !response.headersSent) {
      asJson = true;
      response.removeHeader("content-length");
      response.setHeader("content-type", "application/json");
    }
    return writeHead.call(this, statusCode, ...rest);
  };
  const end = response.end;
  response.end = function (chunk, ...rest) {
    const empty = chunk === undefined || chunk === null || typeof chunk === "function" || chunk.length === 0;
    // Ended before any head was written (a path without Next's compression): set it here.
    if (!asJson && empty && response.statusCode === 405 && !response.headersSent) {
      asJson = true;
      response.removeHeader("content-length");
      response.setHeader("content-type", "application/json");
    }
    if (!asJson || !empty || request.method === "HEAD") return end.call(this, chunk, ...rest);
    return end.call(this, JSON.stringify({ error: { code: "method_not_allowed", message: `${request.method} is not served at ${pathname}` } }));
  };
}

const server = http.createServer((request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
  methodNotAllowedAsJson(request, response);
  handle(request, response).catch((error) => {
    console.error("request failed", error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.listen(port, hostname, () => console.log(`Loupe is listening on http://${hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
