import { seededRandom as mulberry32 } from "@/lib/llm/seededRandom";

/**
 * Synthetic OpenAI chat.completion payloads shaped like real ones: Zipf-distributed word
 * pieces, top-5 alternatives that usually include the chosen token, bytes arrays. ~460 bytes
 * of JSON per token, like the real API.
 */
const SYLLABLES = ["ta", "re", "in", "on", "at", "er", "st", "an", "or", "ing", "ed", "th", "qu", "ly", "ment", "pro", "con", "de", "ex", "al"];

function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const parts = 1 + Math.floor(random() * 3);
    let word = random() < 0.7 ? " " : "";
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (random() < 0.05) word = word.toUpperCase();
    words.add(word);
  }
  return [...words];
}

export function openAiChatPayloads(count: number, tokensPerResponse: number, seed = 42): object[] {
  const random = mulberry32(seed);
  const vocab = vocabulary(8000, random);
  const zipf = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.pow(random(), 3) * vocab.length))] as string;
  const bytes = (text: string) => Array.from(Buffer.from(text, "utf8"));
  return Array.from({ length: count }, (_, n) => {
    const content = Array.from({ length: tokensPerResponse }, () => {
      const chosen = zipf();
      const chosenLogprob = -Math.pow(random(), 4) * 6;
      const alternatives = new Map<string, number>([[chosen, chosenLogprob]]);
      while (alternatives.size < 5) {
        const alt = zipf();
        if (!alternatives.has(alt)) alternatives.set(alt, chosenLogprob - 0.5 - random() * 8);
      }
      const top = [...alternatives].sort((a, b) => b[1] - a[1]).map(([token, logprob]) => ({ token, logprob, bytes: bytes(token) }));
      return { token: chosen, logprob: chosenLogprob, bytes: bytes(chosen), top_logprobs: top };
    });
    return {
      id: `chatcmpl-bench-${seed}-${n}`,
      object: "chat.completion",
      created: 1_763_000_000 + n,
      model: "gpt-4o-mini-2024-07-18",
      system_fingerprint: "fp_bench",
      choices: [{ index: 0, finish_reason: "length", message: { role: "assistant", content: content.map((t) => t.token).join(""), refusal: null }, logprobs: { content, refusal: null } }],
      usage: { prompt_tokens: 50, completion_tokens: tokensPerResponse, total_tokens: 50 + tokensPerResponse },
    };
  });
}
