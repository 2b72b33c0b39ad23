import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/AppShell";
import { requirePageUser } from "@/lib/auth/pageSession";

export const dynamic = "force-dynamic";

/** Every dashboard page requires a signed-in user (README, Security). */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={{ email: user.email, name: user.name, isAdmin: user.isAdmin }}>{children}</AppShell>;
}
