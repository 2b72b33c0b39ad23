import type { Metadata } from "next";
import { Suspense } from "react";
import { TaskView } from "@/components/classification/TaskView";

export const metadata: Metadata = { title: "Classification task — Loupe" };

export default async function ClassificationTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={null}>
      <TaskView id={id} />
    </Suspense>
  );
}
