import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthHeading } from "@/components/auth/AuthHeading";
import { LoginForm } from "@/components/auth/LoginForm";
import { safeNextPath } from "@/components/auth/nextPath";
import { currentPageUser, hasAnyUser } from "@/lib/auth/pageSession";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Loupe" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await hasAnyUser())) redirect("/setup");
  const next = safeNextPath((await searchParams).next);
  if (await currentPageUser()) redirect(next);
  return (
    <>
      <AuthHeading title="Sign in to Loupe" />
      <LoginForm next={next} />
    </>
  );
}
