import { z } from "zod";

export const emailSchema = z.string().trim().toLowerCase().email("not an email address").max(254);
export const passwordSchema = z.string().min(10, "at least 10 characters").max(256);
export const nameSchema = z.string().trim().max(100).default("");

export const setupSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });
export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) });
/**
 * The password is a new account's (passwordSchema, checked once the invitation says no account
 * has the address: newAccountPasswordSchema) or the existing account's, which is only compared:
 * a wrong short one is then 401 like any wrong password, not a validation error.
 */
export const acceptInvitationSchema = z.object({ token: z.string().min(10).max(200), name: nameSchema, password: z.string().min(1).max(256) });
export const newAccountPasswordSchema = z.object({ password: passwordSchema });
