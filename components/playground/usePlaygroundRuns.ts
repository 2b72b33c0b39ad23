"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage, sendJson } from "@/components/data/apiClient";
import { addBranch, addRoot, appendTokens, emptyTree, pathTo, prefillText, setStatus, type BranchTree } from "@/lib/playground/branchTree";
import type { PlaygroundPrompt, SamplingSettings } from "@/lib/playground/runRequest";
import type { RunEvent } from "@/lib/playground/runStream";
import type { TokenDto } from "@/lib/queries/responseDto";
import { playgroundPath, postNdjson } from "./ndjson";

/** What a run was asked and what it answered besides its tokens. */
export interface RunInfo {
  prompt: PlaygroundPrompt;
  settings: SamplingSettings;
  promptTokens: TokenDto[] | null;
  finishReason: string | null;
  error: string | null;
  savedId: number | null;
}

export interface SaveResult {
  ids: number[];
  externalId: string;
  consistency: number | null;
}

let counter = 0;
const newId = () => `run-${Date.now().toString(36)}-${++counter}`;

/**
 * The page's runs: a branch tree of streamed token lists. Each run streams from
 * /api/v1/playground/run; cancelling aborts the fetch, and the server aborts the provider.
 */
export function usePlaygroundRuns(project: string | undefined) {
  const [tree, setTree] = useState<BranchTree<TokenDto>>(emptyTree);
  const [info, setInfo] = useState<Record<string, RunInfo>>({});
  const controllers = useRef(new Map<string, AbortController>());

  // Leaving the page stops its runs: the provider would go on generating (and billing), and the
  // local model would make the next run wait behind an orphan.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
    };
  }, []);

  const patchInfo = useCallback((id: string, patch: Partial<RunInfo>) => {
    setInfo((current) => (current[id] ? { ...current, [id]: { ...current[id], ...patch } } : current));
  }, []);

  const stream = useCallback(
    async (id: string, prompt: PlaygroundPrompt, settings: SamplingSettings, prefill: string | undefined) => {
      const controller = new AbortController();
      controllers.current.set(id, controller);
      let failed = false;
      try {
        await postNdjson<RunEvent>(playgroundPath("run", project), { ...settings, ...prompt, ...(prefill === undefined ? {} : { prefill }) }, controller.signal, (event) => {
          if (event.type === "tokens") setTree((current) => appendTokens(current, id, event.tokens));
          else if (event.type === "prompt" && prefill === undefined) patchInfo(id, { promptTokens: event.tokens });
          else if (event.type === "done") patchInfo(id, { finishReason: event.finishReason });
          else if (event.type === "error") {
            failed = true;
            patchInfo(id, { error: event.error.message });
          }
        });
        setTree((current) => setStatus(current, id, failed ? "failed" : "done"));
      } catch (error) {
        const cancelled = controller.signal.aborted;
        setTree((current) => setStatus(current, id, cancelled ? "cancelled" : "failed"));
        if (!cancelled) patchInfo(id, { error: errorMessage(error) });
      } finally {
        controllers.current.delete(id);
      }
    },
    [project, patchInfo],
  );

  const start = useCallback(
    (prompt: PlaygroundPrompt, settings: SamplingSettings): string => {
      const id = newId();
      setTree((current) => addRoot(current, id));
      setInfo((current) => ({ ...current, [id]: { prompt, settings, promptTokens: null, finishReason: null, error: null, savedId: null } }));
      void stream(id, prompt, settings, undefined);
      return id;
    },
    [stream],
  );

  const branch = useCallback(
    (parentId: string, tokenIndex: number, alternative: string): string | null => {
      const parentInfo = info[parentId];
      if (!parentInfo) return null;
      const id = newId();
      // The parent has finished, so its tokens (all the prefill reads) are final; the tree itself
      // is updated from its latest state, which other runs' tokens may have changed since render.
      const prefill = prefillText(addBranch(tree, id, parentId, tokenIndex, alternative).nodes[id]!);
      setTree((current) => addBranch(current, id, parentId, tokenIndex, alternative));
      setInfo((current) => ({ ...current, [id]: { ...parentInfo, promptTokens: null, finishReason: null, error: null, savedId: null } }));
      void stream(id, parentInfo.prompt, parentInfo.settings, prefill);
      return id;
    },
    [info, tree, stream],
  );

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);

  /** A branch shares its root's prompt, so its root's prompt tokens. */
  const promptTokensOf = useCallback((id: string) => {
    const rootId = pathTo(tree, id)[0]?.id;
    return (rootId ? info[rootId]?.promptTokens : null) ?? null;
  }, [tree, info]);

  const save = useCallback(
    async (id: string): Promise<SaveResult> => {
      const node = tree.nodes[id];
      const run = info[id];
      if (!node || !run || node.status !== "done") throw new Error("only a finished run can be saved");
      const result = await sendJson<SaveResult>("POST", playgroundPath("save", project), {
        ...run.settings,
        ...run.prompt,
        samples: [{ text: node.tokens.map((token) => token.token).join(""), finishReason: run.finishReason, tokens: node.tokens }],
        ...(promptTokensOf(id) ? { promptTokens: promptTokensOf(id) } : {}),
        ...(node.branch ? { branch: node.branch } : {}),
      });
      patchInfo(id, { savedId: result.ids[0] ?? null });
      return result;
    },
    [tree, info, project, patchInfo, promptTokensOf],
  );

  return { tree, info, start, branch, cancel, save };
}
