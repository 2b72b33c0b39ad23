"use client";

import { useState } from "react";
import { errorMessage, sendJson } from "@/components/data/apiClient";

/**
 * The submit of every form that ends signed in (login, setup, invitation): POST, then a full
 * load of `destination`, not router.push, so everything renders afresh under the new session
 * cookie. A local check can refuse before anything is sent.
 */
export function useSignInRequest(path: string, destination: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(body: unknown, localProblem: string | null = null): Promise<boolean> {
    if (localProblem) {
      setError(localProblem);
      return false;
    }
    setPending(true);
    setError(null);
    try {
      await sendJson("POST", path, body);
      window.location.assign(destination);
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      setPending(false);
      return false;
    }
  }

  return { pending, error, send };
}
