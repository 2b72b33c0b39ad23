import type { ChatMessage } from "./openaiWire";

/**
 * The text a chat becomes for a local model (README, "Chat prompt format"): the messages'
 * contents in order, separated by a blank line, without role labels; a chat that ends with a
 * user (or system) message ends with a blank line so the model starts a new paragraph. When the
 * last message is the assistant's, the text ends right after it and the model continues that
 * message (prefill, like vLLM's `continue_final_message`).
 */
export const CHAT_SEPARATOR = "\n\n";

export function messageText(message: ChatMessage): string {
  if (message.content == null) return "";
  return typeof message.content === "string" ? message.content : message.content.map((part) => part.text).join("");
}

export function chatPromptText(messages: readonly ChatMessage[]): { text: string; continuesAssistant: boolean } {
  const continuesAssistant = messages.at(-1)?.role === "assistant";
  const joined = messages.map(messageText).join(CHAT_SEPARATOR);
  return { text: continuesAssistant ? joined : joined + CHAT_SEPARATOR, continuesAssistant };
}
