import { describe, expect, it } from "vitest";
import { addBranch, addRoot, appendTokens, emptyTree, forcedToken, pathTo, prefillText, setStatus, treeRows, type BranchableToken } from "./branchTree";

const tok = (token: string, logprob: number, top: Array<[string, number]>): BranchableToken => ({
  token,
  logprob,
  bytes: null,
  margin: null,
  top: top.map(([t, lp]) => ({ token: t, logprob: lp })),
});

const base = [
  tok("Once", -0.1, [["Once", -0.1], ["One", -2.5]]),
  tok(" upon", -0.2, [[" upon", -0.2], [" there", -1.8], [" a", -3]]),
  tok(" a", -0.05, [[" a", -0.05]]),
];

function treeWithRoot() {
  let tree = addRoot(emptyTree<BranchableToken>(), "r");
  tree = appendTokens(tree, "r", base);
  return setStatus(tree, "r", "done");
}

describe("branch tree", () => {
  it("a branch keeps the tokens before the branch point and puts the alternative in place", () => {
    const tree = addBranch(treeWithRoot(), "b", "r", 1, " there");
    const node = tree.nodes.b;
    expect(node?.tokens.map((t) => t.token)).toEqual(["Once", " there"]);
    expect(node?.generatedFrom).toBe(2);
    expect(node?.status).toBe("running");
    expect(prefillText(node!)).toBe("Once there");
    // The forced token keeps the distribution it was drawn from, with its own logprob and margin.
    expect(node?.tokens[1]).toMatchObject({ logprob: -1.8, top: base[1]?.top });
    expect(node?.tokens[1]?.margin).toBeCloseTo(-1.8 - -0.2, 12);
  });

  it("generated tokens append after the prefix; the parent is untouched", () => {
    let tree = addBranch(treeWithRoot(), "b", "r", 1, " there");
    tree = appendTokens(tree, "b", [tok(" was", -0.3, [])]);
    expect(tree.nodes.b?.tokens.map((t) => t.token)).toEqual(["Once", " there", " was"]);
    expect(tree.nodes.r?.tokens.map((t) => t.token)).toEqual(["Once", " upon", " a"]);
  });

  it("forms a tree with paths and depth-first labels", () => {
    let tree = addBranch(treeWithRoot(), "b1", "r", 1, " there");
    tree = appendTokens(tree, "b1", [tok(" was", -0.3, [[" was", -0.3], [" lived", -1]])]);
    tree = addBranch(tree, "b2", "r", 0, "One");
    tree = addBranch(tree, "b11", "b1", 2, " lived");
    tree = addRoot(tree, "r2");
    expect(pathTo(tree, "b11").map((n) => n.id)).toEqual(["r", "b1", "b11"]);
    expect(treeRows(tree)).toEqual([
      { id: "r", depth: 0, label: "Run 1" },
      { id: "b1", depth: 1, label: "Run 1.1" },
      { id: "b11", depth: 2, label: "Run 1.1.1" },
      { id: "b2", depth: 1, label: "Run 1.2" },
      { id: "r2", depth: 0, label: "Run 2" },
    ]);
    expect(prefillText(tree.nodes.b11!)).toBe("Once there lived");
  });

  it("refuses a token that is not among the alternatives", () => {
    expect(() => forcedToken(base[2]!, " the")).toThrow(/not an alternative/);
    expect(() => addBranch(treeWithRoot(), "x", "r", 9, "a")).toThrow(/no token 9/);
  });
});
