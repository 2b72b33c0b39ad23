"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/** Dashboard data refreshes by itself: every query refetches every 5 s while the tab is visible. */
export const REFRESH_INTERVAL_MS = 5_000;

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { refetchInterval: REFRESH_INTERVAL_MS, staleTime: 2_000, retry: 1, placeholderData: (previous: unknown) => previous },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
