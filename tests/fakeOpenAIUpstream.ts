import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server answering like OpenAI's API, standing in for a paid remote provider in the
 * proxy and Settings tests (the only thing mocked there): chat and legacy completions with
 * logprobs as OpenAI shapes them, JSON or SSE, and OpenAI's error answers on demand. It records
 * every request it receives, so tests can check what the proxy sent upstream.
 */
export const FAKE_TOKENS = ["Hello", ",", " world", "!"];

export interface ReceivedRequest {
  path: string;
  authorization: string | null;
  body: Record<string, unknown>;
}

export interface FakeUpstream {
  base: string;
  received: ReceivedRequest[];
  /** The next request gets this status and exact body (then normal answers resume). */
  failNext(status: number, body: string, headers?: Record<string, string>): void;
  /** Streams pause after their first chunk until release() (proves the proxy does not buffer). */
  holdStreams(): { release: () => void };
  close(): Promise<void>;
}

function alternatives(token: string, logprob: number, k: number) {
  return Array.from({ length: k }, (_, i) => (i === 0 ? { token, logprob } : { token: `${token}~${i}`, logprob: logprob - i }));
}

function chatLogprob(token: string, i: number, k: number) {
  const logprob = -0.1 * (i + 1);
  return { token, logprob, bytes: [...Buffer.from(token)], top_logprobs: alternatives(token, logprob, k).map((alt) => ({ ...alt, bytes: [...Buffer.from(alt.token)] })) };
}

function legacyLogprobs(tokens: string[], offset: number, k: number) {
  return {
    tokens,
    token_logprobs: tokens.map((_, j) => -0.1 * (offset + j + 1)),
    top_logprobs: tokens.map((token, j) => Object.fromEntries(alternatives(token, -0.1 * (offset + j + 1), Math.max(k, 1)).map((alt) => [alt.token, alt.logprob]))),
    text_offset: tokens.map((_, j) => FAKE_TOKENS.slice(0, offset + j).join("").length),
  };
}

export async function startFakeOpenAIUpstream(): Promise<FakeUpstream> {
  const received: ReceivedRequest[] = [];
  let failure: { status: number; body: string; headers: Record<string, string> } | null = null;
  let hold: Promise<void> | null = null;
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? "/", "http://x").pathname;
    received.push({ path, authorization: req.headers.authorization ?? null, body });
    if (failure) {
      const { status, body: text, headers } = failure;
      failure = null;
      return void res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
    }
    if (path.endsWith("/models")) return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model", created: 1, owned_by: "test" }] }));
    const created = 1_790_000_000;
    const id = `cmpl-${received.length}`;
    const model = String(body.model);
    const chat = path.endsWith("/chat/completions");
    const k = chat ? Number(body.top_logprobs ?? 0) : Number(body.logprobs ?? 0);
    // The model "ignores-logprobs" answers as a server that does not support them: text only.
    const wantLogprobs = model !== "ignores-logprobs" && (chat ? body.logprobs === true : typeof body.logprobs === "number");
    if (body.stream !== true) {
      const choice = chat
        ? { index: 0, message: { role: "assistant", content: FAKE_TOKENS.join(""), refusal: null }, logprobs: wantLogprobs ? { content: FAKE_TOKENS.map((t, i) => chatLogprob(t, i, k)), refusal: null } : null, finish_reason: "stop" }
        : { index: 0, text: FAKE_TOKENS.join(""), logprobs: wantLogprobs ? legacyLogprobs(FAKE_TOKENS, 0, k) : null, finish_reason: "stop" };
      const answer = { id, object: chat ? "chat.completion" : "text_completion", created, model, choices: [choice], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } };
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const [i, token] of FAKE_TOKENS.entries()) {
      const choice = chat
        ? { index: 0, delta: i === 0 ? { role: "assistant", content: token } : { content: token }, logprobs: wantLogprobs ? { content: [chatLogprob(token, i, k)], refusal: null } : null, finish_reason: null }
        : { index: 0, text: token, logprobs: wantLogprobs ? legacyLogprobs([token], i, k) : null, finish_reason: null };
      res.write(`data: ${JSON.stringify({ id, object: chat ? "chat.completion.chunk" : "text_completion", created, model, choices: [choice] })}\n\n`);
      if (i === 0 && hold) await hold;
    }
    const last = chat ? { index: 0, delta: {}, logprobs: null, finish_reason: "stop" } : { index: 0, text: "", logprobs: null, finish_reason: "stop" };
    res.write(`data: ${JSON.stringify({ id, object: chat ? "chat.completion.chunk" : "text_completion", created, model, choices: [last] })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    failNext(status, body, headers = {}) {
      failure = { status, body, headers };
    },
    holdStreams() {
      let release = () => {};
      hold = new Promise<void>((resolve) => {
        release = () => {
          hold = null;
          resolve();
        };
      });
      return { release };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
