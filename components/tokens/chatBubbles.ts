/**
 * Chat messages as bubbles. Message shapes vary by provider (string content, content parts,
 * images, tool calls): each becomes a role and plain text.
 */
export interface ChatBubble {
  role: string;
  text: string;
}

function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (part && typeof part === "object") {
    const record = part as Record<string, unknown>;
    if (typeof record.text === "string") return record.text;
    if (record.type === "image_url" || record.type === "input_image") return "[image]";
  }
  return JSON.stringify(part);
}

/** One message -> a bubble; anything that is not a `{role, content}` object is shown as JSON. */
export function chatBubble(message: unknown): ChatBubble {
  if (!message || typeof message !== "object" || Array.isArray(message)) return { role: "message", text: JSON.stringify(message) };
  const { role, content, tool_calls: toolCalls } = message as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof content === "string") parts.push(content);
  else if (Array.isArray(content)) parts.push(...content.map(partText));
  else if (content !== undefined && content !== null) parts.push(JSON.stringify(content));
  if (Array.isArray(toolCalls)) parts.push(...toolCalls.map((call) => `tool call: ${JSON.stringify(call)}`));
  return { role: typeof role === "string" ? role : "message", text: parts.join("\n") };
}
