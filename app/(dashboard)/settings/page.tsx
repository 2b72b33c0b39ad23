import type { Metadata } from "next";
import { Suspense } from "react";
import { SettingsView } from "@/components/settings/SettingsView";
import { accessibleProjects } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/pageSession";
import { env } from "@/lib/config/env";
import { generatedDefaultKey } from "@/lib/db/bootstrap";
import { db as dataLayer } from "@/lib/db/database";

export const metadata: Metadata = { title: "Settings — Loupe" };

export const dynamic = "force-dynamic";

/**
 * Settings. The project list comes with the page (no empty first paint); keys, members and the
 * audit log load through the API, which checks the role on every call. The generated default
 * key reaches the browser only for instance admins.
 */
export default async function SettingsPage() {
  const user = await requirePageUser();
  const db = dataLayer();
  return (
    <Suspense fallback={null}>
      <SettingsView
        user={{ userId: user.userId, email: user.email, isAdmin: user.isAdmin }}
        initialProjects={await accessibleProjects(db, user)}
        generatedKey={user.isAdmin && !env().LOUPE_API_KEY ? await generatedDefaultKey(db) : null}
        maxBodyBytes={env().LOUPE_MAX_BODY_BYTES}
      />
    </Suspense>
  );
}
