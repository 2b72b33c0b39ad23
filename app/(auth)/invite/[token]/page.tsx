import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/auth/AcceptInviteForm";
import { AuthHeading } from "@/components/auth/AuthHeading";
import { findInvitation } from "@/lib/accounts/members";
import { currentPageUser } from "@/lib/auth/pageSession";
import { db } from "@/lib/db/database";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Invitation · Loupe", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(db(), token);
  if (!invitation) {
    return (
      <>
        <AuthHeading title="This invitation does not work">
          It is invalid, already used or expired (invitations last 7 days). Ask a project admin for a new one.
        </AuthHeading>
        <Link href="/login" className="text-sm font-medium text-indigo-700 hover:underline" data-testid="invite-invalid">
          Go to sign in
        </Link>
      </>
    );
  }
  const signedIn = await currentPageUser();
  return (
    <>
      <AuthHeading title={`Join ${invitation.projectName}`}>
        <span data-testid="invite-summary">
          You are invited as <strong className="font-medium text-slate-800">{invitation.role}</strong> with{" "}
          <strong className="font-medium text-slate-800">{invitation.email}</strong>.{" "}
          {invitation.accountExists ? "That address has an account: enter its password to join." : "Choose a password to create your account."}
        </span>
      </AuthHeading>
      {signedIn ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
          You are signed in as {signedIn.email}; joining signs you in as {invitation.email} instead.
        </p>
      ) : null}
      <AcceptInviteForm token={token} email={invitation.email} accountExists={invitation.accountExists} />
    </>
  );
}
