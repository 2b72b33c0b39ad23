import type { Metadata } from "next";
import { Suspense } from "react";
import { ClassificationView } from "@/components/classification/ClassificationView";

export const metadata: Metadata = { title: "Classification — Loupe" };

export default function ClassificationPage() {
  return (
    <Suspense fallback={null}>
      <ClassificationView />
    </Suspense>
  );
}
