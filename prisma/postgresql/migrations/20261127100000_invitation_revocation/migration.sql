-- Invitations can be revoked (by an admin, or when their inviter loses the admin role).
ALTER TABLE "invitations" ADD COLUMN "revoked_at" BIGINT;
