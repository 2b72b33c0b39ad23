/**
 * The playground's branches: every run is a node; a branch starts at one token of another
 * run, replacing it with one of its alternatives and regenerating from there. A node holds
 * the tokens it shows: the parent's tokens before the branch point, the chosen alternative,
 * then what the model generated after it.
 */

/** The least a token needs for branching (TokenDto satisfies it). */
export interface BranchableToken {
  token: string;
  logprob: number | null;
  bytes: number[] | null;
  margin: number | null;
  top: ReadonlyArray<{ token: string; logprob: number | null; bytes?: number[] }>;
  zeroProbability?: true;
}

export type RunStatus = "running" | "done" | "failed" | "cancelled";

export interface RunNode<T extends BranchableToken> {
  id: string;
  parentId: string | null;
  /** Where this run left its parent: the position and the alternative put there. */
  branch: { tokenIndex: number; token: string } | null;
  tokens: T[];
  /** Index of the first token this run generated itself (0 for a root). */
  generatedFrom: number;
  status: RunStatus;
}

export interface BranchTree<T extends BranchableToken> {
  nodes: Record<string, RunNode<T>>;
  /** Node ids in creation order. */
  order: string[];
}

export function emptyTree<T extends BranchableToken>(): BranchTree<T> {
  return { nodes: {}, order: [] };
}

function withNode<T extends BranchableToken>(tree: BranchTree<T>, node: RunNode<T>): BranchTree<T> {
  return { nodes: { ...tree.nodes, [node.id]: node }, order: tree.order.includes(node.id) ? tree.order : [...tree.order, node.id] };
}

export function addRoot<T extends BranchableToken>(tree: BranchTree<T>, id: string): BranchTree<T> {
  return withNode(tree, { id, parentId: null, branch: null, tokens: [], generatedFrom: 0, status: "running" });
}

/**
 * The token at `tokenIndex` of a run replaced by one of its alternatives: the same
 * distribution (same context), so the same alternatives, with the alternative's logprob and
 * its margin over the best other alternative.
 */
export function forcedToken<T extends BranchableToken>(original: T, alternative: string): T {
  const alt = original.top.find((candidate) => candidate.token === alternative);
  if (!alt) throw new Error(`"${alternative}" is not an alternative of token "${original.token}"`);
  const others = original.top.filter((candidate) => candidate !== alt && candidate.logprob !== null).map((candidate) => candidate.logprob as number);
  const margin = alt.logprob === null || others.length === 0 ? null : alt.logprob - Math.max(...others);
  const { zeroProbability: _dropped, ...rest } = original;
  void _dropped;
  return {
    ...rest,
    token: alt.token,
    logprob: alt.logprob,
    bytes: alt.bytes ?? null,
    margin,
    ...(alt.logprob === null ? { zeroProbability: true as const } : {}),
  } as T;
}

/** A new run branching from `parentId` at `tokenIndex` with `alternative` put in that token's place. */
export function addBranch<T extends BranchableToken>(tree: BranchTree<T>, id: string, parentId: string, tokenIndex: number, alternative: string): BranchTree<T> {
  const parent = tree.nodes[parentId];
  if (!parent) throw new Error(`no run ${parentId}`);
  const original = parent.tokens[tokenIndex];
  if (!original) throw new Error(`run ${parentId} has no token ${tokenIndex}`);
  const tokens = [...parent.tokens.slice(0, tokenIndex), forcedToken(original, alternative)];
  return withNode(tree, { id, parentId, branch: { tokenIndex, token: alternative }, tokens, generatedFrom: tokens.length, status: "running" });
}

/** The text a branch continues from: every token before the branch point, then the alternative. */
export function prefillText<T extends BranchableToken>(node: RunNode<T>): string {
  return node.tokens.slice(0, node.generatedFrom).map((token) => token.token).join("");
}

export function appendTokens<T extends BranchableToken>(tree: BranchTree<T>, id: string, tokens: readonly T[]): BranchTree<T> {
  const node = tree.nodes[id];
  if (!node || tokens.length === 0) return tree;
  return withNode(tree, { ...node, tokens: [...node.tokens, ...tokens] });
}

export function setStatus<T extends BranchableToken>(tree: BranchTree<T>, id: string, status: RunStatus): BranchTree<T> {
  const node = tree.nodes[id];
  return node ? withNode(tree, { ...node, status }) : tree;
}

/** The runs from the root down to `id`. */
export function pathTo<T extends BranchableToken>(tree: BranchTree<T>, id: string): RunNode<T>[] {
  const path: RunNode<T>[] = [];
  for (let node = tree.nodes[id]; node; node = node.parentId === null ? undefined : tree.nodes[node.parentId]) path.unshift(node);
  return path;
}

export interface TreeRow {
  id: string;
  depth: number;
  /** "Run 1", "Run 1.2" (second branch of run 1)...: stable labels by position in the tree. */
  label: string;
}

/** Depth-first rows for the tree's outline: roots in creation order, children in creation order. */
export function treeRows<T extends BranchableToken>(tree: BranchTree<T>): TreeRow[] {
  const rows: TreeRow[] = [];
  const childrenOf = (parentId: string | null) => tree.order.filter((id) => tree.nodes[id]?.parentId === parentId);
  const visit = (id: string, depth: number, label: string) => {
    rows.push({ id, depth, label });
    childrenOf(id).forEach((child, i) => visit(child, depth + 1, `${label}.${i + 1}`));
  };
  childrenOf(null).forEach((id, i) => visit(id, 0, `Run ${i + 1}`));
  return rows;
}
