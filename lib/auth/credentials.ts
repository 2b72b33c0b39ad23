import { z } from "zod";

export const emailSchema = z.string().trim().toLowerCase().email("not an email address").max(254);
export const passwordSchema = z.string().min(10, "at least 10 characters").max(256);
export const nameSchema = z.string().trim().max(100).default("");

export const setupSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });
export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) });
export const acceptInvitationSchema = z.object({ token: z.string().min(10).max(200), name: nameSchema, password: passwordSchema });
