import { Suspense } from "react";
import { ClassificationView } from "@/components/classification/ClassificationView";

export default function ClassificationPage() {
  return (
    <Suspense fallback={null}>
      <ClassificationView />
    </Suspense>
  );
}
