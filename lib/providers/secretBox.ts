import crypto from "node:crypto";
import { env } from "@/lib/config/env";
import type { DataLayer } from "@/lib/db/database";

/**
 * Provider keys entered in Settings are stored as AES-256-GCM ciphertext (README, "Providers:
 * key encryption"). The AES key is SHA-256 of LOUPE_SECRET_KEY, or, when that is unset, of a
 * secret generated at first start and kept in the `settings` table (as the generated default
 * API key is). The provider's id is the additional authenticated data, so a ciphertext copied
 * to another provider's row does not decrypt.
 */
export const GENERATED_SECRET_SETTING = "provider_secret_key";
const VERSION = "v1";

export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnreadableError";
  }
}

function aesKey(secret: string): Buffer {
  return crypto.createHash("sha256").update(secret, "utf8").digest();
}

export function encryptSecret(plain: string, secret: string, associatedData: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", aesKey(secret), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(box: string, secret: string, associatedData: string): string {
  const [version, iv, tag, body] = box.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretUnreadableError("the stored key is not in a format this version of Loupe reads");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", aesKey(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretUnreadableError("the stored key cannot be decrypted: LOUPE_SECRET_KEY (or the generated secret) changed since it was saved; enter the key again");
  }
}

export interface SecretSource {
  secret: string;
  source: "env" | "generated";
}

/**
 * The server secret: LOUPE_SECRET_KEY, else the generated one (created now when missing; when
 * instances start together, the settings row's primary key lets one secret win and all read it).
 */
export async function serverSecret(db: DataLayer): Promise<SecretSource> {
  const fromEnv = env().LOUPE_SECRET_KEY;
  if (fromEnv) return { secret: fromEnv, source: "env" };
  const existing = await db.selectFrom("settings").select("value").where("key", "=", GENERATED_SECRET_SETTING).executeTakeFirst();
  if (existing) return { secret: existing.value, source: "generated" };
  await db
    .insertInto("settings")
    .values({ key: GENERATED_SECRET_SETTING, value: crypto.randomBytes(32).toString("base64url"), updated_at: Date.now() })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .execute();
  const row = await db.selectFrom("settings").select("value").where("key", "=", GENERATED_SECRET_SETTING).executeTakeFirstOrThrow();
  return { secret: row.value, source: "generated" };
}
