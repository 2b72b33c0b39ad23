import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthHeading } from "@/components/auth/AuthHeading";
import { SetupForm } from "@/components/auth/SetupForm";
import { hasAnyUser } from "@/lib/auth/pageSession";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up · Loupe" };

/** Only before the first account exists; the API refuses a second setup anyway (409). */
export default async function SetupPage() {
  if (await hasAnyUser()) redirect("/login");
  return (
    <>
      <AuthHeading title="Create the admin account">
        This first account administers Loupe: it sees every project and invites everyone else.
      </AuthHeading>
      <SetupForm />
    </>
  );
}
