import { z } from "zod";

/**
 * Request schemas and the error shape of Loupe's OpenAI-compatible endpoint (README,
 * "OpenAI-compatible endpoint"). Unknown fields are ignored, as OpenAI-compatible servers do,
 * so SDKs that send newer fields keep working.
 */

/** OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`. */
export class OpenAIWireError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = status === 401 ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error",
  ) {
    super(message);
    this.name = "OpenAIWireError";
  }

  toResponse(): Response {
    return openAIErrorResponse(this.status, this.message, this.param, this.code, this.type);
  }
}

export function openAIErrorResponse(status: number, message: string, param: string | null, code: string | null, type?: string): Response {
  const errorType = type ?? (status === 401 ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error");
  return Response.json({ error: { message, type: errorType, param, code } }, { status });
}

const stop = z.union([z.string(), z.array(z.string()).max(4, "at most 4 stop sequences")]).nullish();

const sampling = {
  model: z.string().min(1, "model is required"),
  max_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  seed: z.number().int().nullish(),
  stop,
  n: z.number().int().min(1).max(16).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).passthrough().nullish(),
  /** vLLM's extension: logprobs of every prompt token with this many alternatives. */
  prompt_logprobs: z.number().int().min(0).max(20).nullish(),
};

const textPart = z.object({ type: z.literal("text"), text: z.string() }).passthrough();

export const chatMessageSchema = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant"]),
    content: z.union([z.string(), z.array(textPart)]).nullish(),
  })
  .passthrough();

export const chatRequestSchema = z
  .object({
    ...sampling,
    messages: z.array(chatMessageSchema).min(1, "messages must hold at least one message"),
    max_completion_tokens: z.number().int().min(1).nullish(),
    logprobs: z.boolean().nullish(),
    top_logprobs: z.number().int().min(0).max(20, "top_logprobs must be at most 20").nullish(),
  })
  .passthrough()
  .superRefine((body, context) => {
    if (body.top_logprobs != null && body.logprobs !== true) {
      context.addIssue({ code: "custom", path: ["top_logprobs"], message: "top_logprobs requires logprobs: true" });
    }
  });

export const completionRequestSchema = z
  .object({
    ...sampling,
    prompt: z.union([z.string(), z.array(z.string()).length(1, "one prompt per request (a list of exactly one string)")]),
    logprobs: z.number().int().min(0).max(5, "logprobs must be at most 5").nullish(),
    echo: z.boolean().nullish(),
  })
  .passthrough();

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;

/** Parses a request body, turning the first zod issue into a 400 that names the parameter. */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new OpenAIWireError(400, "the request body must be a JSON object");
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue?.path.length ? issue.path.join(".") : null;
  throw new OpenAIWireError(400, `${param ? `${param}: ` : ""}${issue?.message ?? "invalid request"}`, param, "invalid_value");
}
