import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/layout/Providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Loupe — token-level LLM confidence",
  description: "Self-hosted dashboard for LLM logprobs: confidence trends, token-by-token views, hallucination suspects.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
