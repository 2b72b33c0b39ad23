/** Provider payloads the e2e specs ingest through the API. */
export type Alternative = [token: string, logprob: number];

export interface Entry {
  token: string;
  logprob: number;
  top: Alternative[];
}

const utf8 = (text: string) => [...Buffer.from(text, "utf8")];

/** An OpenAI chat.completion whose logprobs.content carries `entries`. */
export function chatCompletion(id: string, entries: Entry[]) {
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: "gpt-4o-mini",
    choices: [
      {
        index: 0,
        finish_reason: "stop",
        message: { role: "assistant", content: entries.map((entry) => entry.token).join("") },
        logprobs: {
          content: entries.map((entry) => ({
            token: entry.token,
            logprob: entry.logprob,
            bytes: utf8(entry.token),
            top_logprobs: entry.top.map(([token, logprob]) => ({ token, logprob, bytes: utf8(token) })),
          })),
        },
      },
    ],
  };
}
