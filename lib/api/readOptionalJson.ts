import { ApiError } from "@/lib/api/errors";

/** A JSON body that may be absent: an empty body reads as `{}`, anything else must be valid JSON. */
export async function readOptionalJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid JSON");
  }
}
