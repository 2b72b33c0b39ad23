import type { ReactNode } from "react";
import type { TokenGlyph } from "./tokenDisplay";
import styles from "./tokenText.module.css";

/**
 * A token's glyphs as React children: text stays text (untrusted, never HTML); stand-ins for
 * whitespace and bytes get their own quiet style. A plain token is a bare string: no extra node.
 */
export function glyphChildren(glyphs: readonly TokenGlyph[]): ReactNode {
  const only = glyphs[0];
  if (glyphs.length === 1 && only?.kind === "text") return only.text;
  return glyphs.map((glyph, i) =>
    glyph.kind === "text" ? (
      glyph.text
    ) : (
      <span key={i} className={glyph.kind === "escape" ? styles.escape : styles.whitespace}>
        {glyph.text}
      </span>
    ),
  );
}
